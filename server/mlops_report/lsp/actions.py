"""Code actions: quick-fixes for the findings, `Insert image` and a safe fix-all.

Diagnostics a client sends back carry the offsets of the analysis they came from, which may be
stale; every fix is therefore recomputed from the current analysis' finding with the same code
and range. Each fix is a list of `Edit`s on translated-text offsets, converted to LSP ranges in
the negotiated encoding only at the end.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from lsprotocol import types

from ..engine.analysis import Analysis, Answer
from ..engine.findings import Finding
from ..engine.reportpy import MARKER
from ..engine.text import PositionEncoding
from .convert import SOURCE, span_range
from .figures import image_markup, markdown_path, unused_images
from .summary import answer_of

FIX_ALL_KIND = "source.fixAll.mlops-report"
INSERT_KIND = "refactor.insert"
KINDS = (types.CodeActionKind.QuickFix, FIX_ALL_KIND, INSERT_KIND)
"""Every kind of action offered (for `CodeActionOptions`)."""

MAX_IMAGE_ACTIONS = 20
GENERIC_IMAGE = "![description](figures/)"

Exists = Callable[[str], bool]
"""Whether a report-relative path is an existing file."""


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace `[start, end)` of the translated text with `text`."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Fix:
    """One fix: a title, its edits, and whether fix-all may apply it unasked."""

    title: str
    edits: tuple[Edit, ...]
    safe: bool = False
    preferred: bool = False


# -- matching a client's diagnostic to the current analysis --------------------------------------


def finding_for(
    analysis: Analysis, diagnostic: types.Diagnostic, enc: PositionEncoding
) -> Finding | None:
    """Return the current finding a diagnostic stands for.

    That is the finding with the same code and range, else the only one with its code and
    question; None when the diagnostic is stale or not ours.
    """
    if diagnostic.source not in (None, SOURCE):
        return None
    data: Any = diagnostic.data
    code = data.get("code") if isinstance(data, dict) else None
    code = code or (diagnostic.code if isinstance(diagnostic.code, str) else None)
    if code is None:
        return None
    same_code = [f for f in analysis.findings if f.code == code]
    for f in same_code:
        if span_range(analysis, f.start, f.end, enc) == diagnostic.range:
            return f
    question = data.get("question") if isinstance(data, dict) else None
    same_question = [f for f in same_code if f.question == question]
    return same_question[0] if len(same_question) == 1 else None


# -- the fixes, one function per code ------------------------------------------------------------


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Return the start of `start`'s line and the end (before its line break) of `end`'s."""
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    return ls, len(text) if le == -1 else le


def _remove_placeholder(analysis: Analysis, f: Finding) -> Fix:
    text = analysis.source.text
    ls, le = _line_bounds(text, f.start, f.end)
    if text[ls : f.start].strip() or text[f.end : le].strip():
        # Text beside it on the line: remove the placeholder and one space next to it.
        start, end = f.start, f.end
        if end < len(text) and text[end] == " ":
            end += 1
        elif start > ls and text[start - 1] == " ":
            start -= 1
        return Fix("Remove the placeholder", (Edit(start, end, ""),), safe=True, preferred=True)
    if le == len(text):
        start = ls - 1 if ls > 0 else ls  # the last line: drop the line break before it
        return Fix("Remove the placeholder", (Edit(start, le, ""),), safe=True, preferred=True)
    end = le + 1
    prev_blank = ls == 0 or not text[text.rfind("\n", 0, ls - 1) + 1 : ls - 1].strip()
    next_end = text.find("\n", end)
    next_blank = (
        end < len(text) and not text[end : len(text) if next_end == -1 else next_end].strip()
    )
    if prev_blank and next_blank and next_end != -1:
        end = next_end + 1  # blank lines on both sides: keep one, not two
    return Fix("Remove the placeholder", (Edit(ls, end, ""),), safe=True, preferred=True)


