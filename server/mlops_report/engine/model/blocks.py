"""A question block parsed: prompt, stated limits, `Answer:` lines, answer, images, placeholders.

Offsets here are relative to the block's start; the segment a block stands in moves them.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..caches import BoundedCache
from ..editions import Constraint, Limits
from ..reportpy import IMAGE_RE, MARKER
from ..text import find_all, line_starts
from .links import inline_links, read_destination
from .patterns import (
    HTML_IMG_RE,
    HTML_SRC_RE,
    IMAGE_EXTENSIONS,
    IMAGE_LIMIT_RE,
    PLACEHOLDER_NUMBER_RE,
    PLACEHOLDER_RE,
    REF_IMAGE_RE,
    WORD_LIMIT_RE,
)
from .regions import Cover, code_regions
from .types import ImageRef, PlaceholderRef, Span


@dataclass(frozen=True, slots=True)
class BlockParse:
    """What one block's parse found, with offsets relative to the block's start."""

    prompt: Span | None
    stated: Constraint
    markers: tuple[int, ...]
    body: Span
    images: tuple[ImageRef, ...]
    placeholders: tuple[PlaceholderRef, ...]
    memo: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)
    """What was found about this block, kept with its parse (see `Question.memo`)."""


def _stated_constraint(prompt: str) -> Constraint:
    words = None
    m = WORD_LIMIT_RE.search(prompt)
    if m:
        words = Limits(int(m.group(1)), int(m.group(2)))
    images = None
    for im in IMAGE_LIMIT_RE.finditer(prompt):
        images = Limits(int(im.group(1)), int(im.group(2))) if im.group(1) else Limits(1, 1)
        break
    return Constraint(words, images)


def _line_end(text: str, starts: list[int], line: int) -> int:
    if line + 1 < len(starts):
        return starts[line + 1] - 1
    return len(text)


def _prompt(block: str, starts: list[int], heading_end: int) -> Span | None:
    """Return the prompt: the run of `>` lines after the heading, blank lines before it allowed."""
    line = 0
    while line < len(starts) and starts[line] < heading_end:
        line += 1
    first = line
    while (
        first < len(starts) and not block[starts[first] : _line_end(block, starts, first)].strip()
    ):
        first += 1
    last = first
    while last < len(starts) and block[starts[last] : _line_end(block, starts, last)].lstrip(
        " "
    ).startswith(">"):
        last += 1
    return Span(starts[first], _line_end(block, starts, last - 1)) if last > first else None


def _body(
    block: str, starts: list[int], heading_end: int, prompt: Span | None, markers: list[int]
) -> Span:
    """Return the answer: after the prompt (its `Answer:` line), trailing blank lines excluded."""
    first_marker = next((m for m in markers if prompt and prompt.start <= m < prompt.end), None)
    if first_marker is not None:
        start = _line_end(block, starts, bisect_right(starts, first_marker) - 1)
    elif prompt:
        start = prompt.end
    else:
        start = heading_end
    while start < len(block) and block[start] in " \t\n":
        start += 1
    end = len(block)
    while end > start and block[end - 1] in " \t\n":
        end -= 1
    return Span(start, max(start, end))


RenderedAsText = Callable[[int, int, bool], bool]
"""Whether block-relative `[start, end)` shows as text (the flag: an HTML block renders)."""

_TITLE_RE = re.compile(r"""\s+["'(]""")


def _as_written(text: str, start: int, end: int) -> Span:
    """Return the path of a destination CommonMark does not read: up to a title, `<>` left out.

    `text[start:end]` is what `report.py`'s regex took between `](` and `)`.
    """
    while start < end and text[start] in " \t\n":
        start += 1
    while end > start and text[end - 1] in " \t\n":
        end -= 1
    if text.startswith("<", start) and (close := text.find(">", start, end)) != -1:
        return Span(start + 1, close)
    title = _TITLE_RE.search(text, start, end)
    return Span(start, title.start() if title else end)


