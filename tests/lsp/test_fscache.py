"""The server's file-lookup cache: answers kept for a while, forgotten together, stamped."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlops_report.lsp import fscache
from mlops_report.lsp.fscache import CachingFileSystem


class CountingFS:
    """A file system that counts how often it is asked, with files that can appear."""

    def __init__(self) -> None:
        self.files: set[Path] = set()
        self.asked = 0

    def is_file(self, path: Path) -> bool:
        self.asked += 1
        return path in self.files

    def listdir(self, path: Path) -> list[str] | None:
        self.asked += 1
        return sorted(p.name for p in self.files if p.parent == path) or None

    def realpath(self, path: Path) -> Path:
        self.asked += 1
        return path


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    c = Clock()
    monkeypatch.setattr(fscache.time, "monotonic", c)
    return c


def test_answers_are_kept_until_the_generation_is_ttl_old(clock: Clock) -> None:
    inner = CountingFS()
    fs = CachingFileSystem(inner, ttl=2.0)
    shot = Path("/r/figures/a.png")
    stamp = fs.stamp()
    assert not fs.is_file(shot)
    inner.files.add(shot)  # a screenshot saved where the client does not watch files
    clock.now += 1.9
    assert not fs.is_file(shot) and inner.asked == 1  # still the remembered answer
    assert fs.stamp() == stamp
    clock.now += 0.1  # ttl after the first answer: everything is forgotten at once
    assert fs.stamp() != stamp
    assert fs.is_file(shot) and inner.asked == 2


def test_a_memo_lives_as_long_as_the_lookups_and_changes_the_stamp_when_forgotten(
    clock: Clock,
) -> None:
    fs = CachingFileSystem(CountingFS(), ttl=2.0)
    computed: list[int] = []

    def compute() -> int:
        computed.append(1)
        return len(computed)

    stamp = fs.stamp()
    assert fs.memo("k", compute) == 1
    assert fs.memo("k", compute) == 1
    fs.invalidate()  # the client reported changed files
    assert fs.stamp() != stamp
    assert fs.memo("k", compute) == 2


def test_an_idle_cache_starts_its_generation_at_its_next_answer(clock: Clock) -> None:
    inner = CountingFS()
    fs = CachingFileSystem(inner, ttl=2.0)
    stamp = fs.stamp()
    clock.now += 60  # nothing learnt in the meantime: nothing to forget
    assert fs.stamp() == stamp
    fs.listdir(Path("/r/figures"))
    clock.now += 1.0
    fs.listdir(Path("/r/figures"))
    assert inner.asked == 1


def test_two_caches_never_share_a_stamp(clock: Clock) -> None:
    # Results kept under a stamp are reused by whoever shows an equal one.
    a, b = CachingFileSystem(CountingFS()), CachingFileSystem(CountingFS())
    assert a.stamp() != b.stamp()
    before = a.stamp()
    a.invalidate()
    assert a.stamp() not in (before, b.stamp())
