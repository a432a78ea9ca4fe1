r"""Inline links and images, `[text](dest "title")`: where the destination is and what it names.

The one reading of a link's destination in the project, CommonMark's (what GitHub and VS Code
show), done by markdown-it-py's own helpers: after the `(`, spaces (one line break at most), the
destination (`<...>`, which may hold spaces and parentheses, or a run without spaces whose
parentheses balance), then an optional title (`"..."`, `'...'` or `(...)`) after a space, then
`)`. Backslash escapes and entities in the destination are resolved (`a\(1\).png` names
`a(1).png`, `a&amp;b.png` names `a&b.png`); percent-escapes are left for the file lookup.

A regex finds where a link may open (it is cheap to scan a block with); the helpers read each
one. `report.py` counts images with its own regex (`reportpy.IMAGE_RE`): that is what is counted,
this only where the path is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from markdown_it.helpers import parseLinkDestination, parseLinkTitle

LINK_OPEN_RE = re.compile(r"\[[^\[\]\n]*\]\(")
"""Where an inline link may open, `[text](` (after a `!`, an image), the text on one line.

It starts with its bracket: a scan then jumps from one `[` to the next (fifty times faster than
with an optional `!` first)."""

_PARAGRAPH_END_RE = re.compile(r"\n[ \t>]*(?:\n|$)")


class Destination(NamedTuple):
    """An inline link's destination: where it is written, the URL it names, where the link ends.

    `start`/`end` delimit the destination as written (its `<` and `>` included); `close` is just
    past the link's `)`.
    """

    start: int
    end: int
    url: str
    close: int


def _skip_space(text: str, pos: int, end: int) -> int:
    """Return the first offset from `pos` past spaces, tabs and at most one line break."""
    broke = False
    while pos < end:
        char = text[pos]
        if char == "\n":
            if broke:
                return pos
            broke = True
        elif char not in " \t\r":
            return pos
        pos += 1
    return pos


def paragraph_end(text: str, pos: int) -> int:
    """Return where the paragraph holding `pos` ends: its next blank line (or the text's end)."""
    m = _PARAGRAPH_END_RE.search(text, pos)
    return m.start() if m else len(text)


# The common case, read without the helpers: a destination on the link's line with nothing in it
# that the helpers would read otherwise (a space, control character, parenthesis, `<`, escape or
# entity), then `)`. The helpers read exactly this the same way (the tests compare them).
_PLAIN_TAIL_RE = re.compile(r"[ \t]*([^\x00-\x20\x7f()<\\&]*)\)")


def read_destination(text: str, pos: int, end: int | None = None) -> Destination | None:
    """Read a link's `dest "title")` from `pos` (just past its `(`), as CommonMark reads it.

    None when CommonMark reads no inline link there. The reading stops at `end` (by default the
    text's end) and at the paragraph's end: a link never crosses a blank line.
    """
    stop = len(text) if end is None else end
    plain = _PLAIN_TAIL_RE.match(text, pos, stop)
    if plain is not None:
        url = plain.group(1)
        return Destination(plain.start(1), plain.end(1), url, plain.end())
    stop = min(stop, paragraph_end(text, pos))
    start = _skip_space(text, pos, stop)
    if start >= stop:
        return None
    if text[start] == ")":  # `[text]()`: no destination
        return Destination(start, start, "", start + 1)
    dest = parseLinkDestination(text, start, stop)
    if not dest.ok:
        return None
    at = _skip_space(text, dest.pos, stop)
    if dest.pos < at < stop:
        title = parseLinkTitle(text, at, stop)
        if title.ok:
            at = _skip_space(text, title.pos, stop)
    if at >= stop or text[at] != ")":
        return None
    return Destination(start, dest.pos, dest.str, at + 1)


def _escaped(text: str, at: int) -> bool:
    """Return whether `text[at]` follows a backslash that escapes it (an odd run of them)."""
    run = at
    while run > 0 and text[run - 1] == "\\":
        run -= 1
    return (at - run) % 2 == 1


class InlineLink(NamedTuple):
    """An inline link or image: where it starts (its `!` or `[`), just past its `(`, its reading."""

    start: int
    opening: int
    image: bool
    destination: Destination


def inline_links(text: str, start: int = 0, end: int | None = None) -> Iterator[InlineLink]:
    """Yield the inline links and images CommonMark reads in `text[start:end]`, in order.

    The text between the brackets is taken on one line and without nested brackets.
    """
    stop = len(text) if end is None else end
    pos = start
    while True:
        m = LINK_OPEN_RE.search(text, pos, stop)
        if m is None:
            return
        bracket = m.start()
        if _escaped(text, bracket):  # `\[` is a bracket, not a link
            pos = bracket + 1
            continue
        dest = read_destination(text, m.end(), stop)
        if dest is None:
            pos = m.end()
            continue
        image = bracket > start and text[bracket - 1] == "!" and not _escaped(text, bracket - 1)
        yield InlineLink(bracket - 1 if image else bracket, m.end(), image, dest)
        pos = dest.close
