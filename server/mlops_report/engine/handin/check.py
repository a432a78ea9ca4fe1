"""The `handin-*` check: where the graded page (report.py html) differs from what the student sees.

Only answers are looked at: the template's own text (its prompts, examples and checklist) renders
differently too, but is not the student's doing. Each answer's question block is cut into units
(`units`); a unit with nothing that could differ is skipped by one regex search; otherwise its
candidates are found on the GitHub-like structure and each is kept only when the unit's two
renderings confirm it. Everything is cached by text, so a keystroke re-renders one unit at most.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from ..caches import BoundedCache
from ..codes import Check, Scope
from ..findings import Finding
from ..model.units import units
from .autolinks import link_markup
from .candidates import Candidate, find_candidates
from .carry import MAX_EDIT, carried
from .codes import BY_NAME, CODES, TITLE_CUT
from .confirm import confirmed
from .render import CUT, TEMPLATE_TITLE, render_handin, render_preview
from .summary import summarize

if TYPE_CHECKING:
    from ..analysis import Analysis, Answer
    from ..filesystem import FileSystem
    from ..model import Question

# Anything that can make the two renderings differ: a list marker line, a fence, a table's
# delimiter row, `$`, a backslash, `<`, a URL or a link out of the folder. No match: no findings.
_TRIGGER_RE = re.compile(
    r"^[ \t>]*(?:[*+-]|\d{1,9}[.)])(?:[ \t]|$)|^[ \t>]*(?:```|~~~)|^[ \t>]*\|?[ \t]*:?-+:?[ \t]*\|"
    r"|\$|\\|<|(?i:https?|ftp)://|www\.|\]\(/|\]\(<?\.\./",
    re.M,
)
_FRONT_MATTER_RE = re.compile(r"---\n(?:[^\n]*\n)*?---\n\s*")
_FRONT_MATTER_START_RE = re.compile(r"---\n(?:[^\n]*\n)*?---\n")


class Found(NamedTuple):
    """A confirmed construct, offsets relative to the text it was found in."""

    code: str
    start: int
    end: int
    message: str
    data: tuple[tuple[str, Any], ...]


_UNITS: BoundedCache[str, tuple[Found, ...]] = BoundedCache(2048)
_BLOCKS: BoundedCache[tuple[str, int, int], tuple[Found, ...]] = BoundedCache(64)


def unit_findings(unit: str) -> tuple[Found, ...]:
    """Return the confirmed hand-in differences of one unit (offsets relative to it)."""
    return _UNITS.get(unit, lambda: _unit_findings(unit))


def _unit_findings(unit: str) -> tuple[Found, ...]:
    if not _TRIGGER_RE.search(unit):
        return ()
    candidates = find_candidates(unit)
    if not candidates:
        return ()
    verdicts = _carried(unit, candidates)
    if verdicts is None:
        handin = summarize(render_handin(unit))
        preview = summarize(render_preview(unit))
        verdicts = tuple(confirmed(c, handin, preview) for c in candidates)
    confirmed_unit = (unit, candidates, verdicts)
    _BY_HEAD.put(unit[:_ENDS], confirmed_unit)
    _BY_TAIL.put(unit[-_ENDS:], confirmed_unit)
    return tuple(
        Found(c.code, c.start, c.end, message(c, unit), tuple(sorted(c.data.items())))
        for c, ok in zip(candidates, verdicts, strict=True)
        if ok
    )


_Confirmed = tuple[str, Sequence[Candidate], tuple[bool, ...]]
_ENDS = 24
# The units last confirmed, by how they begin and how they end: an edit inside a unit (longer
# than twice this) leaves one of the two as it was, so its last version is found by it.
_BY_HEAD: BoundedCache[str, _Confirmed] = BoundedCache(512)
_BY_TAIL: BoundedCache[str, _Confirmed] = BoundedCache(512)


def _carried(unit: str, candidates: Sequence[Candidate]) -> tuple[bool, ...] | None:
    """Return the verdicts of an earlier version of `unit` when an edit in a word carries them."""
    for known in (_BY_HEAD.peek(unit[:_ENDS]), _BY_TAIL.peek(unit[-_ENDS:])):
        if known is not None and abs(len(known[0]) - len(unit)) <= MAX_EDIT:
            found = carried(*known, unit, candidates)
            if found is not None:
                return found
    return None


def block_findings(block: str, body_start: int, body_end: int) -> tuple[Found, ...]:
    """Return the findings in `[body_start, body_end)` of a question block (block offsets)."""
    return _BLOCKS.get(
        (block, body_start, body_end), lambda: _block_findings(block, body_start, body_end)
    )


def _block_findings(block: str, body_start: int, body_end: int) -> tuple[Found, ...]:
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
    return tuple(out)


def check_handin(analysis: Analysis, fs: FileSystem) -> Iterator[Finding]:
    """Find the title that the hand-in's 43-character cut loses."""
    cut = _title_cut(analysis.source.text)
    if cut is not None:
        yield cut


def check_handin_block(
    analysis: Analysis, q: Question, answer: Answer | None, fs: FileSystem
) -> Iterator[Finding]:
    """Find where the hand-in page shows a question's answer differently."""
    if q.body.end <= q.body.start:
        return
    by, n = q.heading.start, q.number
    for f in block_findings(q.block, q.body.start - by, q.body.end - by):
        yield BY_NAME[f.code](f"Q{n}: {f.message}", f.start + by, f.end + by, n, dict(f.data))