def _path_fix(analysis: Analysis, f: Finding, exists: Exists) -> Fix | None:
    new = f.data.get("replacement")
    if not isinstance(new, str) or not new:
        return None
    text = analysis.source.text
    target = text[f.start : f.end]
    raw = f.data.get("path")
    raw = raw if isinstance(raw, str) else ""
    written = markdown_path(new) if not target.lstrip().startswith("<") else new
    at = target.find(raw) if raw else -1
    if at == -1:
        edit = Edit(f.start, f.end, written)
    else:
        edit = Edit(f.start + at, f.start + at + len(raw), written)
    return Fix(f"Change the path to `{new}`", (edit,), safe=exists(new), preferred=True)


_ALT_RE = re.compile(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


def _html_fix(analysis: Analysis, f: Finding) -> Fix | None:
    src = f.data.get("path")
    if not isinstance(src, str) or not src:
        return None
    m = _ALT_RE.search(analysis.source.text[f.start : f.end])
    alt = next((g for g in m.groups() if g is not None), "") if m else ""
    alt = re.sub(r"[\[\]\n]", "", alt)
    markup = f"![{alt}]({markdown_path(src)})"
    return Fix(f"Rewrite as `{markup}`", (Edit(f.start, f.end, markup),), preferred=True)


def _marker_missing_fix(analysis: Analysis, f: Finding) -> Fix | None:
    at, insert = f.data.get("insert_at"), f.data.get("text")
    if not isinstance(at, int) or not isinstance(insert, str):
        return None
    return Fix("Insert `> Answer:` after the prompt", (Edit(at, at, insert),), preferred=True)


def fixes_for(analysis: Analysis, f: Finding, exists: Exists) -> list[Fix]:
    """Return the fixes of one finding (images-missing's are per figure; see `image_fixes`)."""
    text = analysis.source.text
    code = f.code
    fix: Fix | None = None
    if code == "image-as-link" and text[f.start : f.start + 1] == "[":
        fix = Fix("Show the image: add `!`", (Edit(f.start, f.start, "!"),), True, True)
    elif code == "image-html":
        fix = _html_fix(analysis, f)
    elif code in ("image-case-mismatch", "image-not-found"):
        fix = _path_fix(analysis, f, exists)
    elif code == "placeholder-leftover":
        fix = _remove_placeholder(analysis, f)
    elif code == "heading-level":
        new = f.data.get("replacement")
        if isinstance(new, str):
            fix = Fix(f"Change the heading to `{new}`", (Edit(f.start, f.end, new),), True, True)
    elif code == "answer-marker-missing":
        fix = _marker_missing_fix(analysis, f)
    elif code == "answer-marker-inside" and text[f.start : f.end] == MARKER:
        fix = Fix("Write `answer:` in lower case", (Edit(f.start, f.end, "answer:"),), False, True)
    return [fix] if fix is not None else []


# -- inserting images ----------------------------------------------------------------------------


def insertion_point(analysis: Analysis, answer: Answer) -> tuple[int, str, str]:
    """Return where a new line goes at the end of an answer, and the text before and after it.

    The end is where `report.py` still counts it: before a `###`/`##` that cuts the answer short.
    An empty answer gets it right after its `Answer:` line.
    """
    text = analysis.source.text
    q = answer.question
    ex = answer.extracted
    if ex is not None and ex.cut_at is not None and ex.cut_at < q.body.end:
        line_start = text.rfind("\n", 0, ex.cut_at) + 1
        if line_start > ex.start:
            return line_start, "", "\n\n"
    if q.body.end > q.body.start:
        return q.body.end, "\n\n", ""
    anchor = q.markers[0] if q.markers else (q.prompt.end if q.prompt else q.heading.end)
    _, line_end = _line_bounds(text, anchor, anchor)
    return line_end, "\n\n", ""


def _takes_images(answer: Answer) -> bool:
    c = answer.constraint.images or answer.question.stated.images
    return c is not None and answer.images < c.high


def image_fixes(analysis: Analysis, answer: Answer, files: Sequence[str]) -> list[Fix]:
    """Return `Insert image figures/<file>` for each unused figure, then a generic image link."""
    at, before, after = insertion_point(analysis, answer)
    out = [
        Fix(f"Insert image {path}", (Edit(at, at, before + image_markup(path) + after),))
        for path in unused_images(analysis, list(files))[:MAX_IMAGE_ACTIONS]
    ]
    out.append(
        Fix(
            f"Insert an image link `{GENERIC_IMAGE}`",
            (Edit(at, at, before + GENERIC_IMAGE + after),),
        )
    )
    return out


# -- fix-all -------------------------------------------------------------------------------------


def fix_all_edits(analysis: Analysis, exists: Exists) -> list[Edit]:
    """Return the safe fixes of every finding as one list of non-overlapping edits."""
    edits: list[Edit] = []
    for f in analysis.findings:
        for fix in fixes_for(analysis, f, exists):
            if fix.safe:
                edits.extend(fix.edits)
    edits.sort(key=lambda e: (e.start, e.end))
    kept: list[Edit] = []
    for e in edits:
        if kept and _conflict(kept[-1], e):
            continue
        kept.append(e)
    return kept


def _conflict(a: Edit, b: Edit) -> bool:
    """Return whether `b` (starting at or after `a`) overlaps `a`.

    Two edits touching at one point conflict when either is an insertion there: a client could
    apply them in either order.
    """
    if b.start < a.end:
        return True
    return b.start == a.end and (b.start == b.end or a.start == a.end)


# -- putting it together -------------------------------------------------------------------------


def _wanted(kind: str, only: Sequence[str] | None) -> bool:
    return only is None or any(kind == o or kind.startswith(o + ".") for o in only)


def _action(
    analysis: Analysis,
    uri: str,
    fix: Fix,
    kind: str,
    enc: PositionEncoding,
    diagnostic: types.Diagnostic | None = None,
) -> types.CodeAction:
    # Inserted line breaks follow the document's own (the engine works on `\n` text).
    crlf = "\r\n" in analysis.source.original
    edits = [
        types.TextEdit(
            range=span_range(analysis, e.start, e.end, enc),
            new_text=e.text.replace("\n", "\r\n") if crlf else e.text,
        )
        for e in fix.edits
    ]
    return types.CodeAction(
        title=fix.title,
        kind=kind,
        diagnostics=[diagnostic] if diagnostic is not None else None,
        is_preferred=fix.preferred or None,
        edit=types.WorkspaceEdit(changes={uri: edits}),
    )


def code_actions(
    analysis: Analysis,
    uri: str,
    start: int,
    end: int,
    diagnostics: Iterable[types.Diagnostic],
    only: Sequence[str] | None,
    files: Sequence[str],
    exists: Exists,
    enc: PositionEncoding,
) -> list[types.CodeAction]:
    """Return the actions for the range `[start, end)`.

    `diagnostics` are the client's (matched to current findings); `files` the report-relative
    files under `figures/`; `exists` tells whether a report-relative path is a file.
    """
    out: list[types.CodeAction] = []
    quickfix = types.CodeActionKind.QuickFix
    offered_images: set[int] = set()
    if _wanted(quickfix, only):
        seen: set[tuple[str, int, int]] = set()
        for diag in diagnostics:
            f = finding_for(analysis, diag, enc)
            if f is None or (f.code, f.start, f.end) in seen:
                continue
            seen.add((f.code, f.start, f.end))
            if f.code == "images-missing" and f.question is not None:
                answer = analysis.answers.get(f.question)
                if answer is not None:
                    offered_images.add(f.question)
                    for fix in image_fixes(analysis, answer, files):
                        out.append(_action(analysis, uri, fix, quickfix, enc, diag))
                continue
            for fix in fixes_for(analysis, f, exists):
                out.append(_action(analysis, uri, fix, quickfix, enc, diag))
    q = analysis.model.question_at(start)
    answer = answer_of(analysis, q) if q is not None else None
    if answer is not None and q is not None and q.number not in offered_images:
        c = answer.constraint.images
        kind = quickfix if c is not None and answer.images < c.low else INSERT_KIND
        if _wanted(kind, only) and _takes_images(answer):
            fixes = image_fixes(analysis, answer, files)
            out += [_action(analysis, uri, fix, kind, enc) for fix in fixes]
    if _wanted(FIX_ALL_KIND, only):
        edits = fix_all_edits(analysis, exists)
        if edits:
            fix = Fix(f"Fix all safe report problems ({len(edits)})", tuple(edits))
            out.append(_action(analysis, uri, fix, FIX_ALL_KIND, enc))
    return out
