"""Helpers for the unit tests of the pure feature modules: reports and a fake file system."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from mlops_report.engine.analysis import Analysis
from mlops_report.engine.fixes import FixContext
from mlops_report.engine.pipeline import analyze
from mlops_report.engine.text import PositionEncoding

from ..fixtures.reports import answers_at_minimum, build_report

BASE = Path("/report")
README = BASE / "README.md"
T = TypeVar("T")
IMAGE = "![figure](figures/figure.png)"
UTF16 = PositionEncoding.UTF16


class FakeFS:
    """A file system of just the given report-relative files (under `/report`)."""

    def __init__(self, *files: str) -> None:
        self.files = {BASE / f for f in files}

    def is_file(self, path: Path) -> bool:
        return path in self.files

    def listdir(self, path: Path) -> list[str] | None:
        names = {f.relative_to(path).parts[0] for f in self.files if path in f.parents}
        return sorted(names) if names else None

    def realpath(self, path: Path) -> Path:
        return path  # no links in this file system

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        return compute()

    def stamp(self) -> Hashable:
        return object()  # its files may change between two calls

    def exists(self, rel: str) -> bool:
        return (BASE / rel) in self.files

    def ctx(self) -> FixContext:
        """What fixes may ask of this folder: its files, and those under figures/."""
        figures = sorted(
            str(f.relative_to(BASE)) for f in self.files if f.parts[2:3] == ("figures",)
        )
        return FixContext(self.exists, tuple(figures))


def report(answers: dict[int, str] | None = None, edition: str = "B3") -> str:
    """A report meeting every limit, with `answers` replacing some answers."""
    given = {**answers_at_minimum(edition, image=IMAGE), **(answers or {})}
    return build_report(edition, given)


def analysis(text: str, fs: FakeFS | None = None, *, saved: bool = True) -> Analysis:
    """Analyse `text` as `/report/README.md` over `fs` (figure.png only by default)."""
    return analyze(
        text, path=README if saved else None, fs=fs or FakeFS("figures/figure.png"), edition="auto"
    )


def at(text: str, needle: str, after: str | None = None, plus: int = 0) -> int:
    """The offset of `needle` (searched after `after`, when given), plus `plus`."""
    start = text.index(after) if after is not None else 0
    return text.index(needle, start) + plus


def apply_offsets(text: str, edits: list[tuple[int, int, str]]) -> str:
    """Apply offset edits (non-overlapping) to `text`."""
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def filler(n: int, seed: int = 0) -> str:
    """`n` plain words."""
    from ..fixtures.reports import filler_words

    return filler_words(n, seed=seed)


class RecordingClient(LanguageClient):
    """A pytest-lsp client that keeps every publish, in order (the summary is ignored)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.published: list[types.PublishDiagnosticsParams] = []


def _on_publish(client: RecordingClient, params: types.PublishDiagnosticsParams) -> None:
    client.published.append(params)


def _on_summary(client: RecordingClient, params: Any) -> None:
    pass


def make_recording_client() -> RecordingClient:
    """Return a client that records publishes, for `ClientServerConfig(client_factory=...)`."""
    client = RecordingClient(converter_factory=default_converter)
    features = dict(DEFAULT_CLIENT_FEATURES)
    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = _on_publish
    features["mlopsReport/summary"] = _on_summary
    register_lsp_features(client, features)
    return client
