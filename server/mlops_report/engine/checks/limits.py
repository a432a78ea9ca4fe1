"""Word and image limits, counted exactly as `report.py` counts them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from ..editions import SCREENSHOTS, WORDS
from ..findings import Finding
from ..reportpy import CACHE_ENTRIES, IMAGE_RE

if TYPE_CHECKING:
    from ..analysis import Analysis, Answer, FileSystem


@lru_cache(maxsize=64)
def _skip_words(n: int) -> re.Pattern[str]:
    # `\s`/`\S` are exactly str.split()'s whitespace, so this skips report.py's first n words.
    return re.compile(r"\s*(?:\S+\s+){" + str(n) + "}")


@lru_cache(maxsize=CACHE_ENTRIES)
def _nth_word_start(body: str, n: int) -> int:
    """Return the offset in `body` of the word after its first `n` words."""
    m = _skip_words(n).match(body)
    return m.end() if m else 0


@lru_cache(maxsize=CACHE_ENTRIES)
def _images(body: str) -> tuple[tuple[int, int], ...]:
    """Return where report.py's image pattern matches in `body`."""
    return tuple(m.span() for m in IMAGE_RE.finditer(body))


def _heading_line(answer: Answer) -> tuple[int, int]:
    return answer.question.heading.start, answer.question.heading.end


def _counting_note(answer: Answer) -> str:
    """Explain, when they differ, why report.py's count is not the reader's."""
    if answer.reader_words == answer.words:
        return ""
    return (
        f" A reader sees {answer.reader_words} words; report.py also counts markup, image links, "
        "HTML and placeholders."
    )


def _as_question(answer: Answer) -> str:
    n = answer.question.number
    if answer.checked_as is not None and answer.checked_as != n:
        return f" report.py checks this answer as question {answer.checked_as}."
    return ""


def check_limits(analysis: Analysis, fs: FileSystem) -> Iterator[Finding]:
    """Find answers outside their word or image limits (the failures `report.py` logs)."""
    stops = analysis.result.error is not None
    tail = " (report.py currently stops before checking: see answer-count)" if stops else ""
    for n, answer in sorted(analysis.answers.items()):
        if answer.is_placeholder_only:
            continue  # placeholder-unfilled says it once, with the limits
        c = answer.constraint
        limit_of = f"question {answer.checked_as or n}"
        data = {"words": answer.words, "images": answer.images, "reader_words": answer.reader_words}
        if WORDS in answer.failed and c.words:
            if answer.words > c.words.high:
                start = answer.start + _nth_word_start(answer.body, c.words.high)
                yield Finding(
                    "words-over",
                    f"Question {n}: {answer.words} words, over the limit of {c.words} for "
                    f"{limit_of} by {answer.words - c.words.high}; the excess is marked."
                    f"{_counting_note(answer)}{_as_question(answer)}{tail}",
                    start, answer.end, n, data,
                )  # fmt: skip
            else:
                yield Finding(
                    "words-under",
                    f"Question {n}: {answer.words} words, under the limit of {c.words} for "
                    f"{limit_of} by {c.words.low - answer.words}."
                    f"{_counting_note(answer)}{_as_question(answer)}{tail}",
                    *_heading_line(answer), n, data,
                )  # fmt: skip
        if SCREENSHOTS in answer.failed and c.images:
            if answer.images < c.images.low:
                yield Finding(
                    "images-missing",
                    f"Question {n}: {answer.images} image(s), {limit_of} needs {c.images}. "
                    "report.py counts only `![alt](path)` images."
                    f"{_as_question(answer)}{tail}",
                    *_heading_line(answer), n, {**data, "need": c.images.low},
                )  # fmt: skip
            else:
                extra = _images(answer.body)[c.images.high :]
                yield Finding(
                    "images-too-many",
                    f"Question {n}: {answer.images} images, {limit_of} allows at most "
                    f"{c.images.high}; the extra ones are marked.{_as_question(answer)}{tail}",
                    answer.start + extra[0][0], answer.start + extra[-1][1], n, data,
                )  # fmt: skip
