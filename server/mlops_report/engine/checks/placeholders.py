"""Unfilled `--- question N fill here ---` placeholders, which `report.py` counts as 6 words."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..analysis import Analysis, Answer, placeholder_own_text
from ..codes import Check, Code, Scope
from ..filesystem import FileSystem
from ..findings import Finding, Severity
from ..fixes import Edit, Fix, FixContext, line_bounds
from ..model import Question
from ..reportpy import count_words
from .limits import count_of, unchecked_note


def _removal(text: str, start: int, end: int) -> tuple[Edit, str]:
    """Return the edit that removes the placeholder at `[start, end)`, and what of it stays.

    What a student wrote into the placeholder stays, the template's words go. Words it was glued
    to, or that stood on both sides of it, stay apart: the edit never joins two words into one.
    """
    own = " ".join(placeholder_own_text(text[start:end]).split())
    ls, le = line_bounds(text, start, end)
    before, after = text[ls:start], text[end:le]
    if own:
        glued_left = before != "" and not before[-1].isspace()
        glued_right = after != "" and not after[0].isspace()
        return Edit(start, end, f"{' ' * glued_left}{own}{' ' * glued_right}"), own
    if before.strip() or after.strip():
        # Text beside it on the line: remove the placeholder and one space next to it, keeping
        # one between the words on its two sides (or adding one where it was glued to both).
        space_left = before != "" and before[-1].isspace()
        space_right = after != "" and after[0].isspace()
        gap = ""
        if space_right and (space_left or not before.strip()):
            end += 1
        elif space_left and not after.strip():
            start -= 1
        elif before.strip() and after.strip() and not space_left and not space_right:
            gap = " "
        return Edit(start, end, gap), own
    if le == len(text):
        start = ls - 1 if ls > 0 else ls  # the last line: drop the line break before it
        return Edit(start, le, ""), own
    end = le + 1
    prev_blank = ls == 0 or not text[text.rfind("\n", 0, ls - 1) + 1 : ls - 1].strip()
    next_end = text.find("\n", end)
    next_blank = (
        end < len(text) and not text[end : len(text) if next_end == -1 else next_end].strip()
    )
    if prev_blank and next_blank and next_end != -1:
        end = next_end + 1  # blank lines on both sides: keep one, not two
    return Edit(ls, end, ""), own


def _remove_placeholder(analysis: Analysis, f: Finding, ctx: FixContext) -> list[Fix]:
    text = analysis.source.text
    edit, own = _removal(text, f.start, f.end)
    if own:
        # Written into the placeholder: only the template's words go. Safe only where they are
        # the template's own `question N fill here` for this question, not look-alike prose.
        sure = re.search(rf"\bquestion\s+{f.question}\s+fill\s+here\b", text[f.start : f.end], re.I)
        title = f"Remove the template's words, keeping `{own}`"
        return [Fix(title, (edit,), safe=sure is not None, preferred=True)]
    return [Fix("Remove the placeholder", (edit,), safe=True, preferred=True)]


PLACEHOLDER_UNFILLED = Code(
    "placeholder-unfilled",
    Severity.ERROR,
    "Question not answered yet",
    "The answer is still the template's `--- question N fill here ---`. `report.py` counts those "
    "6 words as an answer, and fails the question when it asks for more (an error); a question "
    "without a word limit is only a warning.",
)
PLACEHOLDER_LEFTOVER = Code(
    "placeholder-leftover",
    Severity.WARNING,
    "Placeholder left beside the answer",
    "The placeholder is still there beside your answer (also when edited); it adds 6 words. "
    "When those words are what keeps the answer at its minimum, the message says how many to "
    "write before removing it, and the fix (which would fail the question) is neither preferred "
    "nor in *Fix all*.",
    fix=_remove_placeholder,
    fix_all=True,
)


def _words_mended(answer: Answer, edit: Edit) -> int:
    """Return report.py's word count of the answer once `edit` (inside it) is applied.

    The edit may reach past the answer's ends only over line breaks, which count no word.
    """
    a = max(edit.start, answer.start) - answer.start
    b = min(edit.end, answer.end) - answer.start
    return count_words(answer.body[:a] + edit.text + answer.body[max(a, b) :])


def check_placeholders(
    analysis: Analysis, q: Question, answer: Answer | None, fs: FileSystem
) -> Iterator[Finding]:
    """Find a question still unanswered, or placeholders left beside a written answer."""
    n = q.number
    if answer is None or not q.placeholders:
        return
    stops = unchecked_note(analysis)  # a verdict while report.py stops is ours, and says so
    if answer.is_placeholder_only:
        c = answer.constraint
        counted = f"{answer.words} words" if c.words else count_of(answer.images, "image")
        verdict = "."
        if answer.failed and stops:
            verdict = f": {counted}, needs {c.describe()}{stops}."
        elif answer.failed:
            verdict = f". report.py counts {counted}, needs {c.describe()}."
        yield PLACEHOLDER_UNFILLED(
            f"Q{n}: not answered yet{verdict}",
            q.placeholders[0].span.start, q.placeholders[-1].span.end, n,
            severity=None if answer.failed else Severity.WARNING,
        )  # fmt: skip
        return
    c = answer.constraint
    text = analysis.source.text
    for p in q.placeholders:
        inside = answer.start <= p.span.start < answer.end
        edit, own = _removal(text, p.span.start, p.span.end)
        # As report.py counts the answer before and after the fix: `---GROUP` is one word, not
        # two, and what the student wrote into the placeholder stays.
        left = _words_mended(answer, edit) if inside else answer.words
        extra = answer.words - left if inside else count_words(p.text)
        counted = f" (+{extra} words for report.py)" if inside else ""
        what = "edited placeholder" if p.edited else "placeholder"
        fix = f" Keep `{own}`, remove the rest." if own else " Remove it."
        if inside and c.words and not answer.failed and left < c.words.low:
            # Removing it now would fail a question that passes: say what it takes first.
            fix = (
                f" Without it Q{n} has {left} words, needs {c.words}{stops}: write "
                f"{c.words.low - left} more before removing it."
            )
        yield PLACEHOLDER_LEFTOVER(
            f"Q{n}: {what} left beside the answer{counted}.{fix}",
            p.span.start, p.span.end, n, {"words": extra},
        )  # fmt: skip


CHECK = Check(
    None,
    (PLACEHOLDER_UNFILLED, PLACEHOLDER_LEFTOVER),
    per_question=check_placeholders,
    scope=Scope.ANSWER,
)
