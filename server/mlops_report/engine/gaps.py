"""Questions whose heading is gone but whose prompt is still there, inside another's block.

The model cuts the report at question headings, so a question without one runs on inside the
block before it. Its prompt (a `>` line with `Answer:`, or only the `Answer:` line left) still
tells where its text begins: from there on the words are its own, and `report.py` takes them as
an answer of their own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from .model import Question, Span


class Gap(NamedTuple):
    """A question whose heading is missing though its prompt, or its `Answer:` line, is there.

    `prompt` is where the prompt starts, or the `Answer:` line when that is all that is left of
    it (`bare`); `marker` is the question's `Answer:`. `line` is the line taken as its heading: a
    `###` line just above the prompt (a heading with other words), or a line that only names the
    question (`**Question 5**`); None when the prompt has nothing of the kind above it.
    """

    number: int
    prompt: int
    marker: int
    bare: bool
    line: Span | None
    names: bool
    """The line only names the question, in words and markup: changing it loses no word."""

    @property
    def start(self) -> int:
        """Return where the question's own text starts: its heading line, else its prompt."""
        return self.line.start if self.line is not None else self.prompt


def is_quoted(text: str, offset: int) -> bool:
    """Return whether `offset` sits on a `>` line: a prompt, not a student's answer."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text[line_start:offset].lstrip(" ").startswith(">")


_BARE_LEAD = re.compile(r"[ \t*_]*")
"""What may stand before an `Answer:` that begins its line: spaces and emphasis (`**Answer:**`)."""


def orphan_prompts(text: str, questions: Sequence[Question]) -> list[int]:
    """Return extra `Answer:` markers that may be a question's whose heading was deleted.

    Those on prompt lines (`> Answer:`), and those beginning a line of their own (the prompt
    gone, its `Answer:` left): report.py takes either as the next question's answer line.
    """
    return [m for q in questions for m in orphan_markers(text, q)]


def orphan_markers(text: str, q: Question) -> list[int]:
    """Return `q`'s extra `Answer:` markers that may be a question's whose heading was deleted.

    Reads `q`'s block alone, so a check of one question may ask it.
    """
    return [m for m in q.markers[1:] if is_quoted(text, m) or _is_bare(text, m)]


def _is_bare(text: str, offset: int) -> bool:
    """Return whether the `Answer:` at `offset` begins its line (only emphasis before it)."""
    line_start = text.rfind("\n", 0, offset) + 1
    return _BARE_LEAD.fullmatch(text, line_start, offset) is not None


def find_gaps(text: str, questions: Sequence[Question], expected: int) -> dict[int, Gap]:
    """Return the questions up to `expected` without a heading whose prompt is still there.

    Each number without a heading takes the first such `Answer:` between the questions before
    and after it.
    """
    seen = {q.number for q in questions}
    if all(n in seen for n in range(1, expected + 1)):
        return {}  # every heading is there (what almost every keystroke meets)
    orphans = orphan_prompts(text, questions)
    out: dict[int, Gap] = {}
    for n in range(1, expected + 1):
        if n in seen or not orphans:
            continue
        # Its `Answer:` lies between the questions before and after it, nowhere else.
        before = next((q for q in reversed(questions) if q.number < n), None)
        after = next((q for q in questions if q.number > n), None)
        orphan = next(
            (
                m
                for m in orphans
                if (before is None or m > before.heading.start)
                and (after is None or m < after.heading.start)
            ),
            None,
        )
        if orphan is not None:
            orphans.remove(orphan)
            bare = not is_quoted(text, orphan)
            prompt = prompt_start(text, orphan)
            out[n] = Gap(n, prompt, orphan, bare, *_heading_above(text, prompt, n))
    return out


def prompt_start(text: str, marker: int) -> int:
    """Return where the prompt of the `Answer:` at `marker` starts.

    That is its blockquote's first line, or the `Answer:` line itself when it stands bare (the
    prompt gone).
    """
    if not is_quoted(text, marker):
        return text.rfind("\n", 0, marker) + 1
    return _prompt_start(text, marker)


def _prompt_start(text: str, marker: int) -> int:
    """Return where the blockquote holding `marker` starts."""
    start = text.rfind("\n", 0, marker) + 1
    while start > 0:
        prev = text.rfind("\n", 0, start - 1) + 1
        if not text[prev : start - 1].lstrip(" ").startswith(">"):
            break
        start = prev
    return start


def _heading_above(text: str, at: int, number: int) -> tuple[Span | None, bool]:
    """Return the line just above `at` (blank lines between) when it is question `number`'s.

    Also whether it only names the question, in words and markup (`**Question 5**`).
    """
    end = at - 1
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end]
        if line.strip():
            names = re.fullmatch(rf"[\W_]*(?:question|q)\.?[ \t]*{number}[\W_]*", line, re.I)
            heading = re.match(r" {0,3}###(?!#)", line) is not None
            if names or heading:
                return Span(start, start + len(line.rstrip())), names is not None
            break
        end = start - 1
    return None, False
