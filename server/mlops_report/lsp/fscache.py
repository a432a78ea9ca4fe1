"""A short-lived cache of file-system lookups for the image checks.

Every keystroke re-checks every image path; without a cache each check is a `stat` (and a
directory listing for a missing file). Everything is forgotten `ttl` seconds after the first of
it was learnt, and when the client reports changed files, so a new screenshot is seen at once where
the client watches files and within `ttl` where it does not. The stamp says which of these
generations an answer came from, so results built from it are reused within the same one.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar, cast

from ..engine.filesystem import FileSystem, LocalFileSystem

T = TypeVar("T")
MAX_ENTRIES = 4096


class CachingFileSystem:
    """Wraps a `FileSystem`, remembering answers for `ttl` seconds."""

    def __init__(self, inner: FileSystem | None = None, ttl: float = 2.0) -> None:
        """Cache `inner` (the real file system by default)."""
        self._inner = inner or LocalFileSystem()
        self._ttl = ttl
        self._files: dict[Path, bool] = {}
        self._dirs: dict[Path, list[str] | None] = {}
        self._memo: dict[Hashable, Any] = {}
        self._generation = object()  # unlike a count, never equal to another cache's
        self._since: float | None = None  # when the current generation learnt its first answer

    def _fresh(self) -> None:
        """Forget everything once the current generation is `ttl` old."""
        since = self._since
        if since is not None and time.monotonic() - since >= self._ttl:
            self.invalidate()

    def _learnt(self) -> None:
        # Typing an image path asks about a new path per keystroke: keep the tables small.
        if len(self._files) + len(self._dirs) + len(self._memo) >= MAX_ENTRIES:
            self.invalidate()
        if self._since is None:
            self._since = time.monotonic()

    def invalidate(self) -> None:
        """Forget everything (files changed, or the answers are `ttl` old)."""
        self._files.clear()
        self._dirs.clear()
        self._memo.clear()
        self._generation = object()
        self._since = None

    def stamp(self) -> Hashable:
        """Return the current generation: it changes whenever everything is forgotten."""
        self._fresh()
        return self._generation

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """Return `compute()`, remembered under `key` as long as the file lookups are."""
        self._fresh()
        if key in self._memo:
            return cast(T, self._memo[key])
        value = compute()
        self._learnt()
        self._memo[key] = value
        return value

    def is_file(self, path: Path) -> bool:
        """Return whether `path` is an existing file."""
        self._fresh()
        hit = self._files.get(path)
        if hit is not None:
            return hit
        value = self._inner.is_file(path)
        self._learnt()
        self._files[path] = value
        return value

    def realpath(self, path: Path) -> Path:
        """Return `path` with symbolic links resolved (remembered like the rest)."""
        return self.memo(("realpath", path), lambda: self._inner.realpath(path))

    def listdir(self, path: Path) -> list[str] | None:
        """Return the names in directory `path`, or None."""
        self._fresh()
        if path in self._dirs:
            return self._dirs[path]
        value = self._inner.listdir(path)
        self._learnt()
        self._dirs[path] = value
        return value
