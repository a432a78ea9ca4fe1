"""The first checks' wait for the editor's settings.

The editor sends the report right after `initialized`, before its answer to
`workspace/configuration`: checked at once, it would show codes the user turned off and the wrong
edition, and then again, right, a moment later. While the wait lasts, the documents to check are
held; each is checked once when it ends: the settings came (or the editor could not give them),
or `SETTINGS_WAIT` passed, or the client asked to shut down (nothing checked then).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable

SETTINGS_WAIT = 2.0
"""Seconds the first checks wait for the editor's settings (a client may never answer)."""


class SettingsWait:
    """The documents held until the editor's settings are known, and the timer that ends it."""

    def __init__(
        self, check: Callable[[Iterable[str]], None], late: Callable[[float], None]
    ) -> None:
        """Check the held documents with `check`; call `late(seconds)` when the timer ends it."""
        self._check = check
        self._late = late
        self._held: set[str] | None = None  # None: not waiting
        self._timer: asyncio.TimerHandle | None = None

    @property
    def waiting(self) -> bool:
        """Return whether the settings are still awaited."""
        return self._held is not None

    def start(self) -> None:
        """Hold what is to be checked until `release`, or `SETTINGS_WAIT` seconds."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # driven by hand: nothing can arrive meanwhile
        self._held = set()
        self._timer = loop.call_later(SETTINGS_WAIT, self._timed_out)

    def hold(self, uri: str) -> bool:
        """Hold `uri` for its check when waiting; return whether it was held."""
        if self._held is None:
            return False
        self._held.add(uri)
        return True

    def release(self) -> None:
        """End the wait: check the documents held, each once, in order."""
        held = self._stop()
        if held:
            self._check(sorted(held))

    def cancel(self) -> None:
        """End the wait without checking anything (the client is shutting down)."""
        self._stop()

    def _stop(self) -> set[str] | None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        held, self._held = self._held, None
        return held

    def _timed_out(self) -> None:
        self._timer = None
        if self._held is None:
            return
        self._late(SETTINGS_WAIT)
        self.release()
