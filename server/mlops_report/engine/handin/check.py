"""The `handin-*` check: where the graded page (report.py html) differs from what the student sees.

Only answers are looked at: the template's own text (its prompts, examples and checklist) renders
differently too, but is not the student's doing. Each answer's question block is cut into units
(`units`); a unit with nothing that could differ is skipped by one regex search; otherwise its
candidates are found on the GitHub-like structure and each is kept only when the unit's two
renderings confirm it. Everything is cached by text, so a keystroke re-renders one unit at most.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..caches import on_clear
from ..codes import Check
from ..findings import Finding
from .candidates import Candidate, find_candidates
from .codes import BY_NAME, CODES, TITLE_CUT
from .confirm import confirmed
from .render import CUT, clear_caches, render_handin, render_preview
from .summary import summarize
from .units import units

if TYPE_CHECKING:
    from ..analysis import Analysis
    from ..filesystem import FileSystem

# Anything that can make the two renderings differ: a list marker line, a fence, a table's
# delimiter row, `$`, a backslash, `<`, a URL or a link out of the folder. No match: no findings.
_TRIGGER_RE = re.compile(
    r"^[ \t>]*(?:[*+-]|\d{1,9}[.)])(?:[ \t]|$)|^[ \t>]*(?:```|~~~)|^[ \t>]*\|?[ \t]*:?-+:?[ \t]*\|"
    r"|\$|\\|<|https?://|www\.|\]\(/|\]\(<?\.\./",
    re.M,
)
_FRONT_MATTER_RE = re.compile(r"---\n(?:[^\n]*\n)*?---\n\s*")


@dataclass(frozen=True, slots=True)
class Found:
    """A confirmed construct, offsets relative to the text it was found in."""

    code: str
    start: int
    end: int
    message: str
    data: tuple[tuple[str, Any], ...]


class _Cache:
    """An LRU of per-text results."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.data: OrderedDict[Any, Any] = OrderedDict()

    def get(self, key: Any) -> Any:
        hit = self.data.get(key)
        if hit is not None:
            self.data.move_to_end(key)
        return hit

    def put(self, key: Any, value: Any) -> None:
        self.data[key] = value
        if len(self.data) > self.size:
            self.data.popitem(last=False)


_UNITS = _Cache(4096)
_BLOCKS = _Cache(512)
_PLACED = _Cache(512)


def clear_cache() -> None:
    """Forget every cached result and rendering (for cold measurements and tests)."""
    _UNITS.data.clear()
    _BLOCKS.data.clear()
    _PLACED.data.clear()
    units.cache_clear()
    clear_caches()


def unit_findings(unit: str) -> tuple[Found, ...]:
    """Return the confirmed hand-in differences of one unit (offsets relative to it)."""
    hit: tuple[Found, ...] | None = _UNITS.get(unit)
    if hit is not None:
        return hit
    found: tuple[Found, ...] = ()
    if _TRIGGER_RE.search(unit):
        candidates = find_candidates(unit)
        if candidates:
            handin = summarize(render_handin(unit))
            preview = summarize(render_preview(unit))
            found = tuple(
                Found(c.code, c.start, c.end, message(c, unit), tuple(sorted(c.data.items())))
                for c in candidates
                if confirmed(c, handin, preview)
            )
    _UNITS.put(unit, found)
    return found


def block_findings(block: str, body_start: int, body_end: int) -> tuple[Found, ...]:
    """Return the findings in `[body_start, body_end)` of a question block (block offsets)."""
    key = (block, body_start, body_end)
    hit: tuple[Found, ...] | None = _BLOCKS.get(key)
    if hit is not None:
        return hit
    head = block.find("\n") + 1 if "\n" in block else len(block)
    rest = block[head:]
    out: list[Found] = []
    for a, b in units(rest):
        if head + b <= body_start or head + a >= body_end:
            continue
        for f in unit_findings(rest[a:b]):
            start, end = head + a + f.start, head + a + f.end
            if start >= body_start and end <= body_end:
                out.append(Found(f.code, start, end, f.message, f.data))
    result = tuple(out)
    _BLOCKS.put(key, result)
    return result


