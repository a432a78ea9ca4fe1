"""What the server writes to stderr, which editors show in their log of it (VS Code: at info).

Problems only: a person debugging needs the errors, not pygls' notes on routine traffic.
"""

from __future__ import annotations

import logging
import sys

# pygls' warnings about ordinary traffic. An editor cancels requests whose answers crossed the
# cancellation on the wire (VS Code does so for hovers and inlay hints while one types).
ROUTINE = ("Cancel notification for unknown message id",)


class _DropRoutine(logging.Filter):
    """Drop pygls' notes on routine traffic."""

    def filter(self, record: logging.LogRecord) -> bool:
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
