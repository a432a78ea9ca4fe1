"""Code actions: the engine's fixes as quick-fixes, `Insert image`, and a safe fix-all.

Diagnostics a client sends back carry the offsets of the analysis they came from, which may be
stale; every fix is therefore recomputed from the current analysis' finding with the same code
and range. The engine's fixes are `Edit`s on translated-text offsets, converted to LSP ranges in
the negotiated encoding only here. Each edit names the document version it was computed on when
the client can check it (`documentChanges`): applied after the student typed on, a stale edit
would cut into their words; the client refuses it instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from lsprotocol import types

from ..diagnostics import SOURCE
from ..engine.analysis import Analysis
from ..engine.findings import Finding
from ..engine.fixes import Fix, FixContext
from ..engine.insert_image import image_fixes, takes_images
from ..engine.mend import fix_all, fixes_for
from ..engine.text import PositionEncoding
from .convert import span_range
from .summary import answer_of

FIX_ALL_KIND = "source.fixAll.mlops-report"
INSERT_KIND = "refactor.insert"
KINDS = (types.CodeActionKind.QuickFix, FIX_ALL_KIND, INSERT_KIND)
"""Every kind of action offered (for `CodeActionOptions`)."""

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


# -- putting it together -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Target:
    """The document edits go to: its URI, the version they are computed on, and the client's way.

    `document_changes`: the client takes `TextDocumentEdit`s, which carry `version` and are
    refused once the document has moved on; otherwise edits go in `changes`, unversioned.
    """

    uri: str
    version: int | None = None
    document_changes: bool = False


def workspace_edit(target: Target, edits: Sequence[types.TextEdit]) -> types.WorkspaceEdit:
    """Return the `WorkspaceEdit` making `edits` to `target` (every edit the server offers)."""
    if target.document_changes:
        document = types.OptionalVersionedTextDocumentIdentifier(
            uri=target.uri, version=target.version
        )
        return types.WorkspaceEdit(
            document_changes=[types.TextDocumentEdit(text_document=document, edits=list(edits))]
        )
    return types.WorkspaceEdit(changes={target.uri: list(edits)})


def _wanted(kind: str, only: Sequence[str] | None) -> bool:
    return only is None or any(kind == o or kind.startswith(o + ".") for o in only)


def _action(
    analysis: Analysis,
    target: Target,
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
        edit=workspace_edit(target, edits),
    )


def code_actions(
    analysis: Analysis,
    target: Target,
    start: int,
    end: int,
    diagnostics: Iterable[types.Diagnostic],
    only: Sequence[str] | None,
    ctx: FixContext,
    enc: PositionEncoding,
) -> list[types.CodeAction]:
    """Return the actions for the range `[start, end)`.

    `target` is the analysed document; `diagnostics` are the client's (matched to current
    findings); `ctx` what fixes may ask of the report's folder.
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
            fixes = fixes_for(analysis, f, ctx)
            if f.code == "images-missing" and f.question is not None and fixes:
                offered_images.add(f.question)
            out += [_action(analysis, target, fix, quickfix, enc, diag) for fix in fixes]
    q = analysis.model.question_at(start)
    answer = answer_of(analysis, q) if q is not None else None
    if answer is not None and q is not None and q.number not in offered_images:
        c = answer.constraint.images
        kind = quickfix if c is not None and answer.images < c.low else INSERT_KIND
        if _wanted(kind, only) and takes_images(answer):
            fixes = image_fixes(analysis, answer, ctx.figures)
            out += [_action(analysis, target, fix, kind, enc) for fix in fixes]
    if _wanted(FIX_ALL_KIND, only):
        mend = fix_all(analysis, ctx)
        if mend.edits:
            fix = Fix(f"Fix all safe report problems ({mend.problems})", tuple(mend.edits))
            out.append(_action(analysis, target, fix, FIX_ALL_KIND, enc))
    return out
