"""Completion of image paths inside a link or image destination `](...)`."""

from __future__ import annotations

import re
from collections.abc import Sequence

from lsprotocol import types

from ..engine.analysis import Analysis
from ..engine.figures import is_image_name, markdown_path, normalized, used_paths
from ..engine.text import PositionEncoding
from .convert import span_range

TRIGGERS = ("(", "/")

# `[text](dest` or `![alt](<dest` up to the cursor, the destination not closed yet.
_DEST_RE = re.compile(r"\[[^\]\n]*\]\(\s*(<)?([^)\s<>]*)$")


def destination_start(analysis: Analysis, offset: int) -> tuple[int, bool] | None:
    """Return where the link destination holding `offset` starts and whether it is in `<>`.

    None when the cursor is not inside a destination.
    """
    text = analysis.source.text
    line_start = text.rfind("\n", 0, offset) + 1
    m = _DEST_RE.search(text, line_start, offset)
    if m is None:
        return None
    return m.start(2), m.group(1) is not None


def completions(
    analysis: Analysis, offset: int, enc: PositionEncoding, files: Sequence[str]
) -> types.CompletionList | None:
    """Return the files under `figures/` for the destination at `offset` (images first)."""
    found = destination_start(analysis, offset)
    if found is None:
        return None
    start, bracketed = found
    rng = span_range(analysis, start, offset, enc)
    used = used_paths(analysis)
    items = []
    for rank, path in enumerate(sorted(files, key=lambda p: (not is_image_name(p), p))):
        image = is_image_name(path)
        written = path if bracketed else markdown_path(path)
        if not image:
            detail = "not an image"
        elif normalized(path) in used:
            detail = "image, already used"
        else:
            detail = "image, not used yet"
        items.append(
            types.CompletionItem(
                label=path,
                kind=types.CompletionItemKind.File,
                detail=detail,
                sort_text=f"{rank:05d}",
                filter_text=written,
                text_edit=types.TextEdit(range=rng, new_text=written),
            )
        )
    return types.CompletionList(is_incomplete=False, items=items)
