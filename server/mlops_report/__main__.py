"""`python -m mlops_report`: the language server over stdio; with arguments, the command line."""

import sys

from .cli import entry

if __name__ == "__main__":
    entry(sys.argv[1:] or ["serve"])
