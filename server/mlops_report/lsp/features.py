"""Request features (hover, code actions, completion, inlay hints, symbols) on the server.

Each handler only turns LSP params into offsets in the current analysis and calls the pure module
that does the work; `guarded` makes a failure answer an empty result instead of an error.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from lsprotocol import types

from ..engine.analysis import Analysis
from ..engine.figures import figure_files
from ..engine.fixes import FixContext
from .actions import KINDS, Target, code_actions
from .completion import TRIGGERS, completions
from .convert import offset_of
from .guard import Refusal, guarded
from .hover import hover
from .inlay import inlay_hints
from .malformed import INVALID_PARAMS
from .outline import document_symbols, flatten
from .preview import METHOD as PREVIEW
from .preview import handin_preview
from .questions import QUESTIONS, questions_json
from .server import ReportServer
from .summary import stop_note


def _report(ls: ReportServer, uri: str) -> Analysis | None:
    """Return the current analysis of `uri` when it is an exam report, else None."""
    analysis = ls.analysis_of(uri)
    return analysis if analysis is not None and analysis.is_report else None


def _capability(ls: ReportServer, path: str) -> Any:
    """Return a nested client capability such as `text_document.hover.content_format`."""
    value: Any = ls.client_capabilities
    for name in path.split("."):
        value = getattr(value, name, None)
        if value is None:
            return None
    return value


def _kind(kind: Any) -> str:
    """Return a code action kind's string (`str()` of the enum gives its Python name)."""
    return str(kind.value) if isinstance(kind, Enum) else str(kind)


def _uri_param(params: Any) -> str | None:
    """Return `params.textDocument.uri` of a custom request (pygls gives it as named tuples)."""
    document = getattr(params, "textDocument", None)
    uri = getattr(document, "uri", None)
    return uri if isinstance(uri, str) else None


def register_features(server: ReportServer) -> None:
    """Register the request handlers on `server`."""
    # One short handler per LSP method, each only adapting params: longer than 60 lines as a
    # list, not as logic.

    @server.feature(types.TEXT_DOCUMENT_HOVER, types.HoverOptions())
    @guarded(None)
    def on_hover(ls: ReportServer, params: types.HoverParams) -> types.Hover | None:
        analysis = _report(ls, params.text_document.uri)
        if analysis is None:
            return None
        enc = ls.encoding
        formats = _capability(ls, "text_document.hover.content_format")
        markdown = not formats or types.MarkupKind.Markdown in formats
        return hover(analysis, offset_of(analysis, params.position, enc), enc, markdown=markdown)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=list(KINDS), resolve_provider=False),
    )
    @guarded([])
    def on_code_action(ls: ReportServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        analysis = _report(ls, uri)
        if analysis is None:
            return []
        # The version this analysis was made from (not the latest known): edits carry it.
        target = Target(
            uri,
            ls.states[uri].version,
            bool(_capability(ls, "workspace.workspace_edit.document_changes")),
        )
        enc = ls.encoding
        base = analysis.base_dir
        start = offset_of(analysis, params.range.start, enc)
        end = offset_of(analysis, params.range.end, enc)
        ctx = FixContext(
            lambda rel: base is not None and ls.fs.is_file(base / rel),
            figure_files(ls.fs, base),
        )
        only = [_kind(k) for k in params.context.only] if params.context.only else None
        return code_actions(
            analysis, target, start, end, params.context.diagnostics, only, ctx, enc
        )

    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION,
        types.CompletionOptions(trigger_characters=list(TRIGGERS), resolve_provider=False),
    )
    @guarded(None)
    def on_completion(
        ls: ReportServer, params: types.CompletionParams
    ) -> types.CompletionList | None:
        analysis = _report(ls, params.text_document.uri)
        if analysis is None or analysis.base_dir is None:
            return None
        enc = ls.encoding
        offset = offset_of(analysis, params.position, enc)
        files = figure_files(ls.fs, analysis.base_dir)
        snippets = _capability(ls, "text_document.completion.completion_item.snippet_support")
        return completions(analysis, offset, enc, files, snippets=bool(snippets))

    @server.feature(types.TEXT_DOCUMENT_INLAY_HINT, types.InlayHintOptions(resolve_provider=False))
    @guarded([])
    def on_inlay_hint(ls: ReportServer, params: types.InlayHintParams) -> list[types.InlayHint]:
        analysis = _report(ls, params.text_document.uri)
        if analysis is None:
            return []
        enc = ls.encoding
        start = offset_of(analysis, params.range.start, enc)
        end = offset_of(analysis, params.range.end, enc)
        return inlay_hints(analysis, start, end, enc)

    @server.feature(
        types.TEXT_DOCUMENT_DOCUMENT_SYMBOL, types.DocumentSymbolOptions(label="mlops-report")
    )
    @guarded(None)
    def on_document_symbol(
        ls: ReportServer, params: types.DocumentSymbolParams
    ) -> list[types.DocumentSymbol] | list[types.SymbolInformation] | None:
        uri = params.text_document.uri
        analysis = _report(ls, uri)
        if analysis is None:
            return None
        symbols = document_symbols(analysis, ls.encoding)
        if _capability(ls, "text_document.document_symbol.hierarchical_document_symbol_support"):
            return symbols
        return flatten(symbols, uri)

    @server.feature(PREVIEW)
    def on_handin_preview(ls: ReportServer, params: Any) -> dict[str, Any]:
        try:
            return handin_preview(ls, params)
        except Refusal:
            raise
        except Exception as exc:  # logged with its traceback; the client gets a clear error
            ls.log_exception(PREVIEW)
            raise Refusal(-32603, f"{PREVIEW} failed: {exc!r} (see the server's log)") from exc

    @server.feature(QUESTIONS)
    @guarded(None)
    def on_questions(ls: ReportServer, params: Any) -> dict[str, Any] | None:
        uri = _uri_param(params)
        if uri is None:
            raise Refusal(INVALID_PARAMS, f"{QUESTIONS} takes {{textDocument: {{uri}}}}")
        doc = ls.document(uri)
        if doc is None:
            return None
        ls.refuse_out_of_sync(QUESTIONS, doc)
        analysis = _report(ls, uri)
        if analysis is None:
            return None
        return {
            "uri": uri,
            "version": doc.version,
            "stopped": stop_note(analysis),
            "questions": questions_json(analysis, ls.encoding),
        }