def _title_cut(text: str) -> Finding | None:
    """Return the finding for the first 43 characters `report.py html` drops, when it costs.

    Nothing when they hold only a front matter, or only the template's own title (every
    group's page loses that alike; `title_cut_note` says so on hover).
    """
    cut = text[:CUT]
    if not cut.strip() or _FRONT_MATTER_RE.fullmatch(cut) or title_cut_note(text) is not None:
        return None
    begins = " ".join(_first_line_after(text, CUT).split()[:3])
    front = _FRONT_MATTER_START_RE.match(text)
    if front is not None and front.end() < CUT:
        # A front matter shorter than the cut (no blank line after it): the cut runs on into the
        # title. Blank lines after the front matter move the title past it.
        first = front.end() + len(text[front.end() : CUT]) - len(text[front.end() : CUT].lstrip())
        lost = " ".join(text[first:CUT].split())
        shows = "the title shows as a paragraph" if lost.startswith("#") else "the page begins with"
        lines = CUT - first
        return TITLE_CUT(
            f"report.py html drops the first {CUT} characters, meant for the template's front "
            f"matter and the blank line after it. This report's takes {first}, so the hand-in "
            f"also loses `{lost}`: {shows} “{begins}”. Add "
            f"{'a blank line' if lines == 1 else f'{lines} blank lines'} after the front matter.",
            first, max(first + 1, min(CUT, _line_end(text, first))), None,
            {"insert_at": front.end(), "lines": lines},
        )  # fmt: skip
    lost = " ".join(cut.split())
    return TITLE_CUT(
        f"report.py html drops the first {CUT} characters (the length of the first templates' "
        f"front matter): the hand-in loses `{lost}` and begins with “{begins}”.",
        0,
        min(CUT, _line_end(text, 0)),
    )


def title_cut_note(text: str) -> str | None:
    """Return what the cut does to a report that starts as its template does, else None.

    No finding says it: the template's own title is lost on every group's page alike, and there
    is nothing to do.
    """
    if text[:CUT] != TEMPLATE_TITLE[:CUT]:
        return None
    begins = " ".join(_first_line_after(text, CUT).split()[:3])
    return (
        f"`report.py html` drops the first {CUT} characters (the length of the first templates' "
        f"front matter), so the hand-in loses `{TEMPLATE_TITLE[:CUT].strip()}` and begins with "
        f"“{begins}”. Every group's page starts so: nothing to do."
    )


def _line_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return len(text) if end == -1 else end


def _first_line_after(text: str, at: int) -> str:
    """Return the first non-blank line from `at` on (without copying the rest of the text)."""
    start = at
    while start < len(text) and text[start].isspace():
        start += 1
    end = text.find("\n", start)
    return text[start : len(text) if end == -1 else end]


CHECK = Check(check_handin, CODES, per_question=check_handin_block, scope=Scope.BLOCK)
"""The hand-in check and its codes."""


# -- messages ------------------------------------------------------------------------------------


def message(c: Candidate, unit: str) -> str:
    """Return what the grader sees, and how to write it instead, in a short sentence or two."""
    return _MESSAGES[c.code](c.data, unit[c.start : c.end])


def _fence(data: dict[str, Any], literal: str) -> str:
    if data["mark"] == "~":
        seen = "text with literal `~~~`"
    elif data["blank_inside"]:
        inside = literal.split("\n")[1:-1]
        headings = any(line.lstrip().startswith("#") for line in inside)
        seen = "literal backticks" + (", its `#` lines as headings" if headings else "")
    elif data["info"]:
        seen = f"inline code starting with `{data['info']}`"
    else:
        seen = "one line of inline code"
    return f"the hand-in shows this code as {seen}: indent it {data['indent']} spaces instead."


def _angle(data: dict[str, Any], literal: str) -> str:
    seen = "becomes an e-mail link" if "@" in literal else "vanishes (read as HTML)"
    return f"in the hand-in `{literal}` {seen}: put it in backticks."


def _bare_url(data: dict[str, Any], literal: str) -> str:
    markup = link_markup(data["url"], data["scheme"])
    instead = f": write `{markup}`" if markup is not None else ""
    return f"the hand-in does not link this URL{instead}."


_MESSAGES: dict[str, Callable[[dict[str, Any], str], str]] = {
    "handin-list-blank-line": lambda d, _: (
        "the hand-in shows this list as one line of text: add a blank line before it."
    ),
    "handin-fenced-code": _fence,
    "handin-table": lambda d, _: (
        "the hand-in shows this table as a line of pipes: use a screenshot, or indent it."
    ),
    "handin-list-indent": lambda d, _: (
        f"the hand-in flattens this sub-list: indent it {4 * (d['depth'] - 1)} spaces "
        f"(4 per level), not {d['column']}."
    ),
    "handin-list-continuation": lambda d, _: (
        "the hand-in runs this item and the next into the text: add a blank line before it."
    ),
    "handin-list-paren": lambda d, _: "the hand-in shows this list as text: write `1.`, not `1)`.",
    "handin-list-start": lambda d, _: f"the hand-in numbers this list from 1, not {d['start']}.",
    "handin-math": lambda d, raw: f"the hand-in shows `{raw}` as written (no math).",
    "handin-angle-text": _angle,
    "handin-bare-url": _bare_url,
    "handin-link-outside": lambda d, _: (
        f"the hand-in's link to `{d['target']}` is dead: only reports/ is handed in."
    ),
    "handin-escape": lambda d, _: (
        f"the hand-in shows the backslash of `\\{d['char']}`: write `{d['char']}` alone."
    ),
}
"""Each code's message, from its candidate's data and the construct's text."""
