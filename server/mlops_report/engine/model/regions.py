"""Where Markdown shows as text: code blocks, inline code and HTML blocks, found with markdown-it.

A block is parsed again only when the shape of its lines changes: typing inside a sentence keeps
every line's shape, and the structure found before is reused.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache, partial
from itertools import accumulate

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..caches import CACHE_ENTRIES, PARAGRAPH_ENTRIES, BoundedCache, text_cache
from ..text import line_starts
from .patterns import CODE_SPAN_RE, LIST_MARKER
from .types import Span
from .units import units


def prepare_parser() -> None:
    """Build the block parser now rather than in the first analysis."""
    _markdown()


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    # Only block tokens are read (fences, code and HTML blocks): skipping inline parsing halves
    # the cost of a parse and finds the same blocks (the structure tests compare with a full one).
    return MarkdownIt("commonmark").enable("table").disable("inline")


# What of a line can move a code or HTML block: markdown-it decides from how a line starts (inside
# its list items and quotes), from blankness and indentation, and for the end of an HTML block from
# the closers the line holds. Table rows are told by `|`.
_WHOLE_LINE = re.compile(r"[ \t]*[`~<\[|:]")  # fences, HTML starts, link definitions, tables
_RULE_LINE = re.compile(r"[ \t]*([*_=+-])(?:[ \t]*\1)*[ \t]*$")  # thematic breaks, underlines
_CONTAINER = re.compile(rf"[ \t]*(?:>[ \t]*|{LIST_MARKER})")  # quote, list
_ATX_MARKER = re.compile(r"[ \t]*#{1,6}(?:[ \t]|$)")
_HTML_ENDS = ("-->", "?>", "]]>", "</script>", "</pre>", "</style>", "</textarea>")


@text_cache(PARAGRAPH_ENTRIES)
def _line_shape(line: str) -> object:
    """Return what of `line` can change where code and HTML blocks are.

    A line that may open a block or a table counts whole; a quote or list item counts by its
    marker and the shape of what follows; a heading by its marker; a line of text by its
    indentation. A line holding `>` also counts by which HTML block ends it holds.
    """
    shape = _start_shape(line)
    if ">" not in line:
        return shape
    low = line.lower() if "</" in line else line
    return ("ends", shape, tuple(e for e in _HTML_ENDS if e in low))


def _start_shape(line: str) -> object:
    stripped = line.lstrip(" \t")
    if not stripped:
        return None
    if "|" in line or _WHOLE_LINE.match(line) or _RULE_LINE.match(line):
        return line
    m = _CONTAINER.match(line)
    if m:
        return ("in", line[: m.end()], _start_shape(line[m.end() :]))
    m = _ATX_MARKER.match(line)
    if m:
        return ("heading", line[: m.end()])
    return line[: len(line) - len(stripped)]


_BY_SHAPE: BoundedCache[tuple[object, ...], tuple[tuple[str, int, int], ...]] = BoundedCache()


def block_structure(block: str, lines: list[str]) -> tuple[tuple[str, int, int], ...]:
    """Return `(kind, first line, end line)` of each fence, code and HTML block of `block`.

    Cached by the shape of the block's lines: typing inside a sentence leaves every line's shape
    as it was, so the structure is reused without parsing again (the tests compare it with a fresh
    parse).
    """
    shapes = tuple(map(_line_shape, lines))
    return _BY_SHAPE.get(shapes, lambda: _structure_by_parts(block, lines, shapes))


def _structure_by_parts(
    block: str, lines: list[str], shapes: tuple[object, ...]
) -> tuple[tuple[str, int, int], ...]:
    """Return the block's structure, parsing apart the parts where markdown-it starts afresh.

    A new shape is one edited line: only the part that holds it is parsed again (a long answer
    is many parts). The parts are the hand-in check's units, each parsed with a line of text
    after it standing in for what follows; when that line does not start a paragraph of its own,
    something goes on past the part, and the block is parsed whole.
    """
    starts = line_starts(block)
    firsts = [bisect_right(starts, a) - 1 for a, _ in units(block)] or [0]
    firsts[0] = 0
    out: list[tuple[str, int, int]] = []
    for first, end in zip(firsts, [*firsts[1:], len(lines)], strict=True):
        text = "\n".join(lines[first:end])
        last = end == len(lines)
        found = _BY_PART.get(
            (shapes[first:end], last), partial(_parse_part, text, None if last else end - first)
        )
        if found is None:
            return _parse_structure(block)
        out.extend((kind, a + first, b + first) for kind, a, b in found)
    return tuple(out)


def _parse_part(text: str, next_line: int | None) -> tuple[tuple[str, int, int], ...] | None:
    """Return a part's structure; None when what follows it may not start afresh."""
    if next_line is None:
        return _parse_structure(text)
    tokens = _markdown().parse(text + "\nx")
    closing = tokens[-3:]  # a paragraph of its own: its open, inline and close tokens
    if not (
        len(closing) == 3
        and closing[0].type == "paragraph_open"
        and closing[0].level == 0
        and closing[0].map is not None
        and closing[0].map[0] == next_line
    ):
        return None
    return _structure_of(tokens)


