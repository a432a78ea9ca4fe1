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

# `[text](dest` or `![alt](<dest` up to the cursor, the destination not closed yet (in `<...>`
# it may hold spaces and parentheses).
_DEST_RE = re.compile(r"\[[^\]\n]*\]\(\s*(?:<([^<>\n]*)|([^)\s<>]*))$")
# The rest of a destination after the cursor, replaced too: completing inside
# `figures/Buck|ets.png` must not leave `ets.png` behind.
_TAIL_RE = re.compile(r"[^)\s<>]*")
_BRACKETED_TAIL_RE = re.compile(r"[^<>\n]*(?=>)|[^\s<>]*")


def destination_start(analysis: Analysis, offset: int) -> tuple[int, bool] | None:
    """Return where the link destination holding `offset` starts and whether it is in `<>`.

    None when the cursor is not inside a destination.
    """
    text = analysis.source.text
    line_start = text.rfind("\n", 0, offset) + 1
    m = _DEST_RE.search(text, line_start, offset)
    if m is None:
        return None
    if m.group(1) is not None:
        return m.start(1), True
    return m.start(2), False


def completions(
    analysis: Analysis, offset: int, enc: PositionEncoding, files: Sequence[str]
) -> types.CompletionList | None:
    """Return the files under `figures/` for the destination at `offset`.

    Images no answer uses yet come first (the screenshot one is about to add), then the used
    ones, then other files. The edit replaces the whole destination around the cursor.
    """
    found = destination_start(analysis, offset)
    if found is None:
        return None
    start, bracketed = found
    tail = (_BRACKETED_TAIL_RE if bracketed else _TAIL_RE).match(analysis.source.text, offset)
    rng = span_range(analysis, start, tail.end() if tail else offset, enc)
    used = used_paths(analysis)

    def order(path: str) -> tuple[bool, bool, str]:
        return not is_image_name(path), normalized(path) in used, path

    items = []
    for rank, path in enumerate(sorted(files, key=order)):
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
