"""Findings: what a check reports, with a stable code, a severity, a range and a plain message."""

from __future__ import annotations

from enum import IntEnum
from typing import Any, NamedTuple


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


class Finding(NamedTuple):
    """One thing a check found; made by calling its `Code` (see `codes.py`).

    `start`/`end` are offsets in the translated text (see `SourceText`); `question` is the question
    number it concerns, if any; `data` carries what a quick-fix needs (plain JSON values).
    """

    code: str
    severity: Severity
    message: str
    start: int
    end: int
    question: int | None
    data: dict[str, Any]


def in_order(f: Finding) -> tuple[int, int, str]:
    """Return the key findings are ordered by: their place, then their code."""
    return f.start, f.end, f.code
