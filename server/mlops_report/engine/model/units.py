"""A question's text cut into units that both renderers read the same alone as in the report.

Python-Markdown reads blocks between blank lines; a block that starts at column 0 with no list
marker, after a blank line, starts afresh there (no list, code block or paragraph goes on), and
so it does for CommonMark outside a fenced code block. Those places are where units begin. A
block-level HTML tag may hold blank lines in both renderers: after one, the question is one unit.
Each unit is then rendered on its own, so an edit re-renders only the unit it touched.
"""

from __future__ import annotations

import re

from ..text import line_starts
from .patterns import LIST_MARKER

_MARKER_RE = re.compile(LIST_MARKER)
_FENCE_RE = re.compile(r"[ \t>]*(`{3,}|~{3,})(.*)$")
# Python-Markdown's block-level elements, whose raw HTML may span blank lines.
_BLOCK_HTML_RE = re.compile(
    r" {0,3}</?(?:address|article|aside|blockquote|body|canvas|center|dd|details|dialog|div|dl|"
    r"dt|fieldset|figcaption|figure|footer|form|h[1-6]|header|hgroup|hr|iframe|li|main|math|menu|"
    r"nav|noscript|ol|p|pre|section|summary|table|tbody|td|tfoot|th|thead|tr|ul|video|script|"
    r"style|textarea)\b|\s*<!--",
    re.I,
)


def units(text: str) -> tuple[tuple[int, int], ...]:
    """Return the `[start, end)` of each unit of `text`, trailing blank lines left out."""
    starts = line_starts(text)
    lines = text.split("\n")
    cuts = [0]
    fence: tuple[str, int, int] | None = None  # mark, length, indentation
    merged = False
    blank_before = False
    for i, line in enumerate(lines):
        blank = not line.strip()
        if (
            i
            and blank_before
            and not blank
            and fence is None
            and not merged
            and line[0] not in " \t"
            and not _MARKER_RE.match(line)
        ):
            cuts.append(starts[i])
        blank_before = blank
        m = _FENCE_RE.match(line)
        if m is not None:
            mark, info, indent = m.group(1), m.group(2), m.start(1)
            if fence is None:
                if not (mark[0] == "`" and "`" in info):
                    fence = (mark[0], len(mark), indent)
            elif (
                mark[0] == fence[0]
                and len(mark) >= fence[1]
                and indent <= fence[2] + 3
                and not info.strip()
            ):
                fence = None
        elif fence is None and _BLOCK_HTML_RE.match(line):
            merged = True
    out = []
    for k, start in enumerate(cuts):
        end = cuts[k + 1] if k + 1 < len(cuts) else len(text)
        while end > start and text[end - 1] in " \t\n":
            end -= 1
        if end > start:
            out.append((start, end))
    return tuple(out)
