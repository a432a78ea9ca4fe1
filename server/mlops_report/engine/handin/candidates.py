"""Candidates: the constructs of one unit that the hand-in may show differently, from its structure.

The structure is the GitHub-like parse (markdown-it-py), the one the student sees. Each candidate
says what to look for in the two renderings (`probe`, see `confirm`) and what its message and fix
need (`data`). Offsets are relative to the unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from markdown_it.token import Token

from ..model.links import inline_links
from ..text import line_starts
from .autolinks import autolinks
from .render import preview_tokens

# Backslash escapes CommonMark has and Python-Markdown lacks (it escapes \`*_{}[]()>#+-.! only).
PM_ESCAPABLE = frozenset("\\`*_{}[]()>#+-.!")
_ESCAPE_RE = re.compile(r"\\([!-/:-@\[-`{-~])")
_CODE_SPAN_RE = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
_AUTOLINK_RE = re.compile(r"<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*>")
_ANGLE_RE = re.compile(r"<([^<>\n]+)>")
_TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--.*?-->", re.S)
_MATH_RE = re.compile(r"(?<![\\$])(\$\$?)(?![\s$])((?:\\.|[^$\\])+?)(?<![\s\\])\1(?![\d$])")
_CUT_AT_ANGLE_RE = re.compile(r"[^\s<]*<")
_MARKER_AT_RE = re.compile(r"[ \t>]*")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A construct to confirm: its code, unit-relative range, what to probe and its fix data."""

    code: str
    start: int
    end: int
    probe: tuple[Any, ...]
    data: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


def column(line: str, upto: int) -> int:
    """Return the visual column of `line[upto]`, tabs to the next multiple of 4."""
    return len(line[:upto].expandtabs(4))


class _Lines:
    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = line_starts(text)
        self.lines = text.split("\n")

    def end(self, line: int) -> int:
        return self.starts[line] + len(self.lines[line])

    def blank(self, line: int) -> bool:
        return 0 <= line < len(self.lines) and not self.lines[line].strip()

    def last_filled(self, first: int, stop: int) -> int:
        """Return the last non-blank line in `[first, stop)` (or `first`)."""
        line = min(stop, len(self.lines)) - 1
        while line > first and self.blank(line):
            line -= 1
        return line

    def content_start(self, line: int) -> int:
        """Return the offset of the first character after indentation and `>` markers."""
        m = _MARKER_AT_RE.match(self.lines[line])
        return self.starts[line] + (m.end() if m else 0)


@dataclass
class _List:
    token: Token
    depth: int
    in_quote: bool
    items: list[tuple[int, Token]] = field(default_factory=list)  # (document index, token)
    ordered_index: int | None = None


def find_candidates(unit: str) -> list[Candidate]:
    """Return the candidates of one unit, in document order."""
    tokens = preview_tokens(unit)
    lines = _Lines(unit)
    out: list[Candidate] = []
    stack: list[_List | str] = []
    lists: list[_List] = []
    item_count = code_count = ordered_count = 0
    tables: list[tuple[int, int]] = []
    inlines: list[Token] = []
    for tok in tokens:
        kind = tok.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            depth = 1 + sum(isinstance(s, _List) for s in stack)
            entry = _List(tok, depth, "quote" in stack)
            if kind == "ordered_list_open":
                entry.ordered_index = ordered_count
                ordered_count += 1
            stack.append(entry)
            lists.append(entry)
        elif kind in ("bullet_list_close", "ordered_list_close", "blockquote_close"):
            stack.pop()
        elif kind == "blockquote_open":
            stack.append("quote")
        elif kind == "list_item_open":
            top = stack[-1]
            assert isinstance(top, _List)
            top.items.append((item_count, tok))
            item_count += 1
        elif kind in ("fence", "code_block"):
            if kind == "fence" and tok.map:
                depth = sum(isinstance(s, _List) for s in stack)
                out.append(_fence(lines, tok, code_count, depth, "quote" in stack))
            code_count += 1
        elif kind == "table_open" and tok.map:
            tables.append((tok.map[0], tok.map[1]))
            first = lines.content_start(tok.map[0])
            last = lines.last_filled(tok.map[0], tok.map[1])
            out.append(Candidate("handin-table", first, lines.end(last), ("table",)))
        elif kind == "inline" and tok.map:
            inlines.append(tok)
    for entry in lists:
        out.extend(_list_candidates(lines, entry))
    for tok in inlines:
        assert tok.map is not None
        if any(a <= tok.map[0] < b for a, b in tables):
            continue  # a table is reported whole; its cells show as text in the hand-in anyway
        out.extend(_inline_candidates(lines, tok))
    out.sort(key=lambda c: (c.start, c.end, c.code))
    return out


# -- block constructs ----------------------------------------------------------------------------


def _fence(lines: _Lines, tok: Token, index: int, depth: int, in_quote: bool) -> Candidate:
    assert tok.map is not None
    first, stop = tok.map
    last = lines.last_filled(first, stop)
    content = lines.lines[first + 1 : last]
    data = {
        "info": tok.info.strip(),
        "mark": tok.markup[0],
        "blank_inside": any(not line.strip() for line in content),
        "indent": 4 * (depth + 1),
        "depth": depth,
        "in_quote": in_quote,
    }
    return Candidate(
        "handin-fenced-code", lines.content_start(first), lines.end(last), ("code", index), data
    )


