"""Word and image limits, counted exactly as `report.py` counts them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from ..analysis import Analysis, Answer, checked_as
from ..caches import CACHE_ENTRIES, text_cache
from ..codes import Check, Code, Scope
from ..editions import SCREENSHOTS, WORDS
from ..filesystem import FileSystem
from ..findings import Finding, Severity
from ..fixes import Fix, FixContext, line_bounds
from ..insert_image import image_fixes
from ..model import Question
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
    "both numbers: `Q14: 4 words, needs 200-300 (196 more). Of these a reader sees 0` for an "
    "answer of two images.",
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


def answer_span(analysis: Analysis, answer: Answer) -> tuple[int, int]:
    """Return where an answer stands: its text, else its `Answer:` line, else its heading."""
    if answer.body.strip():
        return answer.start, answer.end
    q = answer.question
    marker = max((m for m in q.markers if m <= answer.start), default=None)
    if marker is not None:
        return line_bounds(analysis.source.text, marker, marker)
    return q.heading.start, q.heading.end


def count_of(n: int, noun: str) -> str:
    """Return `no image`, `1 image` or `3 images`."""
    if n == 0:
        return f"no {noun}"
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _reader_count(words: int, seen: int) -> str:
    """Return what a reader sees when it is not what report.py counts (else nothing)."""
    if seen == words:
        return ""
    if seen < words:
        return f". Of these a reader sees {seen}: the rest are markup, placeholders or comments."
    return f". A reader sees {seen}."


def unchecked_note(analysis: Analysis) -> str:
    """Return the note a limit's verdict carries while `report.py` stops (else nothing)."""
    return " (not checked while report.py stops)" if analysis.result.error is not None else ""


def check_limits(
    analysis: Analysis, q: Question, answer: Answer | None, fs: FileSystem
) -> Iterator[Finding]:
    """Find an answer outside its word or image limits (the failures `report.py` logs).

    The text of a question whose heading is missing, in this block, is judged as its own.
    """
    if answer is None:
        return
    yield from _limits(analysis, q.number, answer)
    for stray in answer.strays:
        yield from _limits(analysis, stray.owner, stray.answer)


def _limits(analysis: Analysis, n: int, answer: Answer) -> Iterator[Finding]:
    """Find question `n`'s text (`answer`) outside its limits."""
    stops = unchecked_note(analysis)
    if answer.is_placeholder_only:
        return  # placeholder-unfilled says it once, with the limits
    c = answer.constraint
    tail = checked_as(answer, n) + stops
    data = {"words": answer.words, "images": answer.images, "reader_words": answer.reader_words}
    words, images = answer.words, answer.images
    if WORDS in answer.failed and c.words:
        if words > c.words.high:
            start = answer.start + _nth_word_start(answer.body, c.words.high)
            yield WORDS_OVER(
                f"Q{n}: {words} words, allows {c.words} "
                f"({words - c.words.high} too many){tail}",
                start, answer.end, n, data,
            )  # fmt: skip
        else:
            yield WORDS_UNDER(
                f"Q{n}: {words} words, needs {c.words} ({c.words.low - words} more){tail}"
                f"{_reader_count(words, answer.reader_words)}",
                *answer_span(analysis, answer), n, data,
            )  # fmt: skip
    if SCREENSHOTS in answer.failed and c.images:
        if images < c.images.low:
            yield IMAGES_MISSING(
                f"Q{n}: {count_of(images, 'image')}, needs {c.images}{tail}",
                *answer_span(analysis, answer), n, {**data, "need": c.images.low},
            )  # fmt: skip
        else:
            extra = _images(answer.body)[c.images.high :]
            yield IMAGES_TOO_MANY(
                f"Q{n}: {images} images, allows at most {c.images.high}{tail}",
                answer.start + extra[0][0], answer.start + extra[-1][1], n, data,
            )  # fmt: skip


CHECK = Check(
    None,
    (WORDS_OVER, WORDS_UNDER, IMAGES_MISSING, IMAGES_TOO_MANY),
    per_question=check_limits,
    scope=Scope.ANSWER,
)
