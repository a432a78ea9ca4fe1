"""The language server put together: lifecycle and document handlers, request features, stdio."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import sys

from lsprotocol import types

from .document import adopt_workspace, out_of_sync
from .features import register_features
from .guard import guarded
from .logs import configure as configure_logging
from .pygls_private import set_workspace
from .server import ReportServer
from .settings import SECTION, parse_settings


def create_server() -> ReportServer:
    """Return a server with every feature registered."""
    # One short handler per LSP method, each only adapting params: longer than 60 lines as a
    # list, not as logic.
    server = ReportServer()

    @server.feature(types.INITIALIZE)
    @guarded()
    def initialize(ls: ReportServer, params: types.InitializeParams) -> None:
        # pygls has just built its workspace; use documents with LSP's own line model.
        set_workspace(ls.protocol, adopt_workspace(ls.protocol.workspace))
        options = params.initialization_options
        if isinstance(options, dict):
            ls.initial_settings = options.get(SECTION, options)
            ls.settings, problems = parse_settings(ls.initial_settings)
            for problem in problems:
                ls.log(f"settings: {problem}", types.MessageType.Warning)
        if ls.pulls_settings():
            ls.settings_wait.start()  # until `initialized` has them
        # Once the answer is sent (this handler is synchronous: pygls writes it first), while
        # the client sends the report: what its first analysis would otherwise build first.
        # Without a loop (driven by hand) that analysis builds it.
        with contextlib.suppress(RuntimeError):
            asyncio.get_running_loop().call_soon(ls.prepare_engine)

    @server.feature(types.INITIALIZED)
    @guarded()
    async def initialized(ls: ReportServer, params: types.InitializedParams) -> None:
        # Both at once: an editor slow to give its settings, or never, delays no watcher.
        await asyncio.gather(settle_settings(ls), watch_files(ls))

    @server.feature(types.SHUTDOWN)
    @guarded()
    def shutdown(ls: ReportServer, params: None) -> None:
        ls.shut_down = True
        ls.stop_timers()  # nothing may be sent once the client has asked to shut down

    @server.feature(types.EXIT)
    def on_exit(ls: ReportServer, params: None) -> None:
        ls.exited = True  # pygls then stops the server; `serve` exits with `exit_status`

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    @guarded()
    def did_open(ls: ReportServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, immediate=True)
        # The report's model lives while it is open, and an edit replaces a part of it at a
        # time: out of the collector's full passes, which would rescan all of it (tens of ms on
        # a bent 400 KB report) every few hundred keystrokes.
        gc.freeze()

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    @guarded()
    def did_change(ls: ReportServer, params: types.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        doc = ls.document(uri)
        if doc is None:
            ls.log(f"Ignored a change to {uri}: it is not open", types.MessageType.Warning)
            return
        if out_of_sync(doc) is not None:
            ls.schedule(uri, immediate=True)  # says so, once (`ReportServer.publish`)
        elif ls.settings.run == "onType":
            ls.schedule(uri)
        elif (state := ls.states.get(uri)) is not None:
            state.analysis = None  # stale until saved; requests re-analyse on demand
            if state.said_out_of_sync:
                ls.schedule(uri, immediate=True)  # back in sync: its notice goes at once

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    @guarded()
    def did_save(ls: ReportServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, immediate=True)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    @guarded()
    def did_close(ls: ReportServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.forget(params.text_document.uri)

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    @guarded()
    async def did_change_configuration(
        ls: ReportServer, params: types.DidChangeConfigurationParams
    ) -> None:
        settings = params.settings
        if isinstance(settings, dict) and SECTION in settings:
            ls.apply_settings(settings[SECTION])
        else:
            await ls.pull_settings()

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    @guarded()
    def did_change_watched_files(
        ls: ReportServer, params: types.DidChangeWatchedFilesParams
    ) -> None:
        ls.reanalyze_all()

    register_features(server)
    return server


async def settle_settings(ls: ReportServer) -> None:
    """Ask the editor for its settings; whatever comes of it, end the first checks' wait."""
    try:
        await ls.pull_settings()
    finally:
        ls.settings_wait.release()


async def watch_files(ls: ReportServer) -> None:
    """Register the file watchers, when the client can: figures and `pyproject.toml` files."""
    watch = ls.client_capabilities.workspace
    dynamic = watch and watch.did_change_watched_files
    if not (dynamic and dynamic.dynamic_registration):
        return
    await ls.client_register_capability_async(
        types.RegistrationParams(
            registrations=[
                types.Registration(
                    id="mlops-report-figures",
                    method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                    register_options=types.DidChangeWatchedFilesRegistrationOptions(
                        watchers=[
                            types.FileSystemWatcher(glob_pattern="**/figures/**"),
                            types.FileSystemWatcher(glob_pattern="**/pyproject.toml"),
                        ]
                    ),
                )
            ]
        )
    )


def serve() -> None:
    """Run the language server over stdio until the client exits."""
    configure_logging()
    server = create_server()
    # Everything alive now (lsprotocol's types, pygls, the engine) lives as long as the process:
    # keep it out of the collector's full passes, which otherwise rescan it during typing. No
    # collection first: it would cost 17 ms of the start for the little garbage imports leave.
    gc.freeze()
    server.start_io()
    if status := server.exit_status():
        sys.exit(status)
