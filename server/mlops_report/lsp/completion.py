"""Completion of images: a path inside a destination `](...)`, a whole image after `![`.

Both offer the files under `figures/`, the images no answer shows yet first (the screenshot one
is about to add), then the used ones; a destination lists other files last.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lsprotocol import types

from ..engine.analysis import Analysis
from ..engine.figures import (
    default_alt,
    image_markup,
    is_image_name,
    markdown_path,
    normalized,
    used_paths,
)
from ..engine.model.links import read_destination
from ..engine.text import PositionEncoding
from .convert import span_range

TRIGGERS = ("(", "/", "[")

# `[text](dest` or `![alt](<dest` up to the cursor, the destination not closed yet (in `<...>`
# it may hold spaces and parentheses).
_DEST_RE = re.compile(r"\[[^\]\n]*\]\(\s*(?:<([^<>\n]*)|([^)\s<>]*))$")
# The rest of a destination after the cursor, replaced too: completing inside
# `figures/Buck|ets.png` must not leave `ets.png` behind. A whole link's destination is read by
# its grammar; these cover one still being written.
_TAIL_RE = re.compile(r"[^)\s<>]*")
_BRACKETED_TAIL_RE = re.compile(r"[^<>\n]*(?=>)|[^\s<>]*")
# `![` and the alt text typed so far, up to the cursor.
_IMAGE_OPEN_RE = re.compile(r"!\[([^\[\]\n]*)$")
# The rest of the alt text after the cursor up to its `]` (an editor closes the bracket).
_ALT_TAIL_RE = re.compile(r"([^\[\]\n]*)\]")
_SNIPPET_SPECIAL = re.compile(r"([$}\\])")


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


def image_opening(analysis: Analysis, offset: int) -> tuple[int, int, str] | None:
    """Return the span of an image being begun at `offset` (`![alt` and any `]`) and its alt.

    None when the cursor is not in the alt text of an image without a destination: in
    `![alt](path)` or `![alt][ref]` the image is written already.
    """
    text = analysis.source.text
    line_start = text.rfind("\n", 0, offset) + 1
    m = _IMAGE_OPEN_RE.search(text, line_start, offset)
    if m is None:
        return None
    alt, end = m.group(1), offset
    tail = _ALT_TAIL_RE.match(text, offset)
    if tail is not None:
        if text.startswith(("(", "["), tail.end()):
            return None
        alt, end = alt + tail.group(1), tail.end()
    return m.start(), end, alt


def _ranked(analysis: Analysis, files: Sequence[str]) -> list[tuple[str, str]]:
    """Return `(path, detail)` of `files`: images not used yet, used ones, then other files."""
    used = used_paths(analysis)

    def order(path: str) -> tuple[bool, bool, str]:
        return not is_image_name(path), normalized(path) in used, path

    out = []
    for path in sorted(files, key=order):
        if not is_image_name(path):
            detail = "not an image"
        elif normalized(path) in used:
            detail = "image, already used"
        else:
            detail = "image, not used yet"
        out.append((path, detail))
    return out


def completions(
    analysis: Analysis,
    offset: int,
    enc: PositionEncoding,
    files: Sequence[str],
    *,
    snippets: bool = False,
) -> types.CompletionList | None:
    """Return the completions at `offset`: figures for a destination or for an image begun.

    In a destination the edit replaces the whole destination around the cursor. After `![`
    each image's item writes `![alt](figures/<file>)`, keeping the alt text typed (else the
    file's name); with `snippets` the alt text is left selected to be written over.
    """
    found = destination_start(analysis, offset)
    if found is None:
        opening = image_opening(analysis, offset)
        if opening is None:
            return None
        return _image_completions(analysis, opening, enc, files, snippets)
    start, bracketed = found
    text = analysis.source.text
    written_at = start - 1 if bracketed else start
    dest = read_destination(text, written_at)
    if dest is not None and dest.start == written_at and dest.end >= offset:
        stop = dest.end - 1 if bracketed else dest.end
    else:
        tail = (_BRACKETED_TAIL_RE if bracketed else _TAIL_RE).match(text, offset)
        stop = tail.end() if tail else offset
    rng = span_range(analysis, start, stop, enc)
    items = []
    for rank, (path, detail) in enumerate(_ranked(analysis, files)):
        written = path if bracketed else markdown_path(path)
        items.append(_file_item(path, detail, rank, written, types.TextEdit(rng, written)))
    return types.CompletionList(is_incomplete=False, items=items)


def _image_completions(
    analysis: Analysis,
    opening: tuple[int, int, str],
    enc: PositionEncoding,
    files: Sequence[str],
    snippets: bool,
) -> types.CompletionList:
    start, end, typed = opening
    rng = span_range(analysis, start, end, enc)
    images = [(path, detail) for path, detail in _ranked(analysis, files) if is_image_name(path)]
    items = []
    for rank, (path, detail) in enumerate(images):
        alt = typed if typed.strip() else default_alt(path)
        markup = image_markup(path, alt)
        new_text = markup
        if snippets:
            new_text = f"![${{1:{_escaped(alt)}}}]({_escaped(markdown_path(path))})$0"
        item = _file_item(path, detail, rank, markup, types.TextEdit(rng, new_text))
        if snippets:
            item.insert_text_format = types.InsertTextFormat.Snippet
        items.append(item)
    return types.CompletionList(is_incomplete=False, items=items)


def _file_item(
    path: str, detail: str, rank: int, filter_text: str, edit: types.TextEdit
) -> types.CompletionItem:
    """Return the completion of a file of `figures/`, ranked (unused screenshots first)."""
    return types.CompletionItem(
        label=path,
        kind=types.CompletionItemKind.File,
        detail=detail,
        sort_text=f"{rank:05d}",
        filter_text=filter_text,
        text_edit=edit,
    )


def _escaped(text: str) -> str:
    """Return `text` as literal snippet text (dollar, closing brace and backslash escaped)."""
    return _SNIPPET_SPECIAL.sub(r"\\\1", text)
