"""Word and image limits, counted exactly as `report.py` counts them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from ..analysis import Analysis, Answer
from ..caches import CACHE_ENTRIES, text_cache
from ..codes import Check, Code
from ..editions import SCREENSHOTS, WORDS
from ..figures import image_fixes
from ..filesystem import FileSystem
from ..findings import Finding, Severity
from ..fixes import Fix, FixContext
from ..reportpy import IMAGE_RE


def _insert_image(analysis: Analysis, f: Finding, ctx: FixContext) -> list[Fix]:
    answer = analysis.answers.get(f.question) if f.question is not None else None
    return [] if answer is None else image_fixes(analysis, answer, ctx.figures)


WORDS_OVER = Code(
    "words-over",
    Severity.ERROR,
    "Answer longer than its word limit",
    "The answer has more words than its question allows, counted as `report.py` counts them "
    "(every whitespace-separated token, markup included). The squiggle covers the words past the "
    "limit.",
)
WORDS_UNDER = Code(
    "words-under",
    Severity.ERROR,
    "Answer shorter than its word limit",
    "The answer has fewer words than its question needs. If a reader would count differently "
    "(image links, HTML comments and placeholders all count for `report.py`), the message gives "
    "both numbers.",
)
IMAGES_MISSING = Code(
    "images-missing",
    Severity.ERROR,
    "Fewer images than the question asks for",
    "Fewer `![alt](path)` images than the question asks for. Links without `!`, HTML `<img>` and "
    "reference-style images do not count.",
    fix=_insert_image,
)
IMAGES_TOO_MANY = Code(
    "images-too-many",
    Severity.ERROR,
    "More images than the question allows",
    "More images than the question allows; the extra ones are marked.",
)


@lru_cache(maxsize=64)
def _skip_words(n: int) -> re.Pattern[str]:
    # `\s`/`\S` are exactly str.split()'s whitespace, so this skips report.py's first n words.
    return re.compile(r"\s*(?:\S+\s+){" + str(n) + "}")


@text_cache(CACHE_ENTRIES)
def _nth_word_start(body: str, n: int) -> int:
    """Return the offset in `body` of the word after its first `n` words."""
    m = _skip_words(n).match(body)
    return m.end() if m else 0


@text_cache(CACHE_ENTRIES)
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
                yield WORDS_OVER(
                    f"Question {n}: {answer.words} words, over the limit of {c.words} for "
                    f"{limit_of} by {answer.words - c.words.high}; the excess is marked."
                    f"{_counting_note(answer)}{_as_question(answer)}{tail}",
                    start, answer.end, n, data,
                )  # fmt: skip
            else:
                yield WORDS_UNDER(
                    f"Question {n}: {answer.words} words, under the limit of {c.words} for "
                    f"{limit_of} by {c.words.low - answer.words}."
                    f"{_counting_note(answer)}{_as_question(answer)}{tail}",
                    *_heading_line(answer), n, data,
                )  # fmt: skip
        if SCREENSHOTS in answer.failed and c.images:
            if answer.images < c.images.low:
                yield IMAGES_MISSING(
                    f"Question {n}: {answer.images} image(s), {limit_of} needs {c.images}. "
                    "report.py counts only `![alt](path)` images."
                    f"{_as_question(answer)}{tail}",
                    *_heading_line(answer), n, {**data, "need": c.images.low},
                )  # fmt: skip
            else:
                extra = _images(answer.body)[c.images.high :]
                yield IMAGES_TOO_MANY(
                    f"Question {n}: {answer.images} images, {limit_of} allows at most "
                    f"{c.images.high}; the extra ones are marked.{_as_question(answer)}{tail}",
                    answer.start + extra[0][0], answer.start + extra[-1][1], n, data,
                )  # fmt: skip


CHECK = Check(check_limits, (WORDS_OVER, WORDS_UNDER, IMAGES_MISSING, IMAGES_TOO_MANY))
