"""Carrying a unit's confirmations over an edit inside one plain word.

Rendering a unit both ways is the costliest step of a keystroke. An edit that only changes the
letters and digits of one plain word (ASCII letters and digits from space to space, so no markup,
URL or entity is part of it) changes neither renderer's structure, nor how many words anything
has: what the confirmations compare is as it was. (A word split in two would shift which words
of a list item are compared.) So the verdicts of the unit's
previous version carry over when its candidates are the same constructs, moved by the edit.

Not inside a `<...>`, where a word decides what the text is: CommonMark reads `<run 1fast>` as
text but `<run fast>` as a tag. And confirmations also compare words (list items, code blocks, the
first item of a list; a link's label with its definition's), so an edited word that stands
elsewhere in the unit, in either version, could make two of them alike or apart. Such units are
rendered again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .candidates import Candidate

_WORD_RE = re.compile(r"[A-Za-z0-9]+")
MAX_EDIT = 32
"""The longest change taken as typing inside a word (longer: a paste, rendered again)."""


def _common_prefix(a: str, b: str) -> int:
    """Return the length of the longest common prefix (bisected: slices compare in C)."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: str, b: str, most: int) -> int:
    """Return the length of the longest common suffix, at most `most`."""
    lo, hi = 0, most
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid :] == b[len(b) - mid :]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _run(text: str, start: int, end: int) -> str:
    """Return `text[start:end]` widened to the whitespace on either side."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end]


def _stands_twice(text: str, word: str) -> bool:
    """Return whether `word` is more than one of the words (as the summaries cut them) of `text`."""
    return len(re.findall(rf"(?<!\w){word}(?!\w)", text)) > 1


def _in_tag(text: str, at: int) -> bool:
    """Return whether `at` may be inside a `<...>` (a tag, an autolink or a comment)."""
    opened = text.rfind("<", 0, at)
    return opened != -1 and text.find(">", opened, at) == -1


def word_edit(old: str, new: str) -> tuple[int, int, int] | None:
    """Return `(start, old_end, new_end)` when `new` is `old` edited inside one plain word.

    The word stays one word: letters or digits typed into it or deleted from it. None for any
    other edit (or none at all).
    """
    if old == new or abs(len(old) - len(new)) > MAX_EDIT:
        return None
    p = _common_prefix(old, new)
    s = _common_suffix(old, new, min(len(old), len(new)) - p)
    old_end, new_end = len(old) - s, len(new) - s
    for text, end in ((old, old_end), (new, new_end)):
        if _in_tag(text, p):
            return None  # a word there decides whether the tag is one
        changed = text[p:end]
        if len(changed) > MAX_EDIT:
            return None
        run = _run(text, p, end)
        if not _WORD_RE.fullmatch(run):
            return None
        if _stands_twice(text, run):
            return None  # the word stands elsewhere too: items or code blocks may now match
    return p, old_end, new_end


def carried(
    old: str,
    old_candidates: Sequence[Candidate],
    verdicts: tuple[bool, ...],
    new: str,
    new_candidates: Sequence[Candidate],
) -> tuple[bool, ...] | None:
    """Return the verdicts of `old`'s candidates for `new`'s, when they carry over; else None."""
    if len(old_candidates) != len(new_candidates):
        return None
    edit = word_edit(old, new)
    if edit is None:
        return None
    start, old_end, new_end = edit
    delta = new_end - old_end

    def moved(x: int) -> int | None:
        if x < start:
            return x
        return x + delta if x >= old_end else None

    for was, now in zip(old_candidates, new_candidates, strict=True):
        if was.code != now.code or moved(was.start) != now.start or moved(was.end) != now.end:
            return None
    return verdicts
