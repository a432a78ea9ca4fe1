"""Inlay hints: each question's counts against its limits, after its heading line."""

from __future__ import annotations

from collections.abc import Iterator

from lsprotocol import types

from ..engine.analysis import Analysis
from ..engine.model import Question
from ..engine.text import PositionEncoding
from .convert import lsp_position
from .summary import answer_of, has_limits, inlay_label, stop_note


def _labelled(analysis: Analysis) -> Iterator[tuple[Question, str]]:
    """Yield each question that gets a hint, with the hint's label."""
    for q in analysis.model.questions:
        answer = answer_of(analysis, q)
        if answer is not None and has_limits(answer):
            yield q, inlay_label(analysis, answer)


def hint_labels(analysis: Analysis) -> tuple[str | None, ...]:
    """Return everything the hints say (labels and tooltip note), to tell when they change."""
    return (stop_note(analysis), *(label for _, label in _labelled(analysis)))


def inlay_hints(
    analysis: Analysis, start: int, end: int, enc: PositionEncoding
) -> list[types.InlayHint]:
    """Return the hints after the question headings in `[start, end]`.

    Each reads e.g. `142/100-200 words, 1/1-3 images ✓`; questions without limits get none.
    """
    hints = []
    stopped = stop_note(analysis)
    tooltip = "Counted as report.py check counts them."
    if stopped is not None:
        tooltip += " " + stopped
    for q, label in _labelled(analysis):
        if not start <= q.heading.end <= end:
            continue
        hints.append(
            types.InlayHint(
                position=lsp_position(analysis.source.position(q.heading.end, enc)),
                label=label,
                padding_left=True,
                tooltip=tooltip,
            )
        )
    return hints
