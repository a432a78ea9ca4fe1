"""Unit tests of the inlay hints after question headings."""

from __future__ import annotations

from typing import Any

from mlops_report.engine.text import PositionEncoding

from .feature_helpers import UTF16, analysis, filler, report


def test_one_hint_per_question_with_limits_at_its_heading_end() -> None:
    text = report({5: filler(250), 19: ""})
    a = analysis(text)
    hints = inlay_hints_all(text)
    lines = text.split("\n")
    labels = {}
    for h in hints:
        heading = lines[h.position.line]
        assert heading.startswith("### Question ")
        assert h.position.character == len(heading)
        assert h.padding_left
        labels[int(heading.split()[-1])] = h.label
    assert sorted(labels) == [n for n in range(3, 32)]
    assert labels[3] == "0/0-200 words ✓"
    assert labels[5] == "250/100-200 words ✗"
    assert labels[14] == "200/200-300 words, 1/1-3 images ✓"
    assert labels[19] == "0/1-2 images ✗"
    assert labels[29] == "200/200-400 words, 1/1 image ✓"
    assert a.result.error is None


def inlay_hints_all(text: str, enc: PositionEncoding = UTF16) -> list:  # type: ignore[type-arg]
    from mlops_report.lsp.inlay import inlay_hints

    return inlay_hints(analysis(text), 0, len(text), enc)


def test_only_headings_in_the_range() -> None:
    from mlops_report.lsp.inlay import inlay_hints

    text = report()
    a = analysis(text)
    start, end = text.index("### Question 5"), text.index("### Question 7")
    hints = inlay_hints(a, start, end, UTF16)
    assert [h.label for h in hints] == ["100/100-200 words ✓", "100/100-200 words ✓"]


def test_a_stop_is_in_the_tooltip() -> None:
    text = report({5: filler(120) + "\n\n#### Details\n\nAnswer: " + filler(10)})
    hints = inlay_hints_all(text)
    assert hints and all("found 32 answers, expected 31" in str(h.tooltip) for h in hints)


def test_no_tick_nor_cross_while_report_py_stops() -> None:
    # Q5 over its limit, Q6 within it; a second `Answer:` in Q9 makes report.py stop first.
    text = report({5: filler(250), 9: filler(120) + "\n\n#### Details\n\nAnswer: " + filler(10)})
    a = analysis(text)
    assert a.result.error is not None
    labels = [str(h.label) for h in inlay_hints_all(text)]
    assert labels and not any("✓" in x or "✗" in x for x in labels)
    assert "100/100-200 words · not checked" in labels  # Q6: nothing wrong, but not checked
    assert any(x.startswith("250/100-200 words ⚠ ") for x in labels)  # Q5's finding still shows


def test_hint_positions_follow_the_encoding() -> None:
    text = report().replace("### Question 5\n", "### Question 5 ⚡😀\n")
    widths = {PositionEncoding.UTF16: 3, PositionEncoding.UTF8: 7, PositionEncoding.UTF32: 2}
    for enc, extra in widths.items():
        [q5] = [
            h
            for h in inlay_hints_all(text, enc)
            if h.position.line == text[: text.index("### Question 5")].count("\n")
        ]
        assert q5.position.character == len("### Question 5 ") + extra


def _hinting_server() -> tuple[Any, list[None]]:
    """A server whose client refreshes inlay hints; the refreshes it asks for are recorded."""
    from lsprotocol import types

    from mlops_report.lsp.app import create_server

    server = create_server()
    server.protocol.client_capabilities = types.ClientCapabilities(
        workspace=types.WorkspaceClientCapabilities(
            inlay_hint=types.InlayHintWorkspaceClientCapabilities(refresh_support=True)
        )
    )
    refreshes: list[None] = []
    server.workspace_inlay_hint_refresh = refreshes.append
    return server, refreshes


async def _compared(state: Any) -> None:
    """Wait (bounded) until the pending comparison of the hints has run."""
    import asyncio

    for _ in range(500):
        if state.hint_timer is None:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the hints were not compared within 5 s")


async def test_hints_are_compared_once_a_burst_of_publishes_is_over() -> None:
    from mlops_report.lsp.server import DocState

    server, refreshes = _hinting_server()
    state = DocState()
    first, longer = analysis(report()), analysis(report({5: filler(150)}))
    server.refresh_hints(state, first)  # as on opening: what the client will ask for
    assert state.hint_timer is None and refreshes == []
    # Three publishes in a row (a held key): the first two are never compared, and the last
    # says what the client knows.
    server.refresh_hints(state, longer)
    server.refresh_hints(state, longer)
    server.refresh_hints(state, first)
    await _compared(state)
    assert refreshes == []
    server.refresh_hints(state, longer)
    await _compared(state)
    assert refreshes == [None]


async def test_shutdown_cancels_a_pending_comparison() -> None:
    import json

    from mlops_report.lsp.server import DocState

    server, refreshes = _hinting_server()
    server.protocol.set_writer(_Sink())
    state = DocState()
    server.states["file:///report/README.md"] = state
    server.refresh_hints(state, analysis(report()))
    server.refresh_hints(state, analysis(report({5: filler(150)})))
    pending = state.hint_timer
    assert pending is not None
    shutdown = '{"jsonrpc": "2.0", "id": 1, "method": "shutdown"}'
    server.protocol.handle_message(
        json.loads(shutdown, object_hook=server.protocol.structure_message)
    )
    # Nothing may reach the client after it asked to shut down.
    assert pending.cancelled() and state.hint_timer is None and refreshes == []


class _Sink:
    """A writer that drops what the server sends."""

    def write(self, data: bytes) -> None:
        pass

    def close(self) -> None:
        pass
