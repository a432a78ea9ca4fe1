"""Unfilled `--- question N fill here ---` placeholders, which `report.py` counts as 6 words."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..analysis import placeholder_own_text
from ..findings import Finding
from ..reportpy import count_words

if TYPE_CHECKING:
    from ..analysis import Analysis, FileSystem


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
            yield Finding(
                "placeholder-unfilled",
                f"Question {n} is not answered yet: it still holds the placeholder. {verdict}.",
                p.span.start, q.placeholders[-1].span.end, n,
                {"placeholders": [[x.span.start, x.span.end] for x in q.placeholders]},
            )  # fmt: skip
            continue
        for p in q.placeholders:
            inside = answer.start <= p.span.start < answer.end
            extra = count_words(p.text)
            edited = " (edited)" if p.edited else ""
            own = placeholder_own_text(p.text)
            fix = f" Remove it, keeping `{own}`." if own else " Remove it."
            yield Finding(
                "placeholder-leftover",
                f"Question {n}: the placeholder{edited} is still here beside the answer"
                + (f"; report.py counts its {extra} words" if inside else "")
                + "."
                + fix,
                p.span.start, p.span.end, n, {"words": extra},
            )  # fmt: skip
