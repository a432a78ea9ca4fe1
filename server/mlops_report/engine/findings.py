"""Findings: what a check reports, with a stable code, a severity, a range and a plain message."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any


class Severity(IntEnum):
    """Severity levels, numbered as LSP's DiagnosticSeverity."""

    ERROR = 1
    WARNING = 2
    INFORMATION = 3
    HINT = 4

    @property
    def label(self) -> str:
        """Return the lower-case name used in text output and settings."""
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class CodeInfo:
    """The fixed facts about one finding code."""

    severity: Severity
    title: str


CODES: dict[str, CodeInfo] = {
    "words-over": CodeInfo(Severity.ERROR, "Answer longer than its word limit"),
    "words-under": CodeInfo(Severity.ERROR, "Answer shorter than its word limit"),
    "images-missing": CodeInfo(Severity.ERROR, "Fewer images than the question asks for"),
    "images-too-many": CodeInfo(Severity.ERROR, "More images than the question allows"),
    "answer-count": CodeInfo(Severity.ERROR, "report.py check would stop with a ValueError"),
    "placeholder-unfilled": CodeInfo(Severity.WARNING, "Question not answered yet"),
    "placeholder-leftover": CodeInfo(Severity.WARNING, "Placeholder left beside the answer"),
    "image-not-found": CodeInfo(Severity.ERROR, "Image file does not exist"),
    "image-case-mismatch": CodeInfo(Severity.WARNING, "Image file name differs in letter case"),
    "image-outside-figures": CodeInfo(Severity.INFORMATION, "Image not in the figures/ folder"),
    "image-extension": CodeInfo(Severity.WARNING, "Image is not .png, .jpg or .jpeg"),
    "image-remote": CodeInfo(Severity.INFORMATION, "Image loaded from the web"),
    "image-as-link": CodeInfo(Severity.WARNING, "Image written as a plain link"),
    "image-html": CodeInfo(Severity.WARNING, "Image written as HTML <img>"),
    "image-reference": CodeInfo(Severity.WARNING, "Reference-style image"),
    "image-in-code": CodeInfo(Severity.WARNING, "Image markup inside code"),
    "heading-missing": CodeInfo(Severity.ERROR, "Question heading missing"),
    "heading-duplicate": CodeInfo(Severity.ERROR, "Question heading duplicated"),
    "heading-order": CodeInfo(Severity.WARNING, "Question headings out of order"),
    "heading-level": CodeInfo(Severity.ERROR, "Question heading not at level ###"),
    "answer-marker-missing": CodeInfo(Severity.ERROR, "`Answer:` line missing"),
    "answer-marker-inside": CodeInfo(Severity.ERROR, "Literal `Answer:` splits an answer"),
    "answer-truncated": CodeInfo(Severity.WARNING, "`##`/`###` inside an answer cuts it short"),
    "group-number": CodeInfo(Severity.HINT, "Question 1 should be a group number"),
    "study-numbers": CodeInfo(Severity.HINT, "Question 2 should list study numbers"),
    "too-large": CodeInfo(Severity.INFORMATION, "Too large to check on every keystroke"),
}
"""Every finding code, its default severity and a one-line title (the README explains each)."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a check found.

    `start`/`end` are offsets in the translated text (see `SourceText`); `question` is the question
    number it concerns, if any; `data` carries what a quick-fix needs (plain JSON values).
    """

    code: str
    message: str
    start: int
    end: int
    question: int | None = None
    data: dict[str, Any] = field(default_factory=dict)
    severity: Severity | None = None

    def __post_init__(self) -> None:
        """Default the severity from the code's registry entry."""
        if self.severity is None:
            object.__setattr__(self, "severity", CODES[self.code].severity)

    @property
    def level(self) -> Severity:
        """Return the (always set) severity."""
        assert self.severity is not None
        return self.severity
