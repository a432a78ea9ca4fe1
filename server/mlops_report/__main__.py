"""`python -m mlops_report`: the language server over stdio; with arguments, the command line."""

import sys

from .cli import entry

if __name__ == "__main__":
    args = sys.argv[1:]
    # No arguments, or only the transport flag LSP clients add (`--stdio`): serve.
    entry(["serve", *args] if not args or args[0].startswith("--stdio") else args)
