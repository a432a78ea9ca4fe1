"""Hostile edits through the real server: it never crashes, never publishes a version it does
not hold, and its final diagnostics always equal a fresh analysis of the final text.

`FUZZ_EXAMPLES` sets how many random edit scripts run (a few dozen in `make test`; `make fuzz`
runs many more).
"""

from __future__ import annotations

import asyncio
import itertools
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from lsprotocol import types
from pygls.lsp.client import LanguageClient

from mlops_report.engine.pipeline import analyze
from mlops_report.engine.text import PositionEncoding
from mlops_report.lsp.convert import diagnostics_json
from mlops_report.lsp.settings import Settings

from .test_document import lsp_position, valid_offsets

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "reports" / "README.md"
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "30"))
PIECES = [
    "a", "word ", " ", "\t", "\n", "\r\n", "\r", "😀", "é", "\ufeff", "\x00", "Answer:",
    "### ", "## ", "#### Sub\n", "```\n", "`", "![x](figures/wandb.png)", "[l](figures/a.png)",
    "--- question 4 fill here ---", "<img src='figures/b.png'>", "> ", "\u2028", "\x0c",
]  # fmt: skip


class Harness:
    """One real server over stdio, driven from a background event loop."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.published: dict[str, list[tuple[int | None, list[Any]]]] = {}
        self.client = LanguageClient("fuzz", "1")
        self.uris = itertools.count()

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_publish(ls: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
            self.published.setdefault(params.uri, []).append((params.version, params.diagnostics))

        @self.client.feature(types.WORKSPACE_CONFIGURATION)
        def on_configuration(ls: LanguageClient, params: types.ConfigurationParams) -> list[Any]:
            return [{"debounce": 0} for _ in params.items]

        @self.client.feature("mlopsReport/summary")
        def on_summary(ls: LanguageClient, params: Any) -> None:
            pass

        self.run(self._start())

    def run(self, coro: Any) -> Any:
        future: Future[Any] = asyncio.run_coroutine_threadsafe(coro, self.loop)
        return future.result(timeout=20)

    async def _start(self) -> None:
        await self.client.start_io(sys.executable, "-m", "mlops_report")
        # pygls pipes the server's stderr; unread, a full pipe would block the server. Editors
        # drain it into their logs, and so does this harness.
        server = self.client._server
        assert server is not None and server.stderr is not None
        self.stderr: list[bytes] = []
        self.drain = asyncio.ensure_future(self._drain(server.stderr))
        caps = types.ClientCapabilities(
            workspace=types.WorkspaceClientCapabilities(configuration=True)
        )
        await self.client.initialize_async(
            types.InitializeParams(capabilities=caps, process_id=None)
        )
        self.client.initialized(types.InitializedParams())
        await asyncio.sleep(0.2)

    def send(self, notify: Callable[[Any], None], params: Any) -> None:
        """Send a notification from the loop's own thread (asyncio transports are not
        thread-safe; the loop runs them in order, so `alive()` still synchronises)."""
        self.loop.call_soon_threadsafe(notify, params)

    async def _drain(self, stream: asyncio.StreamReader) -> None:
        while chunk := await stream.read(65536):
            self.stderr.append(chunk)

    def new_uri(self) -> str:
        return (SAMPLE.parent / f"fuzz-{next(self.uris)}.md").as_uri()

    async def _alive(self) -> None:
        # A request the server answers (hover on a document it does not hold: None); once it
        # answers, every message sent before it has been handled.
        probe = types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=(SAMPLE.parent / "none.md").as_uri()),
            position=types.Position(line=0, character=0),
        )
        await asyncio.wait_for(self.client.text_document_hover_async(probe), 10)

    def alive(self) -> bool:
        try:
            self.run(self._alive())
        except Exception:
            return False
        return True

    def wait_for_version(self, uri: str, version: int, timeout: float = 20) -> list[Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for v, diags in reversed(self.published.get(uri, [])):
                if v == version:
                    return diags
            time.sleep(0.005)
        raise AssertionError(f"no diagnostics for version {version} of {uri}")

    def stop(self) -> None:
        async def _stop() -> None:
            await self.client.shutdown_async(None)
            self.client.exit(None)
            await self.client.stop()

        try:
            self.run(_stop())
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(5)


@pytest.fixture(scope="module")
def harness() -> Iterator[Harness]:
    h = Harness()
    yield h
    h.stop()


Edit = tuple[str, float, float, str]
edit = st.tuples(
    st.sampled_from(["insert", "delete", "replace", "undo", "whole"]),
    st.floats(0, 1),
    st.floats(0, 1),
    st.lists(st.sampled_from(PIECES), max_size=4).map("".join),
)


def expected_json(text: str) -> list[Any]:
    analysis = analyze(text, path=SAMPLE)
    if not analysis.is_report:
        return []
    return diagnostics_json(analysis, Settings(debounce_ms=0), PositionEncoding.UTF16)


def normalize(diags: list[Any]) -> list[tuple[Any, ...]]:
    """The diagnostics' codes, messages and ranges, sorted (their order is not published)."""
    out = []
    for d in diags:
        if isinstance(d, types.Diagnostic):
            r = d.range
            out.append(
                (d.code, d.message, r.start.line, r.start.character, r.end.line, r.end.character)
            )
        else:
            r = d["range"]
            out.append(
                (
                    d["code"], d["message"], r["start"]["line"], r["start"]["character"],
                    r["end"]["line"], r["end"]["character"],
                )
            )  # fmt: skip
    return sorted(out)


