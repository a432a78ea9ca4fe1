"""Template drift: the report's prompts come from an older template than its course year's newest.

The course changes limits mid-course (2026-01-09: Question 3 from 100-200 words to 0-200), and
a group that copied the template before keeps the old prompts. When the limits its prompts
state are exactly an older edition's than the newest template of the same year, say so once:
which questions' limits differ from the newest template's, and which limits `report.py` (the
edition the report is judged by) applies to them. A template that matches no edition exactly,
or whose year cannot be told, gets no claim.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..analysis import Analysis
from ..codes import Check, Code
from ..detect import detect_edition
from ..editions import EDITIONS, Constraint, course_of
from ..filesystem import FileSystem
from ..findings import Finding, Severity
from ..model import Question
from ..model.patterns import WORD_LIMIT_RE

TEMPLATE_DRIFT = Code(
    "template-drift",
    Severity.INFORMATION,
    "Prompts from an older template",
    "The report's prompts come from an older template than the newest one of its course year: "
    "the 2023 course's before 2023-01-06 (A0), the 2025 course's before 2025-01-08 (B1), or the "
    "2026 course's before 2026-01-09 (B2 with the 2026 install line). The message names each "
    "question whose stated limits differ from the newest template's, and the limits `report.py` "
    "will apply to it (those of the `report.py` beside the report, the chosen edition, or the "
    "prompts' own). Said once, as information; a template that matches no edition exactly gets "
    "no claim.",
)


def _limits(c: Constraint) -> str:
    return c.describe() if c.words or c.images else "no limit"


def _anchor(analysis: Analysis, question: Question) -> tuple[int, int]:
    """Return the stated limit in the question's prompt, else its heading."""
    if question.prompt is not None:
        text = analysis.source.text[question.prompt.start : question.prompt.end]
        m = WORD_LIMIT_RE.search(text)
        if m:
            return question.prompt.start + m.start(), question.prompt.start + m.end()
    return question.heading.start, question.heading.end


def _judged_by(analysis: Analysis) -> tuple[str, str]:
    """Return which report.py judges the report, and what to do if that is not the course's."""
    edition = analysis.edition
    reason = analysis.detection.reason
    if reason.startswith("read from report.py"):
        return f"The report.py beside this report ({edition.name})", ""
    if reason == "chosen explicitly":
        return f"report.py {edition.name} (the edition chosen)", ""
    return (
        f"report.py {edition.name} (detected from these prompts)",
        " If the course's report.py is newer, put it beside the report or choose its edition.",
    )


def check_template_drift(analysis: Analysis, fs: FileSystem) -> Iterator[Finding]:
    """Say once when the prompts are an older template's than their course year's newest."""
    prompts = detect_edition(analysis.model).edition
    if prompts.name not in EDITIONS:  # a template no known edition matches exactly: no claim
        return
    questions = analysis.model.questions
    preamble = analysis.source.text[: questions[0].heading.start] if questions else ""
    course = course_of(prompts.name, preamble)
    if course is None or course.newest.name == prompts.name:
        return
    latest = course.newest
    first: dict[int, Question] = {}
    for q in analysis.model.questions:
        first.setdefault(q.number, q)
    differ = [
        n
        for n in range(1, latest.questions + 1)
        if prompts.constraint(n) != latest.constraint(n) and n in first
    ]
    if not differ:
        return
    judged = analysis.edition
    stated = "; ".join(
        f"Question {n} states {_limits(prompts.constraint(n))} here, "
        f"{_limits(latest.constraint(n))} in the newest"
        for n in differ
    )
    applies = "; ".join(f"Question {n}: {_limits(judged.constraint(n))}" for n in differ)
    who, advice = _judged_by(analysis)
    message = (
        f"These prompts are the {course.year} course's template of before {latest.since} "
        f"({prompts.name}), not its newest ({latest.name}): {stated}. {who} applies "
        f"{applies}.{advice}"
    )
    start, end = _anchor(analysis, first[differ[0]])
    yield TEMPLATE_DRIFT(
        re.sub(r"\s+", " ", message),
        start,
        end,
        differ[0],
        {"questions": differ, "template": prompts.name, "newest": latest.name},
    )


CHECK = Check(check_template_drift, (TEMPLATE_DRIFT,))
