"""One question's status in short words, shared by hover, inlay hints and the outline."""

from __future__ import annotations

from ..engine.analysis import Analysis, Answer, checked_as, short_error
from ..engine.model import Question
from ..engine.registry import CODES

PASS = "✓"
FAIL = "✗"


def answer_of(analysis: Analysis, question: Question) -> Answer | None:
    """Return the answer of `question` itself (None for a duplicated heading's second copy)."""
    answer = analysis.answers.get(question.number)
    # A duplicate heading shares its number with the first copy, whose answer this is.
    return answer if answer is not None and answer.question is question else None


def has_limits(answer: Answer) -> bool:
    """Return whether `report.py` checks this answer against any limit."""
    return answer.constraint.words is not None or answer.constraint.images is not None


WARN = "⚠"
NOT_CHECKED = "· not checked"
"""In place of ✓ while `report.py check` stops before checking any question: none passes."""


def checked(analysis: Analysis) -> bool:
    """Return whether `report.py check` gets to check the questions (it does not stop first)."""
    return analysis.result.error is None


def fails(analysis: Analysis, answer: Answer) -> bool:
    """Return whether `report.py check` fails the answer (never when it stops before checking)."""
    return checked(analysis) and bool(answer.failed)


def mark(analysis: Analysis, answer: Answer) -> str:
    """Return ✗ when report.py fails the answer, ✓ when nothing is wrong, else what is.

    What is wrong is the most severe finding's title (and how many more there are), e.g.
    `⚠ Image file does not exist`, `⚠ Placeholder left beside the answer (1 more problem)`.
    While report.py stops before checking any question, nothing is ✓ or ✗: the mark is
    `· not checked`.
    """
    if fails(analysis, answer):
        return FAIL
    n = answer.question.number
    found = sorted(analysis.findings_of(n), key=lambda f: (f.severity, f.start))
    if not found:
        return PASS if checked(analysis) else NOT_CHECKED
    rest = len(found) - 1  # problems, not words: a count beside word counts must say which
    more = f" ({rest} more {'problem' if rest == 1 else 'problems'})" if rest else ""
    return f"{WARN} {CODES[found[0].code].title}{more}"


def inlay_label(analysis: Analysis, answer: Answer) -> str:
    """Return e.g. `142/100-200 words, 1/1-3 images ✓` (counts against limits)."""
    c = answer.constraint
    parts = []
    if c.words is not None:
        parts.append(f"{answer.words}/{c.words} words")
    if c.images is not None:
        parts.append(f"{answer.images}/{c.images} {'image' if c.images.high == 1 else 'images'}")
    shifted = checked_as(answer, answer.question.number)
    return f"{', '.join(parts)}{shifted} {mark(analysis, answer)}"


def outline_detail(analysis: Analysis, answer: Answer) -> str:
    """Return e.g. `142 words (100-200) ✓`, `1 image (1-2) ✗`, or `12 words` without limits."""
    c = answer.constraint
    parts = []
    if c.words is not None or c.images is None:
        limit = f" ({c.words})" if c.words is not None else ""
        parts.append(f"{answer.words} {'word' if answer.words == 1 else 'words'}{limit}")
    if c.images is not None:
        noun = "image" if answer.images == 1 else "images"
        parts.append(f"{answer.images} {noun} ({c.images})")
    text = ", ".join(parts) + checked_as(answer, answer.question.number)
    status = mark(analysis, answer)
    if answer.is_placeholder_only:
        return text + (f" {FAIL}" if fails(analysis, answer) else "") + " · not answered"
    if has_limits(answer) or status != PASS:
        text += f" {status}"
    return text


def stop_note(analysis: Analysis) -> str | None:
    """Return why `report.py check` stops before checking anything, or None when it does not."""
    if checked(analysis):
        return None
    return f"report.py check stops before checking any question: {short_error(analysis.result)}."
