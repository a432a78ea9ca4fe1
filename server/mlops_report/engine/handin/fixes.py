"""Quick-fixes for the `handin-*` findings: mechanical mends that keep every word.

Each fix is a list of `(start, end, text)` edits on the analysed text. A fix is *safe* (Fix all
may apply it) only when it is of a kind that keeps report.py's counts and when, applied to its
question, it removes its finding, adds no other hand-in finding, and leaves the words the
student's preview shows as they were: checked here by rendering, not assumed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from ..fixes import titled
from ..model.units import units
from .autolinks import link_markup
from .check import block_findings
from .codes import BY_NAME
from .render import render_preview
from .summary import summarize

if TYPE_CHECKING:
    from ..analysis import Analysis
    from ..findings import Finding

EditT = tuple[int, int, str]

_MARKER_RE = re.compile(r"([ \t>]*?)([ \t]*)((?:[*+-]|\d{1,9}[.)]))(?=[ \t]|$)")
_QUOTE_RE = re.compile(r"[ \t]*(?:>[ \t]?)*")
_FENCE_LINE_RE = re.compile(r"[ \t]*(`{3,}|~{3,})[ \t]*$")


class _Mend(NamedTuple):
    """What one code's fix does, its edits, and its notes (see `fixes.Fix`).

    `risky`: a note says what else it may do to the page; it is then neither safe nor preferred.
    """

    action: str
    edits: list[EditT]
    notes: tuple[str, ...] = ()
    risky: bool = False


@dataclass(frozen=True, slots=True)
class HandinFix:
    """A list of edits, what they do and note, whether Fix all may apply it unasked, preferred."""

    action: str
    edits: tuple[EditT, ...]
    safe: bool
    notes: tuple[str, ...] = ()
    preferred: bool = True

    @property
    def title(self) -> str:
        """Return the title an editor shows: the action, then the notes in parentheses."""
        return titled(self.action, self.notes)


def _line_start(text: str, at: int) -> int:
    return text.rfind("\n", 0, at) + 1


def _line_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return len(text) if end == -1 else end


def _lines(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """Return `(offset, line)` of every line overlapping `[start, end)`."""
    at = _line_start(text, start)
    out = []
    while at <= end and at <= len(text):
        stop = _line_end(text, at)
        out.append((at, text[at:stop]))
        if stop >= len(text):
            break
        at = stop + 1
    return out


def _indent_of(line: str) -> int:
    """Return the visual width of a line's leading whitespace (tabs to 4)."""
    lead = len(line) - len(line.lstrip(" \t"))
    return len(line[:lead].expandtabs(4))


def _reindent(offset: int, line: str, width: int) -> EditT:
    """Return the edit that gives `line` (at `offset`) `width` columns of leading spaces."""
    lead = len(line) - len(line.lstrip(" \t"))
    return (offset, offset + lead, " " * width)


def _blank_line_before(text: str, at: int) -> EditT:
    """Return the insertion of a blank line before the line at `at` (inside its quote, if any)."""
    start = _line_start(text, at)
    quote = _QUOTE_RE.match(text, start)
    prefix = text[start : quote.end()].rstrip() if quote else ""
    return (start, start, prefix + "\n")


# -- the fixes, one per code ---------------------------------------------------------------------


def _blank_line(text: str, f: Finding) -> list[_Mend]:
    return [_Mend("Add a blank line before the list", [_blank_line_before(text, f.start)])]


def _continuation(text: str, f: Finding) -> list[_Mend]:
    edits = [_blank_line_before(text, f.start)]
    depth = int(f.data.get("depth", 1))
    # The block above the item is part of the item before it: it needs 4 columns per level.
    line = _line_start(text, f.start) - 1
    block: list[tuple[int, str]] = []
    while line > 0:
        start = _line_start(text, line)
        content = text[start:line]
        if not content.strip():
            break
        block.append((start, content))
        line = start - 1
    for start, content in block:
        if _indent_of(content) < 4 * depth:
            edits.append(_reindent(start, content, 4 * depth))
    return [_Mend("Add a blank line before this item", sorted(edits))]


