"""How each renderer shows an answer's images: the hand-in (Python-Markdown) and GitHub apart.

The model marks where GitHub's structure (CommonMark) shows Markdown as text: code, and HTML
blocks. The hand-in disagrees on both: a line that is one `<img>` tag opens an HTML block on GitHub
that swallows the image on the next line, while Python-Markdown shows both; an image inside
`<p align="center">` shows on GitHub but as text in the hand-in. So where an image could be
either, the unit holding it is rendered by both, with each image's target replaced by a probe,
and each probe is looked for in the two pages. An image in a plain paragraph (most of them) is
rendered by neither.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Literal, NamedTuple

from ..caches import BoundedCache
from ..model import ImageRef, Question
from ..model.units import units
from .render import render_handin, render_preview

Shown = Literal["rendered", "code", "text", "comment", "gone"]
"""How a renderer shows an image's markup: as an image (a link for a plain link), as text inside
code, as text elsewhere (raw HTML around it), inside an HTML comment, or not at all."""


class Showing(NamedTuple):
    """How the hand-in (`report.py html`) and GitHub (also VS Code's preview) show one image."""

    handin: Shown
    preview: Shown


SHOWN = Showing("rendered", "rendered")

# What can put an image in code or raw HTML in either renderer: backticks, `~~~`, a tag or
# comment, or a line indented 4 columns (a code block, or a list's continuation).
_MAY_HIDE_RE = re.compile(r"[`<~]|^[ \t>]*(?: {4}|\t)", re.M)


def showing(q: Question) -> tuple[Showing, ...]:
    """Return how each renderer shows each of `q`'s images (in the order of `q.images`).

    Kept with the block's parse: it depends on the block's text alone.
    """
    found = q.memo.get(_MEMO)
    if found is None:
        found = q.memo[_MEMO] = _block_showing(q.block, q.relative_images)
    assert isinstance(found, tuple)
    return found


_MEMO = "image-showing"


def _block_showing(block: str, images: tuple[ImageRef, ...]) -> tuple[Showing, ...]:
    if not images:
        return ()
    head = block.find("\n") + 1 if "\n" in block else len(block)
    rest = block[head:]
    out = [SHOWN] * len(images)
    for a, b in units(rest):
        inside = [
            i
            for i, im in enumerate(images)
            if head + a <= im.span.start and im.span.end <= head + b
        ]
        if not inside:
            continue
        unit = rest[a:b]
        if not any(images[i].in_code for i in inside) and not _MAY_HIDE_RE.search(unit):
            continue
        spans = tuple(_relative(images[i], head + a) for i in inside)
        for i, shown in zip(inside, unit_showing(unit, spans), strict=True):
            out[i] = shown
    return tuple(out)


_Probe = tuple[str, int, int, int, int]
"""An image in a unit: its kind, its span and its target's span (unit offsets)."""


def _relative(im: ImageRef, by: int) -> _Probe:
    return (
        im.kind,
        im.span.start - by,
        im.span.end - by,
        im.target_span.start - by,
        im.target_span.end - by,
    )


_UNITS: BoundedCache[tuple[str, tuple[_Probe, ...]], tuple[Showing, ...]] = BoundedCache(512)


def unit_showing(unit: str, images: tuple[_Probe, ...]) -> tuple[Showing, ...]:
    """Return how each renderer shows each image of a unit that renders alone as in the report."""
    return _UNITS.get((unit, images), lambda: _unit_showing(unit, images))


def _probe(i: int) -> str:
    # A digit run closed by a letter: no probe is part of another's name.
    return f"mlops-report-probe-{i}x.png"


def _unit_showing(unit: str, images: tuple[_Probe, ...]) -> tuple[Showing, ...]:
    text = unit
    # From the last image back, so the offsets of those before stay right.
    for i, (kind, start, end, t_start, t_end) in sorted(
        enumerate(images), key=lambda e: e[1][1], reverse=True
    ):
        probe = _probe(i)
        if kind == "reference":
            text = f"{text[:start]}![probe]({probe}){text[end:]}"
        elif kind == "html" and (t_start, t_end) == (start, end):  # an `<img>` without `src`
            text = f'{text[:start]}<img src="{probe}">{text[end:]}'
        else:
            text = f"{text[:t_start]}{probe}{text[t_end:]}"
    probes = [_probe(i) for i in range(len(images))]
    handin = _find(render_handin(text), probes)
    preview = _find(render_preview(text), probes)
    return tuple(Showing(h, p) for h, p in zip(handin, preview, strict=True))


def _find(html: str, probes: list[str]) -> list[Shown]:
    reader = _Reader(probes)
    reader.feed(html)
    reader.close()
    return [reader.found.get(p, "gone") for p in probes]


class _Reader(HTMLParser):
    """Find where each probe stands in a rendered page: an attribute, code, text or a comment."""

    def __init__(self, probes: list[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.probes = probes
        self.found: dict[str, Shown] = {}
        self.code = 0

    def _attrs(self, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href") and value in self.probes:
                self.found.setdefault(value, "rendered")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("code", "pre"):
            self.code += 1
        self._attrs(attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._attrs(attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("code", "pre") and self.code:
            self.code -= 1

    def handle_data(self, data: str) -> None:
        for p in self.probes:
            if p in data:
                self.found.setdefault(p, "code" if self.code else "text")

    def handle_comment(self, data: str) -> None:
        for p in self.probes:
            if p in data:
                self.found.setdefault(p, "comment")
