"""Heading lines: found by a cheap line scan, those inside fenced code left out."""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import NamedTuple

from .patterns import FENCE_RE, HASH_LINE_RE, HEADING_RE, QUESTION_LINE_RE
from .types import Span


class HeadingLine(NamedTuple):
    """A `#` line taken as a heading: its level, title and span, and the question it opens.

    `number` is None for a heading that opens no question; `bent` says a question's heading is
    not written the template's way (`### Q5`, `###Question 5`), though taken as its heading.
    """

    level: int
    title: str
    span: Span
    number: int | None = None
    bent: bool = False


def heading_lines(text: str) -> list[HeadingLine]:
    """Return the heading lines of `text`, question headings bent out of shape among them."""
    out: list[HeadingLine] = []
    for line in line_matches(text, "#", HASH_LINE_RE):
        q = question_line(text, line.start())
        if q is not None:
            out.append(q)
            continue
        m = HEADING_RE.match(text, line.start())
        if m is not None:
            out.append(HeadingLine(len(m.group(1)), (m.group(2) or "").strip(), span_of(m)))
    return out


def question_line(text: str, at: int) -> HeadingLine | None:
    """Return the question heading on the line starting at `at`, or None."""
    m = QUESTION_LINE_RE.match(text, at)
    if m is None:
        return None
    if m.group("hashes") is not None:
        level, title, number = len(m.group("hashes")), m.group("title"), m.group("number")
        return HeadingLine(level, title, span_of(m), int(number))
    number = m.group("glued") or m.group("short")
    return HeadingLine(3, m.group("bent").strip(), span_of(m), int(number), bent=True)


def span_of(m: re.Match[str]) -> Span:
    """Return where a match stands."""
    return Span(m.start(), m.end())


def outside_fences(text: str, headings: list[HeadingLine]) -> list[HeadingLine]:
    """Drop `#` lines inside fenced code (a shell comment is no heading), question headings kept.

    A fence still open at the next question heading ends there, so an unclosed fence in one
    answer cannot swallow the rest of the report.
    """
    events: list[tuple[int, re.Match[str] | None]] = [
        (m.start(), m) for mark in "`~" for m in line_matches(text, mark, FENCE_RE)
    ]
    events += [(h.span.start, None) for h in headings if h.number is not None]
    events.sort(key=lambda e: e[0])
    fenced: list[Span] = []
    opened: tuple[str, int] | None = None
    opened_at = 0
    for at, m in events:
        if m is None:
            if opened is not None:
                fenced.append(Span(opened_at, at))
                opened = None
            continue
        fence, info = m.group(1), m.group(2)
        if opened is None:
            if not (fence[0] == "`" and "`" in info):
                opened, opened_at = (fence[0], len(fence)), at
        elif fence[0] == opened[0] and len(fence) >= opened[1] and not info.strip():
            fenced.append(Span(opened_at, m.end()))
            opened = None
    if opened is not None:
        fenced.append(Span(opened_at, len(text)))
    if not fenced:
        return headings
    starts = [f.start for f in fenced]  # sorted and disjoint

    def in_fence(at: int) -> bool:
        k = bisect_left(starts, at) - 1
        return k >= 0 and fenced[k].start < at < fenced[k].end

    return [h for h in headings if h.number is not None or not in_fence(h.span.start)]


def line_matches(
    text: str, mark: str, pattern: re.Pattern[str], lo: int = 0, hi: int | None = None
) -> list[re.Match[str]]:
    """Match `pattern` at each line start in `[lo, hi)` whose first non-space character is `mark`.

    Jumping between `mark`s with `str.find` (a memchr) skips the text a whole-text regex scan
    would walk; measured faster than both that and searching for a line break plus `mark`.
    """
    out: list[re.Match[str]] = []
    find = text.find
    stop = len(text) if hi is None else hi
    i = find(mark, lo, stop)
    while i != -1:
        line_start = text.rfind("\n", 0, i) + 1
        if (
            line_start >= lo
            and i - line_start <= 3
            and text.count(" ", line_start, i) == i - line_start
        ):
            m = pattern.match(text, line_start)
            if m is not None:
                out.append(m)
        nl = find("\n", i, stop)
        if nl == -1:
            break
        i = find(mark, nl, stop)
    return out


def question_starts(text: str, lo: int, hi: int) -> list[int]:
    """Return where the question heading lines in `[lo, hi)` start: each one opens a segment."""
    return [m.start() for m in line_matches(text, "#", QUESTION_LINE_RE, lo, hi)]