def _list_lines(text: str, f: Finding) -> tuple[int, list[tuple[int, str, bool]]]:
    """Return the list's marker column and its lines, each marked when it is its own level's."""
    lines = _lines(text, f.start, f.end)
    base = _indent_of(text[_line_start(text, f.start) : f.start])
    out = []
    deeper = False
    for offset, line in lines:
        m = _MARKER_RE.match(line)
        if m is not None and line.strip():
            col = _indent_of(line[: m.start(3)])
            deeper = col > base
        out.append((offset, line, not deeper))
    return base, out


def _indent(text: str, f: Finding) -> list[_Mend]:
    depth = int(f.data.get("depth", 2))
    base, lines = _list_lines(text, f)
    want = 4 * (depth - 1)
    edits = []
    for offset, line, _ in lines:  # deeper levels move along, keeping their place under it
        if line.strip():
            edits.append(_reindent(offset, line, max(0, _indent_of(line) + want - base)))
    return [_Mend(f"Indent the sub-list {want} spaces", edits, ("4 per level",))]


def _paren(text: str, f: Finding) -> list[_Mend]:
    base, lines = _list_lines(text, f)
    edits = []
    for offset, line, own in lines:
        m = _MARKER_RE.match(line)
        mine = own and m is not None and m.group(3).endswith(")")
        if mine and m is not None and _indent_of(line[: m.start(3)]) == base:
            at = offset + m.end(3) - 1
            edits.append((at, at + 1, "."))
    return [_Mend("Write the list's `1)` markers as `1.`", edits)]


def _as_code_block(
    text: str, start: int, end: int, indent: int, body: list[tuple[int, str]]
) -> list[EditT]:
    """Replace the lines of `[start, end)` with `body`'s lines indented by `indent` columns.

    A blank line is added before and after where the text around needs one.
    """
    first = _line_start(text, start)
    last = _line_end(text, end)
    strip = _indent_of(text[first:start])
    out = []
    for _, line in body:
        if not line.strip():
            out.append("")
            continue
        lead = len(line) - len(line.lstrip(" \t"))
        width = _indent_of(line)
        out.append(" " * (indent + max(0, width - strip)) + line[lead:])
    above = text[_line_start(text, first - 1) : first - 1] if first else ""
    before = "\n" if above.strip() else ""
    after_start = last + 1
    after = (
        "\n"
        if after_start < len(text) and text[after_start : _line_end(text, after_start)].strip()
        else ""
    )
    return [(first, last, before + "\n".join(out) + after)]


def _fence(text: str, f: Finding) -> list[_Mend]:
    if f.data.get("in_quote"):
        return []
    lines = _lines(text, f.start, f.end)
    body = lines[1:]
    if len(lines) > 1 and _FENCE_LINE_RE.fullmatch(lines[-1][1]):
        body = lines[1:-1]
    indent = int(f.data.get("indent", 4))
    info = str(f.data.get("info", ""))
    title = f"Turn the fenced code into a code block indented {indent} spaces"
    notes = (f"drops the `{info.split()[0]}` label",) if info.split() else ()
    return [_Mend(title, _as_code_block(text, f.start, f.end, indent, body), notes)]


def _table(text: str, f: Finding) -> list[_Mend]:
    lines = _lines(text, f.start, f.end)
    block = _as_code_block(text, f.start, f.end, 4, lines)
    return [
        _Mend(
            "Show the table as code, indented 4 spaces", block, ("a screenshot is the other way",)
        )
    ]


def _url(text: str, f: Finding) -> list[_Mend]:
    url = text[f.start : f.end]
    markup = link_markup(url, bool(f.data.get("scheme")))
    if markup is None:
        return []
    k = markup.index(url)  # the address itself stays as it is: markup goes around it
    edits = [(f.start, f.start, markup[:k]), (f.end, f.end, markup[k + len(url) :])]
    return [_Mend(f"Make it a link: `{markup}`", edits)]


def _escape(text: str, f: Finding) -> list[_Mend]:
    pair = text[f.start : f.end]
    action = f"Write `{pair[1:]}` without the backslash"
    edits = [(f.start, f.start + 1, "")]
    if pair == "\\$" and _brings_math(text, f.start):
        note = "GitHub may then show the text up to another `$` as math"
        return [_Mend(action, edits, (note,), risky=True)]
    return [_Mend(action, edits)]


@lru_cache(maxsize=4)
def _units(text: str) -> tuple[tuple[int, int], ...]:
    """Return the units of a whole text (a fix-all asks once per escaped `$`)."""
    return units(text)


