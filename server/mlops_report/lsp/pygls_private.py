"""The private parts of pygls this server relies on: each named once, with why.

pygls 2 offers no public way to do these; `missing()` says which of them a pygls release has
dropped, and a test fails with its message, so an upgrade cannot break the server silently.
"""

from __future__ import annotations

import threading
from typing import Any

from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.workspace import TextDocument, Workspace

WHY: dict[str, str] = {
    "LanguageServerProtocol._include_headers": "frame the messages the server encodes itself",
    "LanguageServerProtocol._workspace": "use documents that keep a line index of their text",
    "LanguageServer._report_server_error": "report a failed write of our own as pygls does",
    "LanguageServer._stop_event": "stop the server's own stdin loop as pygls's start_io does",
    "TextDocument._apply_incremental_change": "patch the line index on each edit (overridden)",
    "TextDocument._source": "keep the text the patched line index holds",
    "Workspace._create_text_document": "create our documents (overridden)",
    "Workspace._sync_kind": "give our documents the workspace's sync kind",
    "Workspace._position_codec": "give our documents the workspace's position encoding",
}
"""Each private attribute used, by `Class.name`, and what it is needed for."""


def include_headers(protocol: LanguageServerProtocol) -> bool:
    """Return whether messages on this protocol are framed with `Content-Length` headers."""
    return bool(protocol._include_headers)


def set_workspace(protocol: LanguageServerProtocol, workspace: Workspace) -> None:
    """Make `workspace` the one the protocol's document handlers update."""
    protocol._workspace = workspace


def report_server_error(server: LanguageServer, error: Exception, kind: Any) -> None:
    """Report an error as pygls reports the errors it catches."""
    server._report_server_error(error, kind)


def set_stop_event(server: LanguageServer, event: threading.Event) -> None:
    """Give the server the event that its `exit` handler sets."""
    server._stop_event = event


def set_source(document: TextDocument, source: str) -> None:
    """Replace a document's text (after an edit the server applied itself)."""
    document._source = source


def document_options(workspace: Workspace) -> dict[str, Any]:
    """Return the keyword arguments a workspace gives the documents it creates."""
    return {"sync_kind": workspace._sync_kind, "position_codec": workspace._position_codec}


def missing() -> list[str]:
    """Return the private attributes (see `WHY`) the installed pygls no longer has."""
    server = LanguageServer("probe", "0")
    workspace = Workspace(None)
    found = {
        "LanguageServerProtocol": server.protocol,
        "LanguageServer": server,
        "TextDocument": TextDocument("file:///probe.md", ""),
        "Workspace": workspace,
    }
    gone = []
    for dotted, why in WHY.items():
        cls, name = dotted.split(".")
        if not hasattr(found[cls], name):
            gone.append(f"pygls no longer has {dotted}, which mlops-report uses to {why}")
    return gone
