"""Unfilled `--- question N fill here ---` placeholders, which `report.py` counts as 6 words."""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis import Analysis, placeholder_own_text
from ..codes import Check, Code
from ..filesystem import FileSystem
from ..findings import Finding, Severity
from ..fixes import Edit, Fix, FixContext, line_bounds
from ..reportpy import count_words


def _remove_placeholder(analysis: Analysis, f: Finding, ctx: FixContext) -> list[Fix]:
    text = analysis.source.text
    own = " ".join(placeholder_own_text(text[f.start : f.end]).split())
    if own:
        # Written into the placeholder: only the template's words go.
        title = f"Remove the template's words, keeping `{own}`"
        return [Fix(title, (Edit(f.start, f.end, own),), safe=True, preferred=True)]
    ls, le = line_bounds(text, f.start, f.end)
    if text[ls : f.start].strip() or text[f.end : le].strip():
        # Text beside it on the line: remove the placeholder and one space next to it.
        start, end = f.start, f.end
        if end < len(text) and text[end] == " ":
            end += 1
        elif start > ls and text[start - 1] == " ":
            start -= 1
        return [Fix("Remove the placeholder", (Edit(start, end, ""),), safe=True, preferred=True)]
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
    Severity.WARNING,
    "Question not answered yet",
    "The answer is still the template's `--- question N fill here ---`. `report.py` counts those "
    "6 words as an answer.",
)
PLACEHOLDER_LEFTOVER = Code(
    "placeholder-leftover",
    Severity.WARNING,
    "Placeholder left beside the answer",
    "The placeholder is still there beside your answer (also when edited); it adds 6 words.",
    fix=_remove_placeholder,
    fix_all=True,
)


def check_placeholders(analysis: Analysis, fs: FileSystem) -> Iterator[Finding]:
    """Find questions still unanswered and placeholders left beside a written answer."""
    for n, answer in sorted(analysis.answers.items()):
        q = answer.question
        if not q.placeholders:
            continue
        if answer.is_placeholder_only:
            p = q.placeholders[0]
            c = answer.constraint
            verdict = "report.py counts it as " + f"{answer.words} words"
            if answer.failed:
                verdict += f" and fails it (needs {c.describe()})"
            yield PLACEHOLDER_UNFILLED(
                f"Question {n} is not answered yet: it still holds the placeholder. {verdict}.",
                p.span.start, q.placeholders[-1].span.end, n,
            )  # fmt: skip
            continue
        for p in q.placeholders:
            inside = answer.start <= p.span.start < answer.end
            extra = count_words(p.text)
            edited = " (edited)" if p.edited else ""
            own = placeholder_own_text(p.text)
            fix = f" Remove it, keeping `{own}`." if own else " Remove it."
            yield PLACEHOLDER_LEFTOVER(
                f"Question {n}: the placeholder{edited} is still here beside the answer"
                + (f"; report.py counts its {extra} words" if inside else "")
                + "."
                + fix,
                p.span.start, p.span.end, n, {"words": extra},
            )  # fmt: skip


CHECK = Check(check_placeholders, (PLACEHOLDER_UNFILLED, PLACEHOLDER_LEFTOVER))
