"""A short-lived cache of file-system lookups for the image checks.

Every keystroke re-checks every image path; without a cache each check is a `stat` (and a
directory listing for a missing file). Entries live for `ttl` seconds, and the server drops them
all when the client reports changed files, so a new screenshot is seen at once where the client
watches files and within `ttl` where it does not.
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
        self._files: dict[Path, tuple[float, bool]] = {}
        self._dirs: dict[Path, tuple[float, list[str] | None]] = {}
        self._memo: dict[Hashable, tuple[float, Any]] = {}

    def _room(self) -> None:
        # Typing an image path asks about a new path per keystroke: keep the tables small.
        if len(self._files) + len(self._dirs) + len(self._memo) > MAX_ENTRIES:
            self.invalidate()

    def invalidate(self) -> None:
        """Forget everything (files changed)."""
        self._files.clear()
        self._dirs.clear()
        self._memo.clear()

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """Return `compute()`, remembered under `key` as long as the file lookups are."""
        now = time.monotonic()
        hit = self._memo.get(key)
        if hit is not None and now - hit[0] < self._ttl:
            return cast(T, hit[1])
        value = compute()
        self._room()
        self._memo[key] = (now, value)
        return value

    def is_file(self, path: Path) -> bool:
        """Return whether `path` is an existing file."""
        now = time.monotonic()
        hit = self._files.get(path)
        if hit is not None and now - hit[0] < self._ttl:
            return hit[1]
        value = self._inner.is_file(path)
        self._room()
        self._files[path] = (now, value)
        return value

    def realpath(self, path: Path) -> Path:
        """Return `path` with symbolic links resolved (remembered like the rest)."""
        return self.memo(("realpath", path), lambda: self._inner.realpath(path))

    def listdir(self, path: Path) -> list[str] | None:
        """Return the names in directory `path`, or None."""
        now = time.monotonic()
        hit = self._dirs.get(path)
        if hit is not None and now - hit[0] < self._ttl:
            return hit[1]
        value = self._inner.listdir(path)
        self._room()
        self._dirs[path] = (now, value)
        return value