def _marker_column(lines: _Lines, tok: Token) -> tuple[int, int]:
    """Return the offset of a list item's marker and its visual column."""
    assert tok.map is not None
    line = lines.lines[tok.map[0]]
    at = lines.content_start(tok.map[0]) - lines.starts[tok.map[0]]
    return lines.starts[tok.map[0]] + at, column(line, at)


def _list_candidates(lines: _Lines, entry: _List) -> list[Candidate]:
    tok = entry.token
    if tok.map is None or not entry.items:
        return []
    first, stop = tok.map
    start, col = _marker_column(lines, entry.items[0][1])
    end = lines.end(lines.last_filled(first, stop))
    indices = tuple(i for i, _ in entry.items)
    out: list[Candidate] = []
    nested = entry.depth > 1
    if nested and not entry.in_quote and col < 4 * (entry.depth - 1):
        out.append(
            Candidate(
                "handin-list-indent",
                start,
                end,
                ("shallower", indices, entry.depth),
                {"depth": entry.depth, "column": col},
            )
        )
    elif first > 0 and not lines.blank(first - 1):
        # Its first item runs into the line above; later ones may break for other reasons.
        out.append(Candidate("handin-list-blank-line", start, end, ("missing", indices[:1])))
    if tok.type == "ordered_list_open":
        if tok.markup == ")":
            out.append(Candidate("handin-list-paren", start, end, ("missing", indices)))
        begin = tok.attrGet("start")
        if begin is not None and str(begin) != "1":
            out.append(
                Candidate(
                    "handin-list-start",
                    start,
                    start + len(str(begin)) + 1,
                    ("start", entry.ordered_index, str(begin)),
                    {"start": int(begin)},
                )
            )
    for k in range(1, len(entry.items)):
        prev, item = entry.items[k - 1][1], entry.items[k][1]
        assert prev.map is not None and item.map is not None
        line = item.map[0]
        if lines.blank(line - 1) or not any(lines.blank(x) for x in range(prev.map[0] + 1, line)):
            continue
        at, _ = _marker_column(lines, item)
        out.append(
            Candidate(
                "handin-list-continuation",
                at,
                end,
                ("missing", indices[k:]),
                {"depth": entry.depth},
            )
        )
    return out


# -- inline constructs ---------------------------------------------------------------------------


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def _mask(text: str, pattern: re.Pattern[str]) -> str:
    """Return `text` with every match of `pattern` blanked out (same length, lines kept)."""
    return pattern.sub(lambda m: _blank(m.group(0)), text)


def _mask_links(text: str) -> str:
    """Return `text` with every inline link and image blanked out (same length, lines kept)."""
    out, at = [], 0
    for link in inline_links(text):
        close = link.destination.close
        out += [text[at : link.start], _blank(text[link.start : close])]
        at = close
    return "".join(out) + text[at:] if out else text


def _inline_candidates(lines: _Lines, tok: Token) -> list[Candidate]:
    assert tok.map is not None
    a, b = tok.map
    base = lines.starts[a]
    region = lines.text[base : lines.end(b - 1)]
    out: list[Candidate] = []
    no_code = _mask(region, _CODE_SPAN_RE)
    for m in _MATH_RE.finditer(no_code):
        if "\\" in m.group(2):
            out.append(
                Candidate(
                    "handin-math",
                    base + m.start(),
                    base + m.end(),
                    ("math", m.group(2), m.group(1)),
                )
            )
    plain = _mask(_mask_links(_mask(no_code, _MATH_RE)), _AUTOLINK_RE)
    for m in _ANGLE_RE.finditer(plain):
        literal = m.group(0)
        inner = m.group(1)
        if inner[0] in " \t" or not (inner[0].isalpha() or inner[0] == "/" or "@" in inner):
            continue
        out.append(
            Candidate("handin-angle-text", base + m.start(), base + m.end(), ("angle", literal))
        )
    plain = _mask(plain, _TAG_RE)
    for m in _ESCAPE_RE.finditer(_mask(no_code, _MATH_RE)):
        char = m.group(1)
        if char in PM_ESCAPABLE:
            continue
        at = base + m.start()
        out.append(Candidate("handin-escape", at, at + 2, ("escape", char), {"char": char}))
    for link in autolinks(region, _mask(plain, _ANGLE_RE)):
        if _CUT_AT_ANGLE_RE.match(region, link.end):
            # `https://api-<region>.run.app`: GitHub links the address cut at the `<`; no link
            # can hold all of it, so there is nothing right to offer.
            continue
        url = region[link.start : link.end]
        at = base + link.start
        data = {"url": url, "scheme": link.scheme}
        out.append(Candidate("handin-bare-url", at, at + len(url), ("url", url), data))
    out.extend(_outside_links(region, base, tok))
    return out


def _outside(target: str) -> bool:
    return target.startswith("../") or (target.startswith("/") and not target.startswith("//"))


def _outside_links(region: str, base: int, tok: Token) -> list[Candidate]:
    """Return the links whose target leaves the `reports/` folder (`../x` or `/x`)."""
    hrefs = {
        unquote(str(child.attrGet("href") or ""))
        for child in tok.children or []
        if child.type == "link_open" and child.markup != "autolink"
    }
    out: list[Candidate] = []
    for link in inline_links(region):
        dest = link.destination
        target = dest.url
        if link.image or not _outside(target) or unquote(target) not in hrefs:
            continue
        probe = ("href", unquote(target))
        out.append(
            Candidate(
                "handin-link-outside", base + dest.start, base + dest.end, probe, {"target": target}
            )
        )
    return out
