"""The language server: live diagnostics for the exam report, over stdio.

Analysis runs on the event loop itself, either at once (debounce 0, open, save) or when a
per-document timer fires. Each run reads the document as it is then, so what is published always
carries the version it was computed from, and an older result can never follow a newer one.
"""

from __future__ import annotations

import asyncio
import sys
import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO
from urllib.parse import unquote

from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcMethodNotFound
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument

from .. import __version__
from ..config import ConfigFinder, ProjectConfig, apply
from ..diagnostics import diagnostic_json
from ..engine.analysis import Analysis
from ..engine.codes import Code
from ..engine.detect import report_py_beside
from ..engine.pipeline import analyze, prepare
from ..engine.registry import OUT_OF_SYNC, TOO_LARGE
from ..engine.reportpy import MARKER
from ..engine.text import PositionEncoding, SourceText
from .convert import DiagnosticEncoder, compact, encoding_of, summary_params
from .document import ReportDocument, out_of_sync
from .fscache import CachingFileSystem
from .guard import REQUEST_FAILED, Refusal
from .inlay import hint_labels
from .protocol import ReportProtocol, unparsed_change
from .settings import SECTION, Settings, parse_settings
from .settings_wait import SettingsWait
from .stdio import serve_stdin

if TYPE_CHECKING:
    from pygls.server import ServerErrors

SUMMARY = "mlopsReport/summary"
LIVE_LIMIT_CHARS = 2_000_000
LIVE_LIMIT_LINES = 50_000
OUT_OF_SYNC_LOST = "mlops-report lost track of this file's text"
OUT_OF_SYNC_MESSAGE = f"{OUT_OF_SYNC_LOST}; close and reopen it."
OUT_OF_SYNC_SUMMARY = "lost track of the text: close and reopen the file"
HINT_DELAY = 0.04
"""Seconds of quiet after a publish before the inlay hints are compared (see `refresh_hints`)."""


def line_count(doc: TextDocument) -> int:
    """Return how many lines a document has."""
    if isinstance(doc, ReportDocument):  # its lines are indexed already: no need to count them
        return doc.index.line_count
    return doc.source.count("\n") + 1


def over_live_limits(doc: TextDocument) -> bool:
    """Return whether a document is too large to check on every keystroke (a report: 30-50 KB)."""
    return len(doc.source) > LIVE_LIMIT_CHARS or line_count(doc) - 1 > LIVE_LIMIT_LINES


MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")


@dataclass
class DocState:
    """What the server keeps per open document."""

    analysis: Analysis | None = None
    version: int | None = None
    last: Analysis | None = None  # the latest analysis, even stale: the next one reuses its parts
    timer: asyncio.TimerHandle | None = None
    published: bool = False
    encoder: DiagnosticEncoder = field(default_factory=DiagnosticEncoder)
    settings: Settings | None = None  # the editor's, over the project's pyproject.toml
    settings_from: tuple[Settings, ProjectConfig] | None = None  # what `settings` was made of
    hints: tuple[str | None, ...] | None = None  # what its inlay hints said when last compared
    hint_timer: asyncio.TimerHandle | None = None  # the comparison waiting for a quiet moment
    asked_early: bool = False  # a request was answered before the settings came (see `release`)
    said_out_of_sync: bool = False  # its last publish said the server lost track of its text

    def stop_timers(self) -> None:
        """Cancel the pending analysis and hint comparison."""
        for timer in (self.timer, self.hint_timer):
            if timer is not None:
                timer.cancel()
        self.timer = self.hint_timer = None


