"""The hand-in page with a map of its blocks: which lines of the report each top-level block shows.

The page is `handin_html(text)`, the very call of `report.py html`; nothing here changes it. The
map comes from a second parse with Python-Markdown's extension points watched: each block
processor that runs at the top level of the document says which lines it consumed and which
top-level elements it made or grew. Each element's HTML is then looked for, in order, in the page;
if any is not found exactly where it should be, the map is given up (an empty tuple) rather than
guessed, and the page is still exact.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..caches import text_cache
from ..text import line_starts
from .render import CUT, handin_html

if TYPE_CHECKING:
    import xml.etree.ElementTree as etree

    import markdown


# The line the raw-HTML preprocessor leaves for a block it keeps aside (Python-Markdown 3.x).
_PLACEHOLDER_RE = re.compile("\x02wzxhzdk:(\\d+)\x03")


@dataclass(frozen=True, slots=True)
class PageBlock:
    """One top-level block of the page: the report lines it comes from and where its HTML is.

    `start`/`end` are offsets in the report's text (newlines translated) covering whole lines
    (the first block may start inside line 1, where `report.py`'s cut falls); `html_start` and
    `html_end` index the page's HTML.
    """

    start: int
    end: int
    html_start: int
    html_end: int


@dataclass(frozen=True, slots=True)
class HandinPage:
    """The hand-in HTML of a text and its top-level blocks (empty when they cannot be mapped)."""

    html: str
    blocks: tuple[PageBlock, ...]


@text_cache(2)  # a preview asked twice for one version (shown again, two editors)
def handin_page(text: str) -> HandinPage:
    """Return the hand-in page of a report's text (newlines translated) with its block map."""
    html = handin_html(text)
    return HandinPage(html, _block_map(text, html))


@dataclass
class _Run:
    """One top-level block processor run: the preprocessed lines it consumed, what it touched."""

    first: int
    last: int
    elements: list[etree.Element]
    blank: bool


@dataclass
class _Place:
    """Where a list of blocks being parsed stands in the text.

    Its next block is expected at `next` and cannot start before `floor`. The list is held so
    that its `id` stays its own for the whole parse.
    """

    blocks: list[str]
    next: int
    floor: int


class _Watcher:
    """Watches one Markdown instance's top-level parsing (installed once, reset per render)."""

    def __init__(self, md: markdown.Markdown) -> None:
        from markdown.blockprocessors import ReferenceProcessor

        self.md = md
        self.runs: list[_Run] = []
        self.before: list[str] = []  # the lines before and after the raw-HTML preprocessor
        self.after: list[str] = []
        self.text = ""
        self.starts: list[int] = []
        self.places: dict[int, _Place] = {}
        self.under_way: list[int] = []  # where each run under way found its block
        self.lost = False
        html_block = md.preprocessors["html_block"]
        html_block.run = self._wrap_preprocessor(html_block.run)  # type: ignore[method-assign]
        for processor in md.parser.blockprocessors:
            # Only a link definition puts back the text before it; others put back a tail.
            head = isinstance(processor, ReferenceProcessor)
            processor.run = self._wrap_run(processor.run, head)  # type: ignore[method-assign]

    def reset(self) -> None:
        """Forget the last render."""
        self.md.reset()
        self.runs, self.before, self.after = [], [], []
        self.text, self.starts, self.places, self.under_way = "", [], {}, []
        self.lost = False

    def _wrap_preprocessor(self, run: Any) -> Any:
        def watched(lines: list[str]) -> list[str]:
            out: list[str] = run(lines)
            self.before, self.after = list(lines), list(out)
            self.text = "\n".join(out)
            self.starts = line_starts(self.text)
            return out

        return watched

    def _wrap_run(self, run: Any, head: bool) -> Any:
        def watched(parent: etree.Element, blocks: list[str]) -> Any:
            if parent is not getattr(self.md.parser, "root", None) or not blocks:
                return run(parent, blocks)
            return self._top_level(run, head, parent, blocks)

        return watched

    def _top_level(self, run: Any, head: bool, parent: etree.Element, blocks: list[str]) -> Any:
        """Run a processor on the document's top level and note which lines made which elements.

        A processor may parse the text before its own construct by calling the parser again on
        the top level (a paragraph above a heading or a rule): those runs are noted first, and
        this one is given only what they did not make.
        """
        place = self._place(blocks)
        block = blocks[0]
        at = self._locate(block, place)
        count, left, mark = len(parent), len(blocks), len(self.runs)
        last = parent[-1] if count else None
        shape = _shape(last)
        self.under_way.append(max(at, place.floor))
        try:
            result = run(parent, blocks)
        finally:
            self.under_way.pop()
        rest = self._advance(place, block, at, blocks[: len(blocks) - left + 1], head)
        nested = self.runs[mark:]
        done = {id(e) for r in nested for e in r.elements}
        touched = [e for e in parent[count:] if id(e) not in done]
        if last is not None and id(last) not in done and _shape(last) != shape:
            touched.insert(0, last)
        if not touched:
            return result
        if at < 0:
            self.lost = True
            return result
        end = at + len(block) - rest  # what was put back is still to be parsed
        first = bisect_right(self.starts, at) - 1
        final = bisect_right(self.starts, max(at, end - 1)) - 1
        taken = [r.last for r in nested if not r.blank]
        if taken:  # the lines the nested runs took are theirs
            first = max(first, min(final, max(taken) + 1))
        # Blank lines a code block takes in are not where it comes from (kept apart so that the
        # run they are nested in does not take the code block for its own).
        blank = not block[: len(block) - rest].strip()
        self.runs.append(_Run(first, final, touched, blank))
        return result

    def _place(self, blocks: list[str]) -> _Place:
        """Return where a list of blocks stands; a new one lies within the block under way."""
        place = self.places.get(id(blocks))
        if place is None:
            start = self.under_way[-1] if self.under_way else 0
            place = self.places[id(blocks)] = _Place(blocks, start, start)
        return place

    def _locate(self, block: str, place: _Place) -> int:
        """Return where `block`, the first of its list, starts in the text (-1: lost).

        Blocks follow each other joined by blank lines, so each is expected where the last
        one's run ended; where a processor put back a piece that is not the text's tail (the
        paragraph above a link definition) it is searched for.
        """
        text = self.text
        if place.next >= place.floor and text.startswith(block, place.next):
            return place.next
        return text.find(block, place.floor)

    @staticmethod
    def _advance(place: _Place, block: str, at: int, back: list[str], head: bool) -> int:
        """Move `place` past what a run consumed; return the length of the tail it put back."""
        if at < 0:
            return 0
        if not back:  # the whole block was consumed
            place.next, place.floor = at + len(block) + 2, at + len(block)
            return 0
        if head and block.startswith(back[0]):  # the text before a definition is still to come
            place.next = place.floor = at
            return 0
        if len(back) == 1 and block.endswith(back[0]):  # the block's tail is still to come
            place.next = place.floor = at + len(block) - len(back[0])
            return len(back[0])
        place.next = place.floor = at
        return 0


def _shape(element: etree.Element | None) -> tuple[tuple[int, int, int], ...]:
    """Return a fingerprint of an element's last branch, the only part a later block may grow.

    Python-Markdown's processors continue an element only at its end (the last item of a list,
    the last line of a code block or a quote): the size and text of each element from it down
    through last children say whether it grew, without walking a long list each time.
    """
    out = []
    while element is not None:
        out.append((len(element), len(element.text or ""), len(element.tail or "")))
        element = element[-1] if len(element) else None
    return tuple(out)


@lru_cache(maxsize=1)
def _watcher() -> _Watcher:
    import markdown

    return _Watcher(markdown.Markdown())


def _block_map(text: str, html: str) -> tuple[PageBlock, ...]:
    """Return the top-level blocks of `html`, the hand-in of `text` (empty: not to be told)."""
    body = text[CUT:]
    if not body.strip():
        return ()
    watcher = _watcher()
    watcher.reset()
    watcher.md.convert(body)
    if watcher.lost:
        return ()
    spans: dict[int, tuple[int, int]] = {}
    # Blank runs count only for what nothing else made (a code block of blank lines alone).
    for run in sorted(watcher.runs, key=lambda r: r.blank):
        for element in run.elements:
            if run.blank and id(element) in spans:
                continue
            first, last = spans.get(id(element), (run.first, run.last))
            spans[id(element)] = (min(first, run.first), max(last, run.last))
    lines = _line_map(watcher.before, watcher.after, watcher.md.htmlStash.rawHtmlBlocks)
    if lines is None:
        return ()
    body_lines = body.split("\n")
    body_starts = line_starts(body)
    blocks = []
    cursor = 0
    for child in watcher.md.parser.root:
        piece = _element_html(watcher.md, child)
        at = html.find(piece, cursor)
        span = spans.get(id(child))
        if at < 0 or html[cursor:at].strip() or span is None:
            return ()
        first, last = _trimmed(body_lines, lines[span[0]][0], lines[span[1]][1])
        end = body_starts[last] + len(body_lines[last])
        blocks.append(PageBlock(CUT + body_starts[first], CUT + end, at, at + len(piece)))
        cursor = at + len(piece)
    return () if html[cursor:].strip() else tuple(blocks)


def _trimmed(lines: list[str], first: int, last: int) -> tuple[int, int]:
    """Return `first..last` clamped into `lines`, without blank lines at either end."""
    last = min(last, len(lines) - 1)
    first = min(first, last)
    while first < last and not lines[first].strip():
        first += 1
    while last > first and not lines[last].strip():
        last -= 1
    return first, last


def _line_map(
    before: list[str], after: list[str], stash: list[Any]
) -> list[tuple[int, int]] | None:
    """Map each line after the raw-HTML preprocessor to the lines before it that it stands for.

    The preprocessor swaps each raw HTML block for a placeholder line, adds blank lines around
    it and keeps the other lines, only mending character references in them; None when the
    text cannot be followed.
    """
    if before == after:
        return [(i, i) for i in range(len(after))]
    text = "\n".join(before)
    starts = line_starts(text)
    out: list[tuple[int, int]] = []
    pos = 0
    for line in after:
        here = min(bisect_left(starts, pos), len(starts) - 1)  # the line at or after `pos`
        m = _PLACEHOLDER_RE.fullmatch(line)
        piece = line if m is None else str(stash[int(m.group(1))]).strip("\n")
        if not piece.strip():
            out.append((here, here))  # a blank line, kept or added: trimmed off blocks later
            continue
        at = text.find(piece, pos)
        if at < 0 and m is None:  # a line the parser retouched (`&#1` made `&#1;`): in its place
            out.append((here, here))
            pos = starts[here + 1] if here + 1 < len(starts) else len(text)
            continue
        if at < 0:
            return None
        out.append((bisect_right(starts, at) - 1, bisect_right(starts, at + len(piece) - 1) - 1))
        pos = at + len(piece)
    return out


def _element_html(md: markdown.Markdown, element: etree.Element) -> str:
    """Return one top-level element's HTML as it appears in the page."""
    tail, element.tail = element.tail, None
    try:
        out = md.serializer(element)
    finally:
        element.tail = tail
    for processor in md.postprocessors:
        out = processor.run(out)
    return out.strip()
