"""Fixes of findings, by way of their codes, and the safe ones together as *Fix all*.

A fix that would make `report.py check` fail a question that passes (or stop) is never safe: its
title says what it costs, it is not the preferred fix, and *Fix all* leaves it out. `fixes_for`
is the one way to a finding's fixes: the rule lives there.
"""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

from .analysis import Analysis
from .editions import Constraint
from .findings import Finding
from .fixes import Edit, Fix, FixContext, apply_edits
from .registry import CODES
from .reportpy import MARKER, ExtractedAnswer, count_images, count_words, run


def fixes_for(analysis: Analysis, finding: Finding, ctx: FixContext) -> list[Fix]:
    """Return the fixes of one finding (none when its code has no mechanical fix)."""
    code = CODES.get(finding.code)
    if code is None or code.fix is None:
        return []
    out = []
    for fix in code.fix(analysis, finding, ctx):
        cost = cost_of(analysis, fix.edits)
        if cost is not None:
            # It would fail a question that passes: offered, never preferred nor in Fix all.
            fix = fix._replace(notes=(*fix.notes, cost), safe=False, preferred=False)
        out.append(fix)
    return out


def cost_of(analysis: Analysis, edits: tuple[Edit, ...] | list[Edit]) -> str | None:
    """Return how `edits` would worsen `report.py`'s verdict, or None when they would not."""
    before = analysis.result
    if before.error is not None:
        return None  # report.py stops already: no question passes that could fail
    inside = _within_one_answer(analysis, edits)
    if inside is not None:
        return inside[0]
    after = run(apply_edits(analysis.source.text, edits), analysis.edition)
    if after.error is not None:
        return "report.py check would then stop"
    passed = {a.index: a for a in before.answers if not a.failed}
    for a in after.answers:
        old = passed.get(a.index)
        if old is not None and a.failed:
            return _describe(a, old, analysis.edition.constraint(a.index))
    return None


def _within_one_answer(
    analysis: Analysis, edits: tuple[Edit, ...] | list[Edit]
) -> tuple[str | None] | None:
    """Return `(cost,)` when the edits lie inside one answer and leave report.py's split alone.

    Then only that answer's counts can change, and they are counted without running report.py
    on the whole text again (a fix-all asks this of every fix). None: the full run decides.
    """
    text = analysis.source.text
    for old in analysis.result.answers:
        if all(old.start < e.start and e.end < old.end for e in edits):
            break
    else:
        return None
    rel = [Edit(e.start - old.start, e.end - old.start, e.text) for e in edits]
    body = apply_edits(text[old.start : old.end], rel)
    if MARKER in body or "##" in body or body != body.strip("\n"):
        return None  # it could split, cut or strip differently: let the full run say
    c = analysis.edition.constraint(old.index)
    words, images = count_words(body), count_images(body)
    if old.failed or not c.failures(words, images):
        return (None,)
    new = replace(old, text=body, words=words, images=images, failed=c.failures(words, images))
    return (_describe(new, old, c),)


def _describe(new: ExtractedAnswer, old: ExtractedAnswer, c: Constraint) -> str:
    """Say in a few words how an answer that passed would fail its constraint `c`."""
    if c.words is not None and not c.words.holds(new.words):
        change = f"removes {old.words - new.words} words" if new.words < old.words else "adds words"
        side = f"under {c.words.low}" if new.words < c.words.low else f"over {c.words.high}"
        return f"{change}: Q{new.label} drops to {new.words}, {side}"
    assert c.images is not None
    side = f"over {c.images.high}" if new.images > c.images.high else f"under {c.images.low}"
    return f"Q{new.label} would have {new.images} images, {side}"


class FixAll(NamedTuple):
    """What *Fix all* does: its edits, and how many findings they mend.

    Counted in findings, not edits: a bare URL's fix is two edits (`<` and `>`).
    """

    edits: list[Edit]
    problems: int


def fix_all(analysis: Analysis, ctx: FixContext) -> FixAll:
    """Return the safe fixes of every finding as one list of non-overlapping edits.

    Each fix is safe on its own; together they are checked once more, and when two in one answer
    would bring it under its limit, they are taken one at a time.
    """
    candidates: list[tuple[Finding, Fix]] = []
    for f in analysis.findings:
        if CODES[f.code].fix_all:
            candidates += [(f, fix) for fix in fixes_for(analysis, f, ctx) if fix.safe]
    candidates.sort(key=lambda c: (c[1].edits[0].start, c[1].edits[0].end))
    chosen: list[Fix] = []
    for _, fix in candidates:
        if not any(conflicts(a, b) for a in _edits(chosen) for b in fix.edits):
            chosen.append(fix)
    if chosen and cost_of(analysis, _edits(chosen)) is not None:
        kept: list[Fix] = []
        for fix in chosen:
            if cost_of(analysis, _edits([*kept, fix])) is None:
                kept.append(fix)
        chosen = kept
    edits = _edits(chosen)
    made = set(edits)
    # A finding is mended when one of its safe fixes is made in full (two findings may share one).
    mended = {(f.code, f.start, f.end) for f, fix in candidates if made.issuperset(fix.edits)}
    return FixAll(edits, len(mended))


def fix_all_edits(analysis: Analysis, ctx: FixContext) -> list[Edit]:
    """Return the edits of *Fix all* (see `fix_all`)."""
    return fix_all(analysis, ctx).edits


def _edits(fixes: list[Fix]) -> list[Edit]:
    return sorted((e for fix in fixes for e in fix.edits), key=lambda e: (e.start, e.end))


def conflicts(a: Edit, b: Edit) -> bool:
    """Return whether edits `a` and `b` overlap.

    Two edits touching at one point conflict when either is an insertion there: a client could
    apply them in either order.
    """
    if b.start < a.start:
        a, b = b, a
    if b.start < a.end:
        return True
    return b.start == a.end and (b.start == b.end or a.start == a.end)
