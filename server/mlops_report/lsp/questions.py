"""Every question's status in one list: the client's question view and failing-question jumps.

Answered for the request `mlopsReport/questions` (docs/CONTRACT.md) from the analysis of the
document's current text, so a jump never lands where a question was before an edit.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from ..engine.analysis import Analysis
from ..engine.model import Question
from ..engine.text import PositionEncoding
from .summary import answer_of, fails, has_limits, outline_detail

QUESTIONS = "mlopsReport/questions"

_PROMPT_LINE = re.compile(r"^>\s?\*\*(.*?)\*\*\s*$")


def prompt_text(analysis: Analysis, q: Question) -> str:
    """Return the question's bold prompt as one line of plain text ("" when it has none)."""
    if q.prompt is None:
        return ""
    text = analysis.source.text[q.prompt.start : q.prompt.end]
    parts = [m.group(1).strip() for line in text.splitlines() if (m := _PROMPT_LINE.match(line))]
    return " ".join(parts)


def _range(analysis: Analysis, start: int, end: int, enc: PositionEncoding) -> dict[str, Any]:
    a = analysis.source.position(start, enc)
    b = analysis.source.position(end, enc)
    return {
        "start": {"line": a.line, "character": a.character},
        "end": {"line": b.line, "character": b.character},
    }


def questions_json(analysis: Analysis, enc: PositionEncoding) -> list[dict[str, Any]]:
    """Return each question in document order with its status, as the request answers it.

    `failing` is `report.py check`'s verdict on the question (never set when it stops before
    checking any); `problems` counts the question's findings; `status` is the short text the
    outline shows. The text of a question whose heading is missing counts with the block it
    stands in: that heading is where its failures are found.
    """
    problems = Counter(f.question for f in analysis.findings if f.question is not None)
    out = []
    for q in sorted(analysis.model.questions, key=lambda q: q.heading.start):
        answer = answer_of(analysis, q)
        out.append(
            {
                "number": q.number,
                "title": q.title or f"Question {q.number}",
                "section": q.section,
                "prompt": prompt_text(analysis, q),
                "range": _range(analysis, q.heading.start, q.heading.end, enc),
                "status": "duplicate" if answer is None else outline_detail(analysis, answer),
                "limits": answer is not None and has_limits(answer),
                "failing": answer is not None
                and any(fails(analysis, a) for a in (answer, *(s.answer for s in answer.strays))),
                "problems": problems[q.number]
                + (sum(problems[s.owner] for s in answer.strays) if answer is not None else 0),
            }
        )
    return out
