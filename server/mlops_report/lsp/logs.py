"""What the server writes to stderr, which editors show in their log of it (VS Code: at info).

Problems only: a person debugging needs the errors, not pygls' notes on routine traffic.
"""

from __future__ import annotations

import json
import logging
import sys

from .guard import Refusal

# pygls' warnings about ordinary traffic. An editor cancels requests whose answers crossed the
# cancellation on the wire (VS Code does so for hovers and inlay hints while one types). A
# message that cannot be decoded is answered (or logged) in one line by the server itself.
ROUTINE = ("Cancel notification for unknown message id", "Unable to deserialize message")
UNREADABLE = (json.JSONDecodeError, UnicodeDecodeError)
"""What pygls's `json.loads` of a message that is not JSON in UTF-8 raises."""


class _DropRoutine(logging.Filter):
    """Drop pygls' notes on routine traffic, and its tracebacks of requests refused on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], Refusal):
            return False  # the client has its answer, which says what was wrong
        if record.exc_info and isinstance(record.exc_info[1], UNREADABLE):
            return False  # the server says, in one line in the client's log (`ReportServer`)
        return not (isinstance(record.msg, str) and record.msg.startswith(ROUTINE))


def configure() -> None:
    """Log warnings and errors to stderr, without notes on routine traffic."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    handler.addFilter(_DropRoutine())
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
