"""What the engine may ask of the file system: existence and listings, never contents."""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Protocol, TypeVar

T = TypeVar("T")


class FileSystem(Protocol):
    """What the image checks may ask of the file system: existence and listings, never contents."""

    def is_file(self, path: Path) -> bool:
        """Return whether `path` is an existing file."""

    def listdir(self, path: Path) -> list[str] | None:
        """Return the names in directory `path`, or None when it is not a readable directory."""

    def realpath(self, path: Path) -> Path:
        """Return `path` with symbolic links resolved (the links are read, no file contents)."""

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """Return `compute()`, which depends only on `key` and the file system's state.

        A caching file system may remember it as long as it remembers its lookups.
        """

    def stamp(self) -> Hashable:
        """Return a value that stays equal only while earlier answers still hold.

        What was computed from the file system under one stamp may be reused under an equal one.
        """


class LocalFileSystem:
    """The real file system, asked afresh each time."""

    def is_file(self, path: Path) -> bool:
        """Return whether `path` is an existing file."""
        try:
            return path.is_file()
        except OSError:
            return False

    def listdir(self, path: Path) -> list[str] | None:
        """Return the names in directory `path`, or None."""
        try:
            return sorted(os.listdir(path))
        except OSError:
            return None

    def realpath(self, path: Path) -> Path:
        """Return `path` with symbolic links resolved."""
        return Path(os.path.realpath(path))

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """Return `compute()` (nothing is remembered)."""
        return compute()

    def stamp(self) -> Hashable:
        """Return a new value each time: nothing asked before is known to hold still."""
        return object()