def check_handin(analysis: Analysis, fs: FileSystem) -> Iterator[Finding]:
    """Find where the hand-in page shows an answer differently, and the title the cut loses."""
    cut = _title_cut(analysis.source.text)
    if cut is not None:
        yield cut
    text = analysis.source.text
    seen: set[int] = set()
    for q in analysis.model.questions:
        if q.heading.start in seen or q.body.end <= q.body.start:
            continue
        seen.add(q.heading.start)
        by = q.heading.start
        key = (text[by : q.end], q.body.start - by, q.body.end - by, by, q.number)
        placed = _PLACED.get(key)
        if placed is None:
            # Questions before an edit keep their place: their findings are reused as they are.
            placed = tuple(
                BY_NAME[f.code](f.message, f.start + by, f.end + by, q.number, dict(f.data))
                for f in block_findings(*key[:3])
            )
            _PLACED.put(key, placed)
        yield from placed


def _title_cut(text: str) -> Finding | None:
    """Return the finding for the first 43 characters `report.py html` drops, unless harmless."""
    cut = text[:CUT]
    if not cut.strip() or _FRONT_MATTER_RE.fullmatch(cut):
        return None
    first_line = text.find("\n")
    end = min(len(cut), first_line if first_line != -1 else len(text))
    rest = text[CUT:].lstrip().split("\n", 1)[0]
    begins = " ".join(rest.split()[:3])
    lost = " ".join(cut.split())
    return TITLE_CUT(
        f"report.py html drops the first {CUT} characters (meant for a front matter this "
        f"template no longer has): the hand-in loses `{lost}` and begins with “{begins}”.",
        0,
        end,
    )


CHECK = Check(check_handin, CODES)
"""The hand-in check and its codes."""

on_clear(clear_cache)


# -- messages ------------------------------------------------------------------------------------


def message(c: Candidate, unit: str) -> str:
    """Return what the grader sees and how to write it instead."""
    code, data = c.code, c.data
    if code == "handin-list-blank-line":
        return (
            "In the hand-in this list runs into the line above as one paragraph, "
            "with its `-`/`1.` markers as text: add a blank line before it."
        )
    if code == "handin-fenced-code":
        fix = (
            "indent it 4 spaces instead"
            if data["indent"] == 4
            else (f"indent it {data['indent']} spaces (it is in a list) instead")
        )
        if data["mark"] == "~":
            seen = "plain text with literal `~~~`"
        elif data["blank_inside"]:
            seen = "literal ``` and text split into paragraphs (`#` lines become headings)"
        elif data["info"]:
            seen = f"one line of inline code starting with `{data['info']}`"
        else:
            seen = "one line of inline code"
        return (
            f"In the hand-in this fenced code shows as {seen}: {fix}, "
            "with a blank line before and after."
        )
    if code == "handin-table":
        return (
            "In the hand-in this table is one paragraph of pipes (report.py html has no tables): "
            "use a screenshot, or indent it 4 spaces to show it as code."
        )
    if code == "handin-list-indent":
        return (
            f"In the hand-in this sub-list is flattened into the list above: indent it "
            f"{4 * (data['depth'] - 1)} spaces (4 per level), not {data['column']}."
        )
    if code == "handin-list-continuation":
        return (
            "In the hand-in this item and the ones after it run into the text above: "
            "add a blank line before it."
        )
    if code == "handin-list-paren":
        return "In the hand-in this list is plain text: write `1.` instead of `1)`."
    if code == "handin-list-start":
        return (
            f"In the hand-in this list is numbered from 1, not from {data['start']}: "
            "keep it in one list, or write the numbers as text."
        )
    if code == "handin-math":
        return (
            f"In the hand-in this shows as raw source `{unit[c.start : c.end]}` (the hand-in "
            "has no math): write it in plain text."
        )
    if code == "handin-angle-text":
        literal = unit[c.start : c.end]
        seen = "becomes an e-mail link" if "@" in literal else "vanishes (read as an HTML tag)"
        return f"In the hand-in `{literal}` {seen}: put it in backticks, or write `&lt;` for `<`."
    if code == "handin-bare-url":
        return f"In the hand-in this URL is not a link: write it as `<{data['url']}>`."
    if code == "handin-link-outside":
        return (
            f"In the hand-in this link to `{data['target']}` is dead: only the reports/ folder "
            "is handed in. Link to the file's full GitHub URL instead."
        )
    if code == "handin-escape":
        char = data["char"]
        return (
            f"In the hand-in the backslash of `\\{char}` shows (Python-Markdown does not escape "
            f"`{char}`): write `{char}` alone."
        )
    raise ValueError(f"no message for {code}")
