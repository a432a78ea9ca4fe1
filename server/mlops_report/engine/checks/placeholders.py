"""Unfilled `--- question N fill here ---` placeholders, which `report.py` counts as 6 words."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..analysis import Analysis, Answer, placeholder_own_text
from ..codes import Check, Code, Scope
from ..filesystem import FileSystem
from ..findings import Finding, Severity
from ..fixes import Edit, Fix, FixContext, line_bounds
from ..model import PlaceholderRef, Question
from ..reportpy import count_words
from .limits import count_of


def _remove_placeholder(analysis: Analysis, f: Finding, ctx: FixContext) -> list[Fix]:
    text = analysis.source.text
    own = " ".join(placeholder_own_text(text[f.start : f.end]).split())
    if own:
        # Written into the placeholder: only the template's words go. Safe only where they are
        # the template's own `question N fill here` for this question, not look-alike prose.
        sure = re.search(rf"\bquestion\s+{f.question}\s+fill\s+here\b", text[f.start : f.end], re.I)
        title = f"Remove the template's words, keeping `{own}`"
        return [Fix(title, (Edit(f.start, f.end, own),), safe=sure is not None, preferred=True)]
    ls, le = line_bounds(text, f.start, f.end)
    if text[ls : f.start].strip() or text[f.end : le].strip():
        # Text beside it on the line: remove the placeholder and one space next to it; with
        # words right against it on both sides, a space stays between them.
        start, end, gap = f.start, f.end, ""
        if end < len(text) and text[end] == " ":
            end += 1
        elif start > ls and text[start - 1] == " ":
            start -= 1
        elif start > ls and end < le:
            gap = " "
        return [Fix("Remove the placeholder", (Edit(start, end, gap),), safe=True, preferred=True)]
    if le == len(text):
        start = ls - 1 if ls > 0 else ls  # the last line: drop the line break before it
        return [Fix("Remove the placeholder", (Edit(start, le, ""),), safe=True, preferred=True)]
    end = le + 1
    prev_blank = ls == 0 or not text[text.rfind("\n", 0, ls - 1) + 1 : ls - 1].strip()
    next_end = text.find("\n", end)
    next_blank = (
        end < len(text) and not text[end : len(text) if next_end == -1 else next_end].strip()
    )
    if prev_blank and next_blank and next_end != -1:
        end = next_end + 1  # blank lines on both sides: keep one, not two
    return [Fix("Remove the placeholder", (Edit(ls, end, ""),), safe=True, preferred=True)]


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


def _words_with(answer: Answer, p: PlaceholderRef, instead: str) -> int:
    """Return report.py's word count of the answer with placeholder `p` replaced by `instead`."""
    a, b = p.span.start - answer.start, p.span.end - answer.start
    return count_words(f"{answer.body[:a]} {instead} {answer.body[b:]}")


def check_placeholders(
    analysis: Analysis, q: Question, answer: Answer | None, fs: FileSystem
) -> Iterator[Finding]:
    """Find a question still unanswered, or placeholders left beside a written answer."""
    n = q.number
    if answer is None or not q.placeholders:
        return
    if answer.is_placeholder_only:
        c = answer.constraint
        counted = f"{answer.words} words" if c.words else count_of(answer.images, "image")
        verdict = f" report.py counts {counted}, needs {c.describe()}." if answer.failed else ""
        yield PLACEHOLDER_UNFILLED(
            f"Q{n}: not answered yet.{verdict}",
            q.placeholders[0].span.start, q.placeholders[-1].span.end, n,
            severity=None if answer.failed else Severity.WARNING,
        )  # fmt: skip
        return
    c = answer.constraint
    for p in q.placeholders:
        inside = answer.start <= p.span.start < answer.end
        # As report.py counts the answer's text: `---GROUP` beside it is one word, not two.
        extra = answer.words - _words_with(answer, p, "") if inside else count_words(p.text)
        counted = f" (+{extra} words for report.py)" if inside else ""
        own = " ".join(placeholder_own_text(p.text).split())
        what = "edited placeholder" if p.edited else "placeholder"
        fix = f" Keep `{own}`, remove the rest." if own else " Remove it."
        left = _words_with(answer, p, own) if inside else answer.words
        if inside and c.words and not answer.failed and left < c.words.low:
            # Removing it now would fail a question that passes: say what it takes first.
            fix = (
                f" Without it Q{n} has {left} words, needs {c.words}: write "
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
