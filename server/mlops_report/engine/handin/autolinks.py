"""What GitHub links without being asked: GFM's autolink extension, as cmark-gfm applies it.

GitHub makes a link of a bare `http://`, `https://` or `ftp://` address, and of `www.` followed by
a domain; the hand-in (Python-Markdown) links neither. markdown-it, the stand-in for GitHub, is
used without linkify (linkify-it follows other rules), so this module is the one place that says
what GitHub links. Its rules (GFM spec, "Autolinks (extension)", as cmark-gfm implements them):

- an address starts at a scheme not preceded by a letter, or at `www.` at the start of the text,
  after whitespace or after one of `*_~(`; and not inside the text of a `[...]` (a link being
  parsed), nor in code, a link or HTML (the caller blanks those out);
- a *valid domain* follows: letters, digits, `-`, `_` and `.`, with no `_` in its last two
  segments (`https://MY_SERVICE_URL/predict` is text on GitHub); the `www.` form needs a `.`
  (its own counts), the scheme form none (`http://localhost:8000`);
- the address runs on to whitespace and is cut at `<`; then trailing `?!.,:*_~'"` are left out,
  a `)` only while the address has more `)` than `(`, and `;` with the `&name;` it ends.
"""

from __future__ import annotations

import re
import string
import unicodedata
from typing import NamedTuple

_START_RE = re.compile(r"(?<![A-Za-z])(?i:https?|ftp)://|www\.")
_WWW_AFTER = frozenset("*_~(")
_TRAILING = frozenset("?!.,:*_~'\"")
_ENTITY_RE = re.compile(r"&[A-Za-z]+;\Z")
_PUNCTUATION = frozenset(string.punctuation)
_BRACKET_RE = re.compile(r"\\.|[\[\]]", re.S)  # an escaped character opens nothing


class Autolink(NamedTuple):
    """An address GitHub links: `[start, end)` of the text, and whether it has a scheme."""

    start: int
    end: int
    scheme: bool


def _host_char(ch: str) -> bool:
    """Return whether `ch` may be part of a domain (cmark-gfm: neither space nor punctuation)."""
    if ch.isspace() or ch in _PUNCTUATION:
        return False
    return not unicodedata.category(ch).startswith("P")


def _domain_end(text: str, start: int, stop: int, short: bool) -> int | None:
    """Return where the valid domain at `text[start:]` ends, or None when there is none.

    `short`: a domain without a `.` is valid (the scheme form, `http://localhost:8000`). As in
    cmark-gfm, the domain's first character is taken as given and the text's last one is not
    looked at.
    """
    i = start + 1
    dots = under_last = under_before = 0
    while i < stop - 1:
        ch = text[i]
        if ch == "_":
            under_last += 1
        elif ch == ".":
            under_before, under_last = under_last, 0
            dots += 1
        elif ch != "-" and not _host_char(ch):
            break
        i += 1
    if under_last or under_before:
        return None
    return i if short or dots else None


def _trim(text: str, start: int, end: int) -> int:
    """Return the end of the address `text[start:end]` once GitHub's trailing rules are applied."""
    cut = text.find("<", start, end)
    if cut != -1:
        end = cut
    while end > start:
        last = text[end - 1]
        if last in _TRAILING:
            end -= 1
        elif last == ";":
            entity = _ENTITY_RE.search(text, start, end)
            end = entity.start() if entity else end - 1
        elif last == ")" and text.count(")", start, end) > text.count("(", start, end):
            end -= 1
        else:
            break
    return end


def _address(text: str, at: int, stop: int, scheme: bool) -> int | None:
    """Return the end of the address starting at `at` (None: GitHub does not link it)."""
    if scheme:
        domain = text.index("://", at) + 3
        if domain >= stop or not _host_char(text[domain]):
            return None
        end = _domain_end(text, domain, stop, short=True)
    else:
        if at > 0 and not (text[at - 1].isspace() or text[at - 1] in _WWW_AFTER):
            return None
        end = _domain_end(text, at, stop, short=False)
    if end is None:
        return None
    while end < stop and not text[end].isspace():
        end += 1
    end = _trim(text, at, end)
    return end if end > at else None


def autolinks(text: str, masked: str | None = None) -> list[Autolink]:
    """Return the addresses GitHub links in `text`, an inline run such as a paragraph.

    `masked` is `text` with what GitHub reads as code, links or HTML blanked out (same length):
    an address may not start there, nor inside an unclosed `[`. An address's extent is read
    from `text` itself, as GitHub does (it can run on over such a construct).
    """
    seen = text if masked is None else masked
    stop = len(text.rstrip())
    out: list[Autolink] = []
    brackets = 0
    at = 0
    for m in _START_RE.finditer(seen):
        if m.start() < at:
            continue  # inside the previous address
        brackets = _open_brackets(seen, at, m.start(), brackets)
        at = m.start()
        if brackets:
            continue
        scheme = m.group(0)[0] not in "wW"
        end = _address(text, at, stop, scheme)
        if end is not None:
            out.append(Autolink(at, end, scheme))
            at = end
    return out


def _open_brackets(text: str, start: int, end: int, depth: int) -> int:
    """Return how many `[` are still open at `end`, `depth` of them open at `start`."""
    for m in _BRACKET_RE.finditer(text, start, end):
        if m.group(0) == "[":
            depth += 1
        elif m.group(0) == "]" and depth:
            depth -= 1
    return depth


def link_markup(url: str, scheme: bool) -> str | None:
    """Return how to write an address GitHub links so that the hand-in links it alike.

    `<url>` for an address with a scheme (both read it as a link); `[url](http://url)` for a
    `www.` one, as GitHub links it (neither reads `<www.…>` as a link). None when no markup
    holds the address (a `>` would end `<url>` early).
    """
    if not scheme:
        return f"[{url}](http://{url})" if not any(c in url for c in "[]()<>") else None
    return f"<{url}>" if ">" not in url else None