_DOLLAR_ESCAPE_RE = re.compile(r"\\(.)", re.S)


def _brings_math(text: str, at: int) -> bool:
    """Return whether dropping the backslash of the escaped `$` at `at` may make GitHub show math.

    A student often escapes `$` to stop GitHub's `$...$` math. Rendered as GitHub would (the
    unit the `$` is in, alone): with this backslash dropped, and with the backslash of every
    escaped `$` of the unit dropped, as Fix all would; math either shows that the unit did not
    show is a risk.
    """
    start, end = next((a, b) for a, b in _units(text) if a <= at < b)
    unit = text[start:end]
    here = at - start
    alone = unit[:here] + unit[here + 1 :]
    every = _DOLLAR_ESCAPE_RE.sub(lambda m: m.group(0) if m.group(1) != "$" else "$", unit)
    shown = Counter(summarize(render_preview(unit)).math)
    return any(Counter(summarize(render_preview(fixed)).math) - shown for fixed in (alone, every))


def _angle(text: str, f: Finding) -> list[_Mend]:
    return [_Mend("Write the `<` as `&lt;`", [(f.start, f.start + 1, "&lt;")])]


_FIXES: dict[str, Callable[[str, Finding], list[_Mend]]] = {
    "handin-list-blank-line": _blank_line,
    "handin-list-continuation": _continuation,
    "handin-list-indent": _indent,
    "handin-list-paren": _paren,
    "handin-fenced-code": _fence,
    "handin-table": _table,
    "handin-bare-url": _url,
    "handin-escape": _escape,
    "handin-angle-text": _angle,
}


def handin_fixes(analysis: Analysis, f: Finding) -> list[HandinFix]:
    """Return the fixes of one `handin-*` finding (none for a code without a mechanical mend)."""
    make = _FIXES.get(f.code)
    if make is None:
        return []
    text = analysis.source.text
    out = []
    for action, edits, notes, risky in make(text, f):
        if not edits:
            continue
        ordered = tuple(sorted(edits))
        # Declared safe (fix_all) and proven so by rendering, for this very construct.
        safe = not risky and BY_NAME[f.code].fix_all and _verified(analysis, f, ordered)
        out.append(HandinFix(action, ordered, safe, notes, preferred=not risky))
    return out


def apply(text: str, edits: tuple[EditT, ...] | list[EditT]) -> str:
    """Return `text` with non-overlapping edits applied."""
    out = text
    for start, end, new in sorted(edits, reverse=True):
        out = out[:start] + new + out[end:]
    return out


def _verified(analysis: Analysis, f: Finding, edits: tuple[EditT, ...]) -> bool:
    """Return whether the fix mends its finding and changes nothing else a reader would see."""
    q = analysis.model.question_at(f.start)
    if q is None:
        return False
    base = q.heading.start
    block = analysis.source.text[base : q.end]
    local = tuple((s - base, e - base, t) for s, e, t in edits)
    if any(s < 0 or e > len(block) for s, e, _ in local):
        return False
    body = (q.body.start - base, q.body.end - base)
    return _mends(block, local, body, (f.start - base, f.end - base), f.code)


def _moved(at: int, edits: tuple[EditT, ...]) -> int:
    """Return where offset `at` is once `edits` are applied (an insertion at `at` goes before)."""
    return at + sum(len(t) - (e - s) for s, e, t in edits if e <= at)


@lru_cache(maxsize=512)
def _mends(
    block: str,
    edits: tuple[EditT, ...],
    body: tuple[int, int],
    span: tuple[int, int],
    code: str,
) -> bool:
    fixed = apply(block, edits)
    lo, hi = _moved(span[0], edits), _moved(span[1], edits)
    before = Counter(x.code for x in block_findings(block, *body))
    # What the mended construct shows now may have a finding of its own: a list that was text
    # and is a list after the fix can have a sub-list the hand-in flattens. Revealed, not caused.
    after = Counter(
        x.code
        for x in block_findings(fixed, body[0], _moved(body[1], edits))
        if x.code == code or not lo <= x.start <= x.end <= hi
    )
    if after[code] >= before[code] or any(after[c] > before[c] for c in after):
        return False
    # The student's preview keeps its blocks and every word in them, in the same order.
    return summarize(render_preview(block)).blocks == summarize(render_preview(fixed)).blocks
