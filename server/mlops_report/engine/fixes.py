"""What a fix is: edits on the translated text, a title, and whether *Fix all* may apply it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple


class Edit(NamedTuple):
    """Replace `[start, end)` of the translated text with `text`."""

    start: int
    end: int
    text: str


class Fix(NamedTuple):
    """One fix: what it does, its edits, whether fix-all may apply it unasked, and its notes.

    `notes` are what else the fix changes or costs, each a short clause; the `title` an editor
    shows puts them in one pair of parentheses after `action`.
    """

    action: str
    edits: tuple[Edit, ...]
    safe: bool = False
    preferred: bool = False
    notes: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        """Return the fix's title: its action, then its notes in parentheses."""
        return titled(self.action, self.notes)


def titled(action: str, notes: Sequence[str]) -> str:
    """Return a fix's title: `action`, then its `notes` in one pair of parentheses."""
    return f"{action} ({'; '.join(notes)})" if notes else action


def _no_file(path: str) -> bool:
    return False


@dataclass(frozen=True, slots=True)
class FixContext:
    """What fixes may ask of the report's folder.

    `exists` tells whether a report-relative path is a file; `figures` lists the report-relative
    files under `figures/` (for the fixes that insert an image).
    """

    exists: Callable[[str], bool] = _no_file
    figures: Sequence[str] = field(default_factory=tuple)


def line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Return the start of `start`'s line and the end (before its line break) of `end`'s."""
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    return ls, len(text) if le == -1 else le


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Return `text` with non-overlapping `edits` applied."""
    out: list[str] = []
    at = 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        out += [text[at : e.start], e.text]
        at = e.end
    out.append(text[at:])
    return "".join(out)