def _images(block: str, body: Span, as_text: RenderedAsText) -> Iterator[ImageRef]:
    """Yield the answer's images of the four kinds, in no particular order."""
    seg = block[body.start : body.end]
    base = body.start

    def at(m: re.Match[str], group: int = 0) -> Span:
        return Span(base + m.start(group), base + m.end(group))

    links = list(inline_links(seg))
    read = {link.opening: link.destination for link in links}
    markdown: list[Span] = []
    for m in IMAGE_RE.finditer(seg):
        close = m.group(0).index("](")
        alt = m.group(0)[2:close]
        # report.py's regex counts the image; where its destination is, CommonMark says.
        opening = m.start() + close + 2
        dest = read[opening] if opening in read else read_destination(seg, opening)
        if dest is not None:
            span = Span(base + m.start(), base + dest.close)
            tspan = Span(base + dest.start, base + dest.end)
            path, commonmark = dest.url, True
        else:
            span = at(m)
            written = _as_written(seg, m.start() + close + 2, m.end() - 1)
            tspan = Span(base + written.start, base + written.end)
            path, commonmark = seg[written.start : written.end], False
        markdown.append(span)
        yield ImageRef(
            "markdown", span, alt, block[tspan.start : tspan.end], tspan,
            as_text(span.start, span.end, False), path, commonmark,
        )  # fmt: skip
    for link in links:
        dest = link.destination
        if link.image or not _names_image(dest.url):
            continue
        span = Span(base + link.start, base + dest.close)
        if any(t.start <= span.start < t.end for t in markdown):
            continue
        tspan = Span(base + dest.start, base + dest.end)
        label = seg[link.start + 1 : link.opening - 2]
        yield ImageRef(
            "link", span, label, block[tspan.start : tspan.end], tspan,
            as_text(span.start, span.end, False), dest.url,
        )  # fmt: skip
    for m in HTML_IMG_RE.finditer(seg):
        src = HTML_SRC_RE.search(m.group(0))
        tag = at(m)
        path, tspan = "", tag
        if src:
            g = next(k for k in (1, 2, 3) if src.group(k) is not None)
            path = src.group(g)
            tspan = Span(base + m.start() + src.start(g), base + m.start() + src.end(g))
        # An <img> in an HTML block renders; only real code shows it as text. Both renderers load
        # its `src` with entities resolved, as a browser reads an attribute.
        yield ImageRef(
            "html", tag, "", path, tspan, as_text(tag.start, tag.end, True),
            html.unescape(path) if "&" in path else path,
        )  # fmt: skip
    for m in REF_IMAGE_RE.finditer(seg):
        span = at(m)
        yield ImageRef(
            "reference", span, m.group(1), m.group(2), at(m, 2),
            as_text(span.start, span.end, False), m.group(2),
        )  # fmt: skip


def _names_image(url: str) -> bool:
    """Return whether a link's URL names an image file (a query or fragment aside)."""
    return url.split("?", 1)[0].split("#", 1)[0].lower().endswith(IMAGE_EXTENSIONS)


def parse_block(block: str, heading_end: int) -> BlockParse:
    """Parse one question block (text from its heading to the next block)."""
    starts = line_starts(block)
    prompt = _prompt(block, starts, heading_end)
    stated = _stated_constraint(block[prompt.start : prompt.end]) if prompt else Constraint()
    markers = find_all(block, MARKER)
    body = _body(block, starts, heading_end, prompt, markers)
    covers: dict[bool, Cover] = {}

    def as_text(start: int, end: int, html_renders: bool) -> bool:
        # Code regions are found only when the answer has something image-like to place.
        cover = covers.get(html_renders)
        if cover is None:
            cover = covers[html_renders] = Cover(code_regions(block)[1 if html_renders else 0])
        return cover.holds(start, end)

    images = sorted(_images(block, body, as_text), key=lambda im: im.span.start)
    placeholders = tuple(
        PlaceholderRef(
            Span(m.start(), m.end()),
            int(num.group(1)) if (num := PLACEHOLDER_NUMBER_RE.search(m.group(0))) else None,
            m.group(0),
        )
        for m in PLACEHOLDER_RE.finditer(block, body.start, body.end)
    )
    return BlockParse(prompt, stated, tuple(markers), body, tuple(images), placeholders)


_PARSES: BoundedCache[tuple[str, int], BlockParse] = BoundedCache()


def parse_block_cached(block: str, heading_end: int) -> BlockParse:
    """Return `parse_block`, remembered by the block's text and where its heading ends."""
    return _PARSES.get((block, heading_end), lambda: parse_block(block, heading_end))
