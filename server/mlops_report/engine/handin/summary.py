"""What a rendering shows, summed up for comparison: list items, code blocks, tables, text, links.

Both renderers' HTML goes through the same small parser, so the two are compared on what a reader
sees (words, nesting, which blocks exist), not on how each renderer spells its markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_WORD_RE = re.compile(r"\w+")
_SPACE_RE = re.compile(r"\s+")

Words = tuple[str, ...]
ITEM_WORDS = 5
_SEALS = frozenset(["pre", "ul", "ol", "blockquote", "table", "h1", "h2", "h3", "h4", "h5", "h6"])


def words(text: str) -> Words:
    """Return the words of a text (letters and digits only: markup and punctuation ignored)."""
    return tuple(_WORD_RE.findall(text))


@dataclass
class Summary:
    """What one rendering shows.

    `items`: each list item's depth (1 outside any other list) and the first words (up to
    `ITEM_WORDS`) of its first block: what tells one item from another, whatever its other blocks
    render as;
    `code`: the words of each `<pre>` block; `ordered`: each `<ol>`'s start and its first item's
    words; `text`: all text, whitespace collapsed; `plain`: the text outside links and code;
    `hrefs`: every link target; `math`: every math span's source.
    """

    items: list[tuple[int, Words]] = field(default_factory=list)
    code: list[Words] = field(default_factory=list)
    tables: int = 0
    ordered: list[tuple[str | None, Words]] = field(default_factory=list)
    text: str = ""
    plain: str = ""
    hrefs: list[str] = field(default_factory=list)
    math: list[str] = field(default_factory=list)
    blocks: list[tuple[str, Words]] = field(default_factory=list)
    """Each leaf block (paragraph, heading, item, code, cell) with its path of block tags."""


_BLOCK_TAGS = frozenset(
    [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "pre",
        "blockquote",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "hr",
    ]
)
_VOID = frozenset(
    ["br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "wbr"]
)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out = Summary()
        self.lists: list[str] = []
        self.items: list[list[str]] = []  # own text of each open item
        self.item_slot: list[int] = []  # where each open item's entry is (document order)
        self.sealed: list[bool] = []  # whether each open item's first block has ended
        self.pre: list[str] | None = None
        self.links = 0
        self.code = 0
        self.math: list[str] | None = None
        self.ol_open: list[int] = []  # index in out.ordered of each open <ol> awaiting its words
        self.text: list[str] = []
        self.plain: list[str] = []
        self.path: list[str] = []
        self.leaf: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self._flush_leaf()
        if tag in _VOID:
            return
        if tag in _BLOCK_TAGS:
            self.path.append(tag)
        if tag in _SEALS:
            self._seal()
        if tag in ("ul", "ol"):
            self.lists.append(tag)
            if tag == "ol":
                self.out.ordered.append((dict(attrs).get("start"), ()))
                self.ol_open.append(len(self.out.ordered) - 1)
        elif tag == "li":
            self.items.append([])
            self.sealed.append(False)
            self.item_slot.append(len(self.out.items))
            self.out.items.append((len(self.lists), ()))
        elif tag == "pre":
            self.pre = []
        elif tag == "table":
            self.out.tables += 1
        elif tag == "a":
            self.links += 1
            href = dict(attrs).get("href")
            if href is not None:
                self.out.hrefs.append(href)
        elif tag == "code":
            self.code += 1
        elif tag == "span" and dict(attrs).get("class") == "math":
            self.math = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "p":
            self._seal()
        if tag in _BLOCK_TAGS:
            self._flush_leaf()
            if tag in self.path:
                while self.path and self.path.pop() != tag:
                    pass
        if tag in ("ul", "ol") and self.lists:
            if self.lists.pop() == "ol" and self.ol_open:
                self.ol_open.pop()
        elif tag == "li" and self.items:
            self._seal()
            self.items.pop()
            self.sealed.pop()
            self.item_slot.pop()
        elif tag == "pre" and self.pre is not None:
            self.out.code.append(words("".join(self.pre)))
            self.pre = None
        elif tag == "a" and self.links:
            self.links -= 1
        elif tag == "code" and self.code:
            self.code -= 1
        elif tag == "span" and self.math is not None:
            self.out.math.append("".join(self.math))
            self.math = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        self.leaf.append(data)
        if self.items and not self.sealed[-1]:
            self.items[-1].append(data)
            if self.ol_open and self.lists and self.lists[-1] == "ol":
                k = self.ol_open[-1]
                start, first = self.out.ordered[k]
                if not first and words(data):
                    self.out.ordered[k] = (start, words(data))
        if self.pre is not None:
            self.pre.append(data)
        if self.math is not None:
            self.math.append(data)
        if not self.links and not self.code:
            self.plain.append(data)
        else:
            self.plain.append(" ")

    def _seal(self) -> None:
        """End the innermost open item's first block (no words: the item starts with a block)."""
        if not self.items or self.sealed[-1]:
            return
        slot = self.item_slot[-1]
        found = words("".join(self.items[-1]))
        self.out.items[slot] = (self.out.items[slot][0], found[:ITEM_WORDS])
        self.sealed[-1] = True

    def _flush_leaf(self) -> None:
        found = words("".join(self.leaf))
        if found:
            # A paragraph in an item is the item's text, loose list or tight.
            path = "/".join(t for t in self.path if t != "p")
            self.out.blocks.append((path, found))
        self.leaf = []

    def finish(self) -> Summary:
        self.close()
        self._flush_leaf()
        self.out.text = _SPACE_RE.sub(" ", "".join(self.text))
        self.out.plain = _SPACE_RE.sub(" ", "".join(self.plain))
        return self.out


def summarize(html: str) -> Summary:
    """Return what an HTML fragment shows."""
    reader = _Reader()
    reader.feed(html)
    return reader.finish()
