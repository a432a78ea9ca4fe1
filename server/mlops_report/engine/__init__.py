"""The pure engine: text in, a report model, `report.py`'s verdict and findings out.

No LSP types here; adapters (the command line, the language server) convert.
"""

from .analysis import Analysis, Answer, FileSystem, LocalFileSystem, analyze
from .findings import CODES, Finding, Severity

__all__ = [
    "CODES",
    "Analysis",
    "Answer",
    "FileSystem",
    "Finding",
    "LocalFileSystem",
    "Severity",
    "analyze",
]