_BY_PART: BoundedCache[tuple[tuple[object, ...], bool], tuple[tuple[str, int, int], ...] | None]
_BY_PART = BoundedCache(PARAGRAPH_ENTRIES)


def _parse_structure(block: str) -> tuple[tuple[str, int, int], ...]:
    return _structure_of(_markdown().parse(block))


def _structure_of(tokens: list[Token]) -> tuple[tuple[str, int, int], ...]:
    return tuple(
        (tok.type, tok.map[0], tok.map[1])
        for tok in tokens
        if tok.type in ("fence", "code_block", "html_block") and tok.map
    )


@text_cache(CACHE_ENTRIES)
def code_regions(block: str) -> tuple[tuple[Span, ...], tuple[Span, ...]]:
    """Return where Markdown is not rendered in `block`, and where code is (block-relative).

    The first holds code blocks, HTML blocks and inline code (Markdown inside shows as text);
    the second leaves HTML blocks out, since an `<img>` there does render. Block structure comes
    from markdown-it, parsed only when the shape of the block's lines is new.
    """
    starts = line_starts(block)
    code: list[Span] = []
    html: list[Span] = []
    for kind, a, b in block_structure(block, block.split("\n")):
        end = starts[b] if b < len(starts) else len(block)
        (html if kind == "html_block" else code).append(Span(starts[a], end))
    code.extend(inline_code(block))
    return (*code, *html), tuple(code)


def inline_code(block: str) -> list[Span]:
    """Return where `block`'s inline code spans are, as `CODE_SPAN_RE` finds them."""
    # A match never holds a line break, so each paragraph's are found (and cached) on their own.
    found: list[Span] = []
    at = 0
    for paragraph in block.split("\n\n"):
        found.extend(Span(at + a, at + b) for a, b in _code_spans(paragraph))
        at += len(paragraph) + 2
    return found


@text_cache(PARAGRAPH_ENTRIES)
def _code_spans(paragraph: str) -> tuple[tuple[int, int], ...]:
    """Return where the inline code spans of a paragraph are."""
    return tuple(m.span() for m in CODE_SPAN_RE.finditer(paragraph))


class Cover:
    """Whether some span of a set holds `[start, end)`, found by bisection."""

    __slots__ = ("_reach", "_starts")

    def __init__(self, spans: tuple[Span, ...]) -> None:
        ordered = sorted(spans, key=lambda s: s.start)
        self._starts = [s.start for s in ordered]
        self._reach = list(accumulate((s.end for s in ordered), max))

    def holds(self, start: int, end: int) -> bool:
        """Return whether a span holds `[start, end)`."""
        # Of the spans starting at or before `start`, the farthest-reaching holds it if any does.
        i = bisect_right(self._starts, start)
        return i > 0 and self._reach[i - 1] >= end