class ReportServer(LanguageServer):
    """A pygls server that keeps one up-to-date analysis per open report."""

    def __init__(self) -> None:
        """Create the server (incremental text sync)."""
        super().__init__(
            "mlops-report",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            protocol_cls=ReportProtocol,
        )
        self.settings = Settings()
        self.states: dict[str, DocState] = {}
        self.fs = CachingFileSystem()
        self.configs = ConfigFinder()
        self._told: set[tuple[Path, tuple[str, ...]]] = set()
        self._reporting = False
        self.initial_settings: Any = None  # the `initializationOptions`' settings, if any
        self.settings_wait = SettingsWait(self._check_held, self._settings_late)
        self.shut_down = False  # the client has asked to shut down
        self.exited = False  # the client has sent `exit`

    def start_io(self, stdin: BinaryIO | None = None, stdout: BinaryIO | None = None) -> None:
        """Serve over stdio until the client exits.

        pygls reads stdin in a worker thread, three reads a message, each handed back to the event
        loop: on this project's 2-core bench machine that costs about 1 ms a keystroke. Where
        stdin is a pipe (as editors start a server, on Linux and macOS) the event loop reads it
        itself (`stdio.py`); anything else is served as pygls does.
        """
        if stdin is not None or sys.platform == "win32":
            super().start_io(stdin, stdout)
            return
        serve_stdin(self, stdout or sys.stdout.buffer, self.report_server_error)

    def exit_status(self) -> int:
        """Return the process's exit status: 1 after an `exit` without `shutdown` (LSP)."""
        return 1 if self.exited and not self.shut_down else 0

    # -- helpers ---------------------------------------------------------------------------------

    @property
    def encoding(self) -> PositionEncoding:
        """Return the negotiated position encoding."""
        kind = self.workspace.position_encoding
        return encoding_of(None if kind is None else str(getattr(kind, "value", kind)))

    def log(self, message: str, kind: types.MessageType = types.MessageType.Log) -> None:
        """Write to the client's log (its output channel)."""
        self.window_log_message(types.LogMessageParams(type=kind, message=message))

    def log_exception(self, where: str) -> None:
        """Log the current exception with its traceback; the server carries on."""
        self.log(f"{where} failed:\n{traceback.format_exc()}", types.MessageType.Error)

    def report_server_error(self, error: Exception, source: ServerErrors) -> None:
        """Log what pygls caught outside our guarded handlers (no pop-up); the server carries on.

        pygls' default shows an error message box for notification errors (e.g. a `didChange`
        for a document that is not open) and says nothing about failed requests.
        """
        if isinstance(error, (JsonRpcMethodNotFound, Refusal)) or self._reporting:
            return  # an unknown method or a refused request is the client's business
        if (unparsed := unparsed_change(error)) is not None:
            change, uri = unparsed
            why = f"a message that is not JSON in UTF-8 ({error})"
            if change:  # to that document if it is open, else to any
                self.lose_sync(uri if uri and self.document(uri) else None, why)
            else:
                self.log(f"Ignored {why}", types.MessageType.Warning)
            return
        self._reporting = True
        try:
            trace = "".join(traceback.format_exception(type(error), error, error.__traceback__))
            self.log(f"{source.__name__}: {trace}", types.MessageType.Error)
        finally:
            self._reporting = False

    def document(self, uri: str) -> TextDocument | None:
        """Return the open document at `uri`, or None when the client has not opened it."""
        # pygls keys its documents by the percent-decoded URI (`file:///my%20reports/...`).
        doc: TextDocument | None = self.workspace.text_documents.get(unquote(uri))
        return doc

    def analysis_of(self, uri: str) -> Analysis | None:
        """Return an analysis of the document's current text (reusing the last when current)."""
        doc = self.document(uri)
        if doc is None or not is_markdown(doc) or out_of_sync(doc) is not None:
            return None  # nothing to say about a text that may not be the editor's
        if over_live_limits(doc):
            return None
        state = self.states.setdefault(uri, DocState())
        if self.settings_wait.waiting:
            state.asked_early = True  # its answer (inlay hints) may not hold with the settings
        last = state.analysis
        # The very text, not only its version number: a client may send one number twice.
        if last is not None and state.version == doc.version and last.source.original is doc.source:
            return last
        return self._analyze(uri, doc)

    def settings_for(self, path: Path | None, state: DocState) -> Settings:
        """Return the settings for a report: the editor's over its `[tool.mlops-report]`."""
        if path is None:
            return self.settings
        config = self.configs.find(path)
        last = state.settings_from
        if last is not None and last[0] is self.settings and last[1] is config:
            assert state.settings is not None
            return state.settings  # neither changed: the same merge as the last keystroke's
        if config.problems:
            self._tell(config)
        elif config.path is not None:  # mended: a new slip there is worth saying again
            self._told = {told for told in self._told if told[0] != config.path}
        state.settings_from = (self.settings, config)
        return apply(self.settings, config)

    def _tell(self, config: ProjectConfig) -> None:
        """Say what is wrong with a `[tool.mlops-report]` table: in the log, and once shown.

        Otherwise the squiggles the group switched off come back with no visible reason.
        """
        assert config.path is not None
        key = (config.path, config.problems)
        if key in self._told:
            return  # once per file and content, not on every keystroke
        self._told.add(key)
        for problem in config.problems:
            self.log(f"{config.path}: [tool.mlops-report] {problem}", types.MessageType.Warning)
        used = config.edition not in (None, "auto") or config.severity or config.questions
        outcome = (
            "Those entries are ignored: the defaults apply to them."
            if used
            else "Checking with the default settings."
        )
        message = f"{config.path}: [tool.mlops-report] {'; '.join(config.problems)}. {outcome}"
        self.window_show_message(
            types.ShowMessageParams(type=types.MessageType.Warning, message=message)
        )

    def _analyze(self, uri: str, doc: TextDocument) -> Analysis:
        path = Path(p) if uri.startswith("file:") and (p := to_fs_path(uri)) else None
        report_py = report_py_beside(path) if path else None
        text = doc.index if isinstance(doc, ReportDocument) else doc.source
        state = self.states.setdefault(uri, DocState())
        state.settings = settings = self.settings_for(path, state)
        analysis = analyze(
            text,
            path=path,
            edition=settings.edition,
            report_py=report_py,
            fs=self.fs,
            previous=state.last,
        )
        state.analysis, state.version, state.last = analysis, doc.version, analysis
        return analysis

    # -- the analysis cycle ----------------------------------------------------------------------

    def _check_held(self, uris: Iterable[str]) -> None:
        """Check the documents held for the editor's settings (see `settings_wait`)."""
        for uri in uris:
            if self.document(uri) is not None:
                self.schedule(uri, immediate=True)

    def _settings_late(self, seconds: float) -> None:
        given = "the initialization options" if self.initial_settings else "the default settings"
        self.log(
            f"The editor has not answered workspace/configuration within {seconds:g} s: "
            f"checking with {given} until it does.",
            types.MessageType.Warning,
        )

    def schedule(self, uri: str, immediate: bool = False) -> None:
        """Analyse `uri` now or after the debounce, cancelling a pending run."""
        if self.settings_wait.hold(uri):
            return  # checked once the editor's settings are known
        state = self.states.setdefault(uri, DocState())
        if state.timer is not None:
            state.timer.cancel()
            state.timer = None
        delay = 0.0 if immediate else self.settings.debounce_ms / 1000
        if delay <= 0:
            self.publish(uri)
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.publish(uri)
            return
        state.timer = loop.call_later(delay, self.publish, uri)

    def publish(self, uri: str) -> None:
        """Analyse the document as it is now and publish its diagnostics and summary."""
        state = self.states.get(uri)
        if state is not None:
            state.timer = None
        doc = self.document(uri)
        if doc is None or not is_markdown(doc):
            return
        if (why := out_of_sync(doc)) is not None:
            self._out_of_sync(uri, doc, why)
            return
        if state is not None:
            state.said_out_of_sync = False  # what follows replaces it
        if self.too_large(uri, doc):
            return
        try:
            analysis = self._analyze(uri, doc)
        except Exception:
            self.log_exception(f"analysing {uri}")
            return
        state = self.states[uri]
        if not analysis.is_report:
            self._not_a_report(uri, doc.version, state)
            return
        encoded = state.encoder.encode(analysis, state.settings or self.settings, self.encoding)
        self._publish(uri, doc.version, encoded, summary_params(uri, doc.version, analysis))
        state.published = True
        self.refresh_hints(state, analysis)

    def lose_sync(self, uri: str | None, why: str) -> None:
        """Take the document at `uri` as out of sync with the editor's, and say so.

        A change the server could not read was made to it; with no `uri` that could be read,
        to any open document.
        """
        if uri is not None and self.document(uri) is None:
            not_open = f"Ignored a change to {uri}: it is not open ({why})"
            self.log(not_open, types.MessageType.Warning)
            return
        docs = [self.document(uri)] if uri is not None else self.workspace.text_documents.values()
        for doc in list(docs):
            if isinstance(doc, ReportDocument):
                doc.out_of_sync = why
                self.schedule(doc.uri, immediate=True)

    def refuse_out_of_sync(self, method: str, doc: TextDocument) -> None:
        """Refuse a request about a document whose text may not be the editor's (-32803)."""
        if out_of_sync(doc) is not None:
            raise Refusal(REQUEST_FAILED, f"{method}: {OUT_OF_SYNC_MESSAGE}")

    def _out_of_sync(self, uri: str, doc: TextDocument, why: str) -> None:
        """Publish, once, that the server lost track of the document's text (see `document.py`).

        Its old diagnostics go: they may point at words that have moved. One diagnostic and the
        summary say what to do; requests about it get empty answers (`analysis_of`) meanwhile.
        """
        state = self.states.setdefault(uri, DocState())
        if state.said_out_of_sync:
            return
        state.said_out_of_sync = True
        state.analysis = None
        self.log(
            f"{uri}: {OUT_OF_SYNC_LOST} ({why}). Nothing is checked or offered for it until the "
            "editor sends all of its text again: close and reopen it.",
            types.MessageType.Warning,
        )
        summary = summary_params(uri, doc.version, None)
        summary.update(text=OUT_OF_SYNC_SUMMARY, error=OUT_OF_SYNC_MESSAGE)
        self._notice(uri, doc.version, state, OUT_OF_SYNC, OUT_OF_SYNC_MESSAGE, summary)

    def _not_a_report(self, uri: str, version: int | None, state: DocState) -> None:
        # It was a report: clear what we published for it.
        cleared: list[str] | None = [] if state.published else None
        state.published = False
        # CONTRACT: a non-report Markdown document gets an empty summary ("not a report").
        self._publish(uri, version, cleared, summary_params(uri, version, None))
        self.refresh_hints(state, None)

    def too_large(self, uri: str, doc: TextDocument) -> bool:
        """Say so, once per version, when a document is too large to check on every keystroke.

        A report is 30-50 KB; a document past the limits gets one clear diagnostic (or nothing,
        when it is no report at all) instead of an editor that stalls. The command line still
        checks it in full.
        """
        text = doc.source
        if not over_live_limits(doc):
            return False
        state = self.states.setdefault(uri, DocState())
        state.analysis, state.version, state.last = None, doc.version, None
        if MARKER not in text:
            self._not_a_report(uri, doc.version, state)
            return True
        size = f"{len(text) / 1_000_000:.1f} MB, {line_count(doc):,} lines"
        message = (
            f"This document is too large to check on every keystroke ({size}). "
            "Run `mlops-report check` on it instead."
        )
        summary = summary_params(uri, doc.version, None)
        summary["text"] = "too large to check live"
        self._notice(uri, doc.version, state, TOO_LARGE, message, summary)
        return True

    def _notice(
        self,
        uri: str,
        version: int | None,
        state: DocState,
        code: Code,
        message: str,
        summary: dict[str, Any],
    ) -> None:
        """Publish, for a document not checked, one diagnostic of `code` at its start, alone."""
        level = self.settings.level(code.name, code.severity)
        diags: list[str] = []
        if level is not None:  # the user may have turned this code off too
            finding = code(message, 0, 0)
            diags.append(compact(diagnostic_json(SourceText(""), finding, level, self.encoding)))
        self._publish(uri, version, diags, summary)
        state.published = True
        self.refresh_hints(state, None)

    def _publish(
        self, uri: str, version: int | None, diagnostics: list[str] | None, summary: dict[str, Any]
    ) -> None:
        """Send a document's diagnostics (JSON texts; None: leave them) and then its summary."""
        bodies = []
        if diagnostics is not None:
            head = {"uri": uri} if version is None else {"uri": uri, "version": version}
            params = compact(head)[:-1]  # its `}` cut to add the list
            bodies.append(
                f'{{"jsonrpc":"2.0","method":"{types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS}",'
                f'"params":{params},"diagnostics":[{",".join(diagnostics)}]}}}}'
            )
        bodies.append(compact({"jsonrpc": "2.0", "method": SUMMARY, "params": summary}))
        protocol = self.protocol
        assert isinstance(protocol, ReportProtocol)
        protocol.send_encoded(*bodies)

    def refresh_hints(self, state: DocState, analysis: Analysis | None) -> None:
        """Ask the client to ask again for inlay hints once what they say has changed.

        VS Code otherwise keeps a hint's old count for over a second after each keystroke. The
        labels are compared once the document has been quiet for `HINT_DELAY`: a burst of edits
        (a held key, a fast typist) costs neither the labels after each publish nor a round of
        hint requests from the editor per keystroke.
        """
        caps = self.client_capabilities.workspace
        if not (caps and caps.inlay_hint and caps.inlay_hint.refresh_support):
            return
        if state.hint_timer is not None:
            state.hint_timer.cancel()
            state.hint_timer = None
        if state.hints is None and not state.asked_early:
            # Opening: the client asks by itself after this publish; this is what it will get.
            state.hints = () if analysis is None else hint_labels(analysis)
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self._compare_hints(state, analysis)
            return
        state.hint_timer = loop.call_later(HINT_DELAY, self._compare_hints, state, analysis)

    def _compare_hints(self, state: DocState, analysis: Analysis | None) -> None:
        """Send the refresh when the hints of `analysis` (the latest published) say otherwise."""
        state.hint_timer = None
        labels = () if analysis is None else hint_labels(analysis)
        known, state.hints = state.hints, labels
        if known != labels:
            self.workspace_inlay_hint_refresh(None)

    def forget(self, uri: str) -> None:
        """Drop a closed document: cancel its pending run and clear its diagnostics."""
        state = self.states.pop(uri, None)
        if state is None:
            return
        state.stop_timers()
        if state.published:
            self._publish(uri, None, [], summary_params(uri, None, None))

    def prepare_engine(self) -> None:
        """Build the engine's parsers and renderers before the first analysis needs them."""
        try:
            prepare()
        except Exception:  # the first analysis meets it again, and says so
            self.log_exception("preparing the engine")

    def stop_timers(self) -> None:
        """Cancel every pending analysis and hint comparison (the client is shutting down)."""
        for state in self.states.values():
            state.stop_timers()
        self.settings_wait.cancel()

    def reanalyze_all(self) -> None:
        """Re-run every open document (settings, figures or a pyproject.toml changed)."""
        self.fs.invalidate()
        self.configs.forget()
        for uri in list(self.states):
            if self.document(uri) is not None:
                self.states[uri].analysis = None
                self.states[uri].said_out_of_sync = False  # said again, at the new settings
                self.schedule(uri, immediate=True)

    def pulls_settings(self) -> bool:
        """Return whether the client answers `workspace/configuration`."""
        caps = self.client_capabilities.workspace
        return bool(caps and caps.configuration)

    async def pull_settings(self) -> None:
        """Read the `mlopsReport` settings from the client, when it supports that.

        An editor with nothing under `mlopsReport` answers null (Neovim without `settings`):
        the initialization options, if any, stand.
        """
        if not self.pulls_settings():
            return
        try:
            answer = await self.workspace_configuration_async(
                types.ConfigurationParams(items=[types.ConfigurationItem(section=SECTION)])
            )
        except JsonRpcException as error:  # an error, or an answer that cannot be read
            self._no_settings(str(error))
            return
        except Exception:
            self.log_exception("reading settings")
            return
        if len(answer) != 1:
            self._no_settings(f"{len(answer)} answers for 1 section")
            return
        [raw] = answer
        self.apply_settings(self.initial_settings if raw is None else raw)

    def _no_settings(self, why: str) -> None:
        """Say, in one line, that the editor's answer to `workspace/configuration` is no use."""
        self.log(
            f"The editor could not give its settings ({why}): the current ones stay.",
            types.MessageType.Warning,
        )

    def apply_settings(self, raw: Any) -> None:
        """Use new settings, saying what was wrong with them, and re-check everything."""
        settings, problems = parse_settings(raw)
        for problem in problems:
            self.log(f"settings: {problem}", types.MessageType.Warning)
        if settings != self.settings:
            self.settings = settings
            self.reanalyze_all()


def is_markdown(doc: TextDocument) -> bool:
    """Return whether a document is Markdown, by language id or file name."""
    if doc.language_id:
        return doc.language_id.lower() == "markdown"
    return doc.uri.lower().endswith(MARKDOWN_SUFFIXES)
