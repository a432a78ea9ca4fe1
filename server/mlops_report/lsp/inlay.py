"""Inlay hints: each question's counts against its limits, after its heading line."""

from __future__ import annotations

from lsprotocol import types

from ..engine.analysis import Analysis
from ..engine.text import PositionEncoding
from .convert import lsp_position
from .summary import answer_of, has_limits, inlay_label, stop_note


def inlay_hints(
    analysis: Analysis, start: int, end: int, enc: PositionEncoding
) -> list[types.InlayHint]:
    """Return the hints after the question headings in `[start, end]`.

    Each reads e.g. `142/100-200 words, 1/1-3 images ✓`; questions without limits get none.
    """
    hints = []
    stopped = stop_note(analysis)
    for q in analysis.model.questions:
        if not start <= q.heading.end <= end:
            continue
        answer = answer_of(analysis, q)
        if answer is None or not has_limits(answer):
            continue
        tooltip = "Counted as report.py check counts them."
        if stopped is not None:
            tooltip += " " + stopped
        hints.append(
            types.InlayHint(
                position=lsp_position(analysis.source.position(q.heading.end, enc)),
                label=inlay_label(analysis, answer),
                padding_left=True,
                tooltip=tooltip,
            )
        )
    return hints