@pytest.mark.slow
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    # Many examples (`make fuzz`): report a failing script as found; shrinking it through a
    # real server, a timeout per attempt, takes longer than reading it.
    phases=tuple(Phase) if EXAMPLES <= 100 else (Phase.explicit, Phase.reuse, Phase.generate),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(edit, min_size=1, max_size=10))
def test_random_edits_end_in_a_fresh_analysis(harness: Harness, script: list[Edit]) -> None:
    uri = harness.new_uri()
    text = SAMPLE.read_text("utf-8")
    version = 1
    harness.send(
        harness.client.text_document_did_open,
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="markdown", version=version, text=text
            )
        ),
    )
    undo: list[tuple[int, int, str]] = []
    sent = {version}
    for kind, fa, fb, piece in script:
        version += 1
        sent.add(version)
        if kind == "whole":
            text = piece + text[len(text) // 2 :]
            change: Any = types.TextDocumentContentChangeWholeDocument(text=text)
        else:
            offsets = valid_offsets(text)
            a = offsets[int(fa * (len(offsets) - 1))]
            b = offsets[int(fb * (len(offsets) - 1))]
            a, b = min(a, b), max(a, b)
            if kind == "insert":
                b = a
            if kind == "delete":
                piece = ""
            if kind == "undo" and undo:
                a, b, piece = undo.pop()
                a, b = min(a, len(text)), min(b, len(text))
                if a > 0 and b < len(text) and text[a - 1 : a + 1] == "\r\n":
                    a -= 1
                if 0 < b < len(text) and text[b - 1 : b + 1] == "\r\n":
                    b += 1
            start, end = lsp_position(text, a, "utf-16"), lsp_position(text, b, "utf-16")
            undo.append((a, a + len(piece), text[a:b]))
            text = text[:a] + piece + text[b:]
            change = types.TextDocumentContentChangePartial(
                range=types.Range(start=start, end=end), text=piece
            )
        harness.send(
            harness.client.text_document_did_change,
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[change],
            ),
        )
    # The server handles messages in order: once it answers a request, every publish for the
    # changes before it has arrived.
    assert harness.alive()
    published = harness.published.get(uri, [])
    versions = [v for v, _ in published]
    assert set(versions) <= sent, "published a version the client never sent"
    assert versions == sorted(versions), "an older result followed a newer one"
    expected = expected_json(text)
    if analyze(text).is_report:
        assert versions[-1] == version
    assert normalize(published[-1][1] if published else []) == normalize(expected)
    harness.send(
        harness.client.text_document_did_close,
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)),
    )
    harness.published.pop(uri, None)  # thousands of examples: keep the client's memory flat


def open_and_wait(harness: Harness, text: str, timeout: float) -> tuple[list[Any], float]:
    uri = harness.new_uri()
    start = time.monotonic()
    harness.send(
        harness.client.text_document_did_open,
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="markdown", version=1, text=text
            )
        ),
    )
    if "Answer:" not in text:
        assert harness.alive()
        return harness.published.get(uri, [(None, [])])[-1][1], time.monotonic() - start
    diags = harness.wait_for_version(uri, 1, timeout)
    return diags, time.monotonic() - start


def test_a_10_mb_report_gets_one_clear_message_quickly(harness: Harness) -> None:
    sample = SAMPLE.read_text("utf-8")
    huge = sample * (10_000_000 // len(sample) + 1)
    diags, seconds = open_and_wait(harness, huge, timeout=30)
    assert [d.code for d in diags] == ["too-large"]
    assert "mlops-report check" in diags[0].message
    assert seconds < 10
    assert harness.alive()


def test_100000_lines_get_the_same_message(harness: Harness) -> None:
    text = SAMPLE.read_text("utf-8") + "line\n" * 100_000
    diags, _ = open_and_wait(harness, text, timeout=30)
    assert [d.code for d in diags] == ["too-large"]


def test_a_huge_markdown_file_that_is_no_report_costs_nothing(harness: Harness) -> None:
    text = "# Notes\n\nplain text\n" * 500_000
    diags, seconds = open_and_wait(harness, text, timeout=30)
    assert diags == []
    assert seconds < 10
