"""Request features (hover, code actions, completion, inlay hints, symbols) on the server."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .server import ReportServer


def register_features(server: ReportServer) -> None:
    """Register the request handlers on `server`."""
