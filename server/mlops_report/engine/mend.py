"""Fixes of findings, by way of their codes, and the safe ones together as *Fix all*."""

from __future__ import annotations

from .analysis import Analysis
from .findings import Finding
from .fixes import Edit, Fix, FixContext
from .registry import CODES


def fixes_for(analysis: Analysis, finding: Finding, ctx: FixContext) -> list[Fix]:
    """Return the fixes of one finding (none when its code has no mechanical fix)."""
    code = CODES.get(finding.code)
    if code is None or code.fix is None:
        return []
    return code.fix(analysis, finding, ctx)


def fix_all_edits(analysis: Analysis, ctx: FixContext) -> list[Edit]:
    """Return the safe fixes of every finding as one list of non-overlapping edits."""
    edits: list[Edit] = []
    for f in analysis.findings:
        if not CODES[f.code].fix_all:
            continue
        for fix in fixes_for(analysis, f, ctx):
            if fix.safe:
                edits.extend(fix.edits)
    edits.sort(key=lambda e: (e.start, e.end))
    kept: list[Edit] = []
    for e in edits:
        if kept and conflicts(kept[-1], e):
            continue
        kept.append(e)
    return kept


def conflicts(a: Edit, b: Edit) -> bool:
    """Return whether `b` (starting at or after `a`) overlaps `a`.

    Two edits touching at one point conflict when either is an insertion there: a client could
    apply them in either order.
    """
    if b.start < a.end:
        return True
    return b.start == a.end and (b.start == b.end or a.start == a.end)
