"""The report as its Markdown structure shows it: sections, questions, prompts, answers, images.

The document is first cut into segments at question headings (`segments`), and segments into
blocks at `#`/`##` headings (`headings`: a cheap line scan, so an unclosed code fence in one answer
cannot swallow the rest of the report); each question block is parsed on its own (`blocks`), with
markdown-it-py finding where its code and HTML are (`regions`). Given the model of an earlier
version, only the segments an edit touched are cut and parsed again; block parses are also cached
by their text.
"""

from .patterns import IMAGE_EXTENSIONS, PLACEHOLDER_RE
from .segments import build_model
from .types import ChecklistItem, Heading, ImageRef, PlaceholderRef, Question, ReportModel, Span

__all__ = [
    "IMAGE_EXTENSIONS",
    "PLACEHOLDER_RE",
    "ChecklistItem",
    "Heading",
    "ImageRef",
    "PlaceholderRef",
    "Question",
    "ReportModel",
    "Span",
    "build_model",
]
