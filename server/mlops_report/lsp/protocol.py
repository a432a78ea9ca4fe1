"""The wire: pygls's protocol, answering what cannot be decoded and sending pre-encoded JSON.

pygls decodes each message into lsprotocol types before it knows which handler to call; a message
whose params do not fit its method would otherwise fail there (see `malformed.py`). And pygls
unstructures every message it sends with cattrs; the diagnostics, encoded once by the server
(`convert.DiagnosticEncoder`), go out as they are.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import re
from typing import Any, Protocol, cast

from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInternalError
from pygls.protocol import LanguageServerProtocol

from .convert import compact
from .malformed import INVALID_PARAMS, Malformed, malformed, message_id, problem
from .pygls_private import include_headers, report_server_error

INVALID_REQUEST = int(types.ErrorCodes.InvalidRequest)
"""The JSON-RPC error a request after `shutdown` is answered with (-32600)."""
AFTER_SHUTDOWN = "the server has been asked to shut down; only exit may follow"


class Listener(Protocol):
    """What the protocol asks of the server (`server.ReportServer`) and tells it."""

    shut_down: bool  # the client has asked to shut down

    def log(self, message: str, kind: types.MessageType = types.MessageType.Log) -> None:
        """Write to the client's log."""

    def lose_sync(self, uri: str | None, why: str) -> None:
        """Take the document at `uri` (None: every one) as out of sync with the editor's."""


_URI = re.compile(rb'"uri"\s*:\s*"([^"\\]*)"')


def unparsed_change(error: Exception) -> tuple[bool, str | None] | None:
    """Return whether a message that could not be parsed was a change, and to which document.

    `error` is what `json.loads` raised (None is returned for anything else): a body naming
    `textDocument/didChange` is a change the server's copy lacks, to the first URI in it if any.
    """
    if isinstance(error, json.JSONDecodeError):
        body = error.doc.encode("utf-8", "surrogatepass")
    elif isinstance(error, UnicodeDecodeError) and isinstance(error.object, bytes):
        body = error.object
    else:
        return None
    if f'"{types.TEXT_DOCUMENT_DID_CHANGE}"'.encode() not in body:
        return False, None
    found = _URI.search(body)
    return True, found.group(1).decode("utf-8", "replace") if found else None


_WRITES: set[asyncio.Future[Any]] = set()
"""Writes under way on a socket transport (a task nobody holds may be collected mid-write)."""


class ReportProtocol(LanguageServerProtocol):
    """pygls's protocol, able to send messages the server has encoded itself.

    pygls otherwise unstructures every message with cattrs, walking each key and value of the
    diagnostics again: more work than the analysis on every keystroke.
    """

    def structure_message(self, data: dict[str, Any]) -> Any:
        """Decode a message; one whose params do not fit its method becomes a `Malformed`.

        An answer to a request of the server's that cannot be read becomes an error answer to
        that request, which would otherwise wait forever (the settings wait, say).
        """
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            if "method" in data:
                return malformed(data, error)
            ident = message_id(data)
            if ident is None:
                raise  # no request to give it to: pygls reports it
            unread = f"its answer could not be read: {problem(error)}"
            return types.ResponseErrorMessage(
                id=ident, error=types.ResponseError(code=INVALID_PARAMS, message=unread)
            )

    def handle_message(self, message: Any) -> None:
        """Handle a message; answer a malformed request with InvalidParams, log a notification.

        After `shutdown` only `exit` is handled: a request is answered InvalidRequest, as LSP
        says, and anything else dropped (pygls would leave a request unanswered).
        """
        method = getattr(message, "method", None)
        if cast(Listener, self._server).shut_down and method != types.EXIT:
            ident = getattr(message, "id", None)
            if method is not None and ident is not None:
                error = {"code": INVALID_REQUEST, "message": f"{method}: {AFTER_SHUTDOWN}"}
                self.send_encoded(compact({"jsonrpc": "2.0", "id": ident, "error": error}))
            return
        if not isinstance(message, Malformed):
            super().handle_message(message)
            return
        if message.method == types.INITIALIZED and message.id is None:
            # Its params hold nothing (they were left out, say): the client is initialized.
            initialized: Any = types.InitializedNotification(params=types.InitializedParams())
            super().handle_message(initialized)
            return
        if message.id is None:
            server = cast(Listener, self._server)
            if message.method == types.TEXT_DOCUMENT_DID_CHANGE:
                # A change was made that the server's copy lacks.
                server.lose_sync(message.uri, message.message())
                return
            server.log(f"Ignored {message.message()}", types.MessageType.Warning)
            return
        error = {"code": INVALID_PARAMS, "message": message.message()}
        self.send_encoded(compact({"jsonrpc": "2.0", "id": message.id, "error": error}))

    def send_encoded(self, *bodies: str) -> None:
        """Send messages whose JSON bodies are already written (ASCII), in one write."""
        if self.writer is None:
            return
        framed = []
        for text in bodies:
            body = text.encode(self.CHARSET)
            if include_headers(self):
                header = (
                    f"Content-Length: {len(body)}\r\n"
                    f"Content-Type: {self.CONTENT_TYPE}; charset={self.CHARSET}\r\n\r\n"
                )
                framed.append(header.encode(self.CHARSET))
            framed.append(body)
        try:
            written = self.writer.write(b"".join(framed))
            if inspect.isawaitable(written):  # a socket transport: keep the write alive
                pending = asyncio.ensure_future(written)
                _WRITES.add(pending)
                pending.add_done_callback(_WRITES.discard)
        except BrokenPipeError:
            raise
        except Exception as error:  # as pygls does: report it, keep serving
            report_server_error(self._server, error, JsonRpcInternalError)
