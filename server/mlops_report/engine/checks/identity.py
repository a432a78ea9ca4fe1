"""Questions 1 and 2: a group number and study numbers (hints; `report.py` checks neither)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..analysis import Analysis
from ..codes import Check, Code
from ..filesystem import FileSystem
from ..findings import Finding, Severity

GROUP_NUMBER = Code(
    "group-number",
    Severity.HINT,
    "Question 1 should be a group number",
    "Question 1 should hold your group number (a hint; `report.py` does not check it).",
)
STUDY_NUMBERS = Code(
    "study-numbers",
    Severity.HINT,
    "Question 2 should list study numbers",
    "Question 2 should list study numbers such as `s123456` (a hint).",
)

_STUDY = re.compile(r"\b[sS]\d{6}\b")
_NEAR_STUDY = re.compile(r"\b[sS]\d{4,5}\b|\b[sS]\d{7,8}\b")


def check_identity(analysis: Analysis, fs: FileSystem) -> Iterator[Finding]:
    """Hint when Q1 has no group number or Q2 no study numbers like `s123456`."""
    text = analysis.source.text
    q1 = analysis.answers.get(1)
    has_answer = q1 is not None and not q1.is_placeholder_only and q1.end > q1.start
    if q1 is not None and has_answer and not re.search(r"\d", text[q1.start : q1.end]):
        yield GROUP_NUMBER(
            "Q1: write your group number (digits), e.g. `42`.",
            q1.start, q1.end, 1,
        )  # fmt: skip
    q2 = analysis.answers.get(2)
    if q2 is not None and not q2.is_placeholder_only and q2.end > q2.start:
        body = text[q2.start : q2.end]
        for m in _NEAR_STUDY.finditer(body):
            yield STUDY_NUMBERS(
                f"Q2: `{m.group(0)}` does not look like a study number (s and 6 digits).",
                q2.start + m.start(), q2.start + m.end(), 2,
            )  # fmt: skip
        if not _STUDY.search(body) and not _NEAR_STUDY.search(body):
            yield STUDY_NUMBERS(
                "Q2: list each member's study number, e.g. `s123456, s234567`.",
                q2.start, q2.end, 2,
            )  # fmt: skip


CHECK = Check(check_identity, (GROUP_NUMBER, STUDY_NUMBERS))
