"""The engine's text-keyed caches: each registers itself, so one call forgets them all.

The caches make a keystroke cheap: only the block an edit touched is parsed and counted again.
Results never depend on them; the tests prove it by comparing with a cold start.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from functools import lru_cache
from typing import Any, Generic, TypeVar

CACHE_ENTRIES = 64
"""How many texts each of the engine's caches remembers: every answer of a report, or the
versions a run of keystrokes makes (each adds one or two). It is what bounds their memory: at
412 KB an answer is 13 KB, and 128 entries raised the server's peak RSS by 3-4 MB."""

PARAGRAPH_ENTRIES = 8 * 1024
"""How many paragraphs a per-paragraph cache remembers: every answer of a few large reports."""

F = TypeVar("F", bound=Callable[..., Any])
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

_CLEARS: list[Callable[[], None]] = []


def on_clear(clear: Callable[[], None]) -> None:
    """Register `clear` to be called by `clear_all` (for caches that are not `text_cache`)."""
    _CLEARS.append(clear)


def text_cache(maxsize: int) -> Callable[[F], F]:
    """Return a decorator: an `lru_cache` of `maxsize` entries that `clear_all` forgets."""

    def wrap(fn: F) -> F:
        cached = lru_cache(maxsize=maxsize)(fn)
        on_clear(cached.cache_clear)
        return cached  # type: ignore[return-value]

    return wrap


class BoundedCache(Generic[K, V]):
    """A least-recently-used table of at most `size` entries, forgotten by `clear_all`.

    For keys that are not a function's arguments (a block's line shapes, say).
    """

    def __init__(self, size: int = CACHE_ENTRIES) -> None:
        """Start empty; remember at most `size` entries."""
        self._size = size
        self._data: OrderedDict[K, V] = OrderedDict()
        on_clear(self._data.clear)

    def get(self, key: K, compute: Callable[[], V]) -> V:
        """Return the value under `key`, computing and remembering it when it is new."""
        data = self._data
        hit = data.get(key)
        if hit is not None:
            data.move_to_end(key)
            return hit
        value = compute()
        data[key] = value
        if len(data) > self._size:
            data.popitem(last=False)
        return value

    def peek(self, key: K) -> V | None:
        """Return the value under `key`, or None (not computing anything)."""
        return self._data.get(key)

    def put(self, key: K, value: V) -> None:
        """Remember `value` under `key` (the most recent entry)."""
        data = self._data
        data[key] = value
        data.move_to_end(key)
        if len(data) > self._size:
            data.popitem(last=False)


def clear_all() -> None:
    """Forget every registered cache (the next analysis starts cold)."""
    for clear in _CLEARS:
        clear()
