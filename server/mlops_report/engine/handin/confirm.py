"""Confirmation: whether a candidate really renders differently in the hand-in and the preview.

Each probe names what to compare in the two renderings of the candidate's unit; a candidate is
reported only when its own construct differs, so another difference in the same unit cannot
confirm it.
"""

from __future__ import annotations

from collections import Counter

from .candidates import Candidate
from .summary import Summary, words

# What Python-Markdown makes of its own escapes inside `$...$` (it has no math).
_PM_ESCAPES = "\\`*_{}[]()>#+-.!"


def _handin_math_text(content: str) -> str:
    out = []
    k = 0
    while k < len(content):
        if content[k] == "\\" and k + 1 < len(content) and content[k + 1] in _PM_ESCAPES:
            out.append(content[k + 1])
            k += 2
            continue
        out.append(content[k])
        k += 1
    return "".join(out)


def confirmed(c: Candidate, handin: Summary, preview: Summary) -> bool:
    """Return whether the candidate's construct shows differently in the hand-in."""
    probe = c.probe
    kind = probe[0]
    if kind == "missing":  # list items the hand-in does not show as list items
        shown = Counter(w for _, w in handin.items)
        wanted = Counter(w for _, w in preview.items)
        return any(
            preview.items[i][1] and wanted[preview.items[i][1]] > shown[preview.items[i][1]]
            for i in probe[1]
            if i < len(preview.items)
        )
    if kind == "shallower":  # list items the hand-in shows at another depth
        # Shown as list items at all: where the hand-in has none of them (the list runs into the
        # text above), nothing is flattened; the list's own finding says so.
        shown_at = Counter(handin.items)
        wanted_at = Counter(preview.items)
        shown = Counter(w for _, w in handin.items)
        return any(
            w and wanted_at[(depth, w)] > shown_at[(depth, w)] and shown[w] > shown_at[(depth, w)]
            for depth, w in (preview.items[i] for i in probe[1] if i < len(preview.items))
        )
    if kind == "code":
        index = probe[1]
        if index >= len(preview.code):
            return False
        block = preview.code[index]
        return preview.code.count(block) > handin.code.count(block)
    if kind == "table":
        return handin.tables < preview.tables
    if kind == "start":
        index, start = probe[1], probe[2]
        if index is None or index >= len(preview.ordered):
            return False
        _, first = preview.ordered[index]
        same = [s for s, w in handin.ordered if w == first and w]
        return bool(same) and all(s != start for s in same)
    if kind == "math":
        content, marker = probe[1], probe[2]
        raw = f"{marker}{_handin_math_text(content)}{marker}"
        return content in preview.math and raw in handin.text
    if kind == "angle":
        literal = probe[1]
        return literal in preview.text and literal not in handin.text
    if kind == "escape":
        pair = "\\" + probe[1]
        return handin.text.count(pair) > preview.text.count(pair)
    if kind == "url":
        url = probe[1]
        return url in handin.plain and url in preview.plain
    if kind == "href":
        return probe[1] in {_unquote(h) for h in handin.hrefs}
    raise ValueError(f"unknown probe {kind!r}")


def _unquote(href: str) -> str:
    from urllib.parse import unquote

    return unquote(href)


__all__ = ["confirmed", "words"]
