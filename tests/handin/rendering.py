"""The test's own view of both renderings, written apart from the engine's.

`shape(html)` lists each block a reader sees as (tag path, words) and each link as ("a", href):
two renderings with the same shape show the same structure and the same words.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown
from markdown_it import MarkdownIt

_GITHUB = MarkdownIt("commonmark").enable(["table", "strikethrough"])
_BLOCKS = {"p", "ul", "ol", "li", "pre", "blockquote", "table", "tr", "td", "th", "hr"}
_BLOCKS |= {f"h{n}" for n in range(1, 7)}


def handin(text: str) -> str:
    """Python-Markdown, as report.py html calls it."""
    return markdown.markdown(text)


def github(text: str) -> str:
    """CommonMark with GitHub's tables (no math: the tests on math look at the raw source)."""
    return _GITHUB.render(text)


class _Shape(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.path: list[str] = []
        self.buf: list[str] = []
        self.out: list[tuple[str, tuple[str, ...]]] = []

    def flush(self) -> None:
        found = tuple(re.findall(r"\w+", "".join(self.buf)))
        if found:
            self.out.append(("/".join(t for t in self.path if t != "p"), found))
        self.buf = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.flush()
            if tag != "hr":
                self.path.append(tag)
        if tag == "a":
            self.out.append(("a", (dict(attrs).get("href") or "",)))
        if tag == "ol":
            self.out.append(("ol-start", (dict(attrs).get("start") or "1",)))

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS and tag in self.path:
            self.flush()
            while self.path.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        self.buf.append(data)


def shape(html: str) -> list[tuple[str, tuple[str, ...]]]:
    """Return the blocks (tag path, words) and links of an HTML fragment, in order."""
    parser = _Shape()
    parser.feed(html)
    parser.close()
    parser.flush()
    return parser.out


def same_both_ways(text: str) -> bool:
    """Return whether the hand-in and GitHub show `text` with the same structure and words."""
    return shape(handin(text)) == shape(github(text))


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def text_of(html: str) -> str:
    """Return the text a browser shows of an HTML fragment (tags, known or not, hidden)."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)
