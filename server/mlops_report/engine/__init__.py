"""The pure engine: text in, a report model, `report.py`'s verdict and findings out.

No LSP types here; adapters (the command line, the language server) convert.
"""

from .analysis import Analysis, Answer
from .filesystem import FileSystem, LocalFileSystem
from .findings import Finding, Severity
from .pipeline import analyze, clear_caches
from .registry import CODES

__all__ = [
    "CODES",
    "Analysis",
    "Answer",
    "FileSystem",
    "Finding",
    "LocalFileSystem",
    "Severity",
    "analyze",
    "clear_caches",
]
