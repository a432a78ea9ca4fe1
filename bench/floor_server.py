"""The floor: a pygls server that analyses nothing and publishes diagnostics per change.

Without arguments it publishes none. With a file of diagnostics (a JSON list) it publishes those
on every change, encoded once and written in one write as mlops-report writes its own: what the
protocol costs to carry a report's diagnostics to the editor before any analysis.

    python bench/floor_server.py [DIAGNOSTICS.json]
"""

from __future__ import annotations

import json
import sys

from lsprotocol import types
from pygls.lsp.server import LanguageServer

server = LanguageServer(
    "floor", "0", text_document_sync_kind=types.TextDocumentSyncKind.Incremental
)
PAYLOAD: str | None = None


def _publish(ls: LanguageServer, uri: str) -> None:
    doc = ls.workspace.get_text_document(uri)
    if PAYLOAD is None:
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, version=doc.version, diagnostics=[])
        )
        return
    body = (
        f'{{"jsonrpc":"2.0","method":"{types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS}",'
        f'"params":{{"uri":{json.dumps(uri)},"version":{doc.version},"diagnostics":{PAYLOAD}}}}}'
    ).encode()
    ls.protocol.writer.write(b"Content-Length: %d\r\n\r\n%b" % (len(body), body))


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: LanguageServer, params: types.DidOpenTextDocumentParams) -> None:
    _publish(ls, params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: LanguageServer, params: types.DidChangeTextDocumentParams) -> None:
    _publish(ls, params.text_document.uri)


if __name__ == "__main__":
    if len(sys.argv) > 1:
        with open(sys.argv[1], encoding="utf-8") as file:
            PAYLOAD = json.dumps(json.load(file), separators=(",", ":"))
    server.start_io()
