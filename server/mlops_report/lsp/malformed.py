"""Messages whose params (or result) do not fit their method: what was wrong, in one line.

pygls turns params into lsprotocol types while the JSON is decoded, and a message that does not
fit (a hover without `position`, a line of -1) fails there, before pygls knows which request to
answer: the client would wait forever, and a long cattrs traceback would go to the log. An
answer of the client's that does not fit leaves the server's request waiting just as long.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from cattrs import transform_error
from cattrs.v import format_exception
from lsprotocol import types

INVALID_PARAMS = int(types.ErrorCodes.InvalidParams)
"""The JSON-RPC error a request with params that do not fit is answered with (-32602)."""


@dataclass(frozen=True, slots=True)
class Malformed:
    """A request or notification that could not be read: answered or logged, never handled."""

    id: int | str | None  # None: a notification
    method: str
    problem: str
    uri: str | None = None  # the document it names, when that much could be read

    def message(self) -> str:
        """Return what to tell the client, in one line."""
        return f"invalid params for {self.method}: {self.problem}"


def _describe(error: BaseException, kind: Any) -> str:
    if isinstance(error, ValueError) and str(error):
        return f"invalid value ({error})"  # lsprotocol's validators say what they expected
    return format_exception(error, kind)


def _camel(path: str) -> str:
    """Write lsprotocol's attribute names as the protocol's (`text_document` → `textDocument`)."""
    return re.sub(r"_([a-z])", lambda m: m.group(1).upper(), path)


def problem(error: BaseException) -> str:
    """Return, in one line, why a message failed to decode with `error` (each field's fault)."""
    cause = error.__cause__ or error
    try:
        problems = transform_error(cause, path="$", format_exception=_describe)
    except Exception:  # not a cattrs error: say what it is
        problems = [f"{type(cause).__name__}: {cause}"]
    return "; ".join(_camel(p) for p in problems)


def message_id(data: dict[str, Any]) -> int | str | None:
    """Return the `id` of the message `data` when it is one JSON-RPC allows, else None."""
    ident = data.get("id")
    return ident if isinstance(ident, (int, str)) and not isinstance(ident, bool) else None


def malformed(data: dict[str, Any], error: BaseException) -> Malformed:
    """Return what was wrong with the message `data`, which failed to decode with `error`."""
    params = data.get("params")
    doc = params.get("textDocument") if isinstance(params, dict) else None
    uri = doc.get("uri") if isinstance(doc, dict) else None
    return Malformed(
        message_id(data),
        str(data.get("method")),
        problem(error),
        uri if isinstance(uri, str) else None,
    )
