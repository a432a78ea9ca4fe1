"""A change the server cannot apply: it says it lost track of the text, and answers nothing about
it until the editor sends the whole text again (a reopen, or a full-text change).

Each test drives a real server over stdio. The server's copy would otherwise differ from the
editor's, and a quick fix computed on it could delete a student's words.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pytest_lsp import ClientServerConfig

from .test_server import (
    SAMPLE,
    SERVER,
    ReportClient,
    as_dict,
    change,
    close,
    errors_logged,
    initialize,
    line_of,
    make_client,
    open_doc,
    ping,
    publishes,
    rng,
    summaries,
    wait_until,
)

LOST = "mlops-report lost track of this file's text; close and reopen it."
FAILED = -32803  # RequestFailed


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A copy of the sample report and its figures; returns the report's path."""
    folder = tmp_path / "reports"
    shutil.copytree(SAMPLE, folder)
    return folder / "README.md"


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER, client_factory=make_client))
async def client(lsp_client: ReportClient) -> Any:
    yield
    await lsp_client.shutdown_session()


async def publish_count(
    client: ReportClient, uri: str, count: int
) -> types.PublishDiagnosticsParams:
    """Wait for the `count`-th publish of `uri` and return it."""
    await wait_until(lambda: len(publishes(client, uri)) >= count, f"publish #{count} of {uri}")
    return publishes(client, uri)[count - 1]


def assert_says_lost(published: types.PublishDiagnosticsParams) -> None:
    [notice] = published.diagnostics
    assert notice.code == "out-of-sync"
    assert notice.message == LOST
    assert notice.severity == types.DiagnosticSeverity.Warning
    assert notice.range == rng(0, 0)


def send_change(client: ReportClient, document: Any, changes: Any) -> None:
    """Send a `didChange` as written, past the client's own types (which would refuse it)."""
    message = {
        "jsonrpc": "2.0",
        "method": types.TEXT_DOCUMENT_DID_CHANGE,
        "params": {"textDocument": document, "contentChanges": changes},
    }
    body = json.dumps(message).encode()
    assert client.protocol.writer is not None
    client.protocol.writer.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)


async def custom(client: ReportClient, method: str, uri: str) -> Any:
    return await client.protocol.send_request_async(method, {"textDocument": {"uri": uri}})


async def answers(client: ReportClient, uri: str, line: int) -> dict[str, Any]:
    """What every request about `uri` answers, by method ("refused: CODE" for an error)."""
    doc = types.TextDocumentIdentifier(uri=uri)
    at = types.Position(line=line, character=4)
    everything = rng(0, 0, 10_000, 0)
    out: dict[str, Any] = {
        "hover": await client.text_document_hover_async(
            types.HoverParams(text_document=doc, position=at)
        ),
        "codeAction": await client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=doc,
                range=everything,
                context=types.CodeActionContext(diagnostics=[]),
            )
        ),
        "completion": await client.text_document_completion_async(
            types.CompletionParams(
                text_document=doc, position=types.Position(line=line, character=0)
            )
        ),
        "inlayHint": await client.text_document_inlay_hint_async(
            types.InlayHintParams(text_document=doc, range=everything)
        ),
        "documentSymbol": await client.text_document_document_symbol_async(
            types.DocumentSymbolParams(text_document=doc)
        ),
    }
    for method in ("mlopsReport/questions", "mlopsReport/handinPreview"):
        try:
            out[method] = as_dict(await custom(client, method, uri))
        except JsonRpcException as error:
            assert "\n" not in error.message
            out[method] = f"refused: {error.code}: {error.message}"
    return out


def nothing_but_refusals(found: dict[str, Any]) -> None:
    assert found["hover"] is None
    assert list(found["codeAction"]) == []
    assert found["completion"] is None
    assert list(found["inlayHint"]) == []
    assert found["documentSymbol"] is None
    for method in ("mlopsReport/questions", "mlopsReport/handinPreview"):
        assert found[method] == f"refused: {FAILED}: {method}: {LOST}"


def something_in_each(found: dict[str, Any]) -> None:
    assert found["hover"] is not None
    assert found["codeAction"]  # *Insert image* is offered anywhere in an answer
    assert found["inlayHint"] and found["documentSymbol"]
    assert found["mlopsReport/questions"]["questions"]
    assert found["mlopsReport/handinPreview"]["html"]


async def test_a_change_that_cannot_be_read_loses_track_until_the_file_is_reopened(
    client: ReportClient, sample: Path
) -> None:
    await initialize(client, settings={"debounce": 0})
    text = sample.read_text("utf-8")
    heading = line_of(text, "### Question 12")
    uri = open_doc(client, sample, text)
    assert len((await publish_count(client, uri, 1)).diagnostics) > 1
    something_in_each(await answers(client, uri, heading))

    # A change whose range the server cannot read: the editor has the change, the server not.
    bad = {"start": {"line": -1, "character": 0}, "end": {"line": 0, "character": 0}}
    send_change(client, {"uri": uri, "version": 2}, [{"range": bad, "text": "x"}])
    assert_says_lost(await publish_count(client, uri, 2))
    summary = summaries(client, uri)[-1]
    assert summary["error"] == LOST and "reopen" in summary["text"]
    nothing_but_refusals(await answers(client, uri, heading))
    [logged] = [m.message for m in client.log_messages if "lost track" in m.message]
    assert "@ $.params.contentChanges[0].range.start" in logged and "\n" not in logged

    # Typing on changes nothing: no publish, still no answers.
    change(client, uri, 3, (rng(0, 0), "y"))
    nothing_but_refusals(await answers(client, uri, heading))
    assert len(publishes(client, uri)) == 2

    # Closed and reopened: checked again, and answered.
    close(client, uri)
    await publish_count(client, uri, 3)  # clears the notice
    open_doc(client, sample, text, version=1)
    assert len((await publish_count(client, uri, 4)).diagnostics) > 1
    something_in_each(await answers(client, uri, heading))
    assert errors_logged(client) == []
    assert client.messages == []  # no pop-up: the diagnostic says it


async def test_a_change_on_a_line_the_text_does_not_have_loses_track_until_a_full_text(
    client: ReportClient, sample: Path
) -> None:
    await initialize(client, settings={"debounce": 0})
    text = sample.read_text("utf-8")
    lines = len(text.split("\n"))  # LSP's lines: the last one, after the final break, is empty
    uri = open_doc(client, sample, text)
    await publish_count(client, uri, 1)
    # The line just past the last is where some clients put the end: still in sync.
    change(client, uri, 2, (rng(lines, 0, lines, 0), "Appended.\n"))
    assert (await publish_count(client, uri, 2)).diagnostics
    text += "Appended.\n"
    # A line further than that: the editor's text is not this one.
    change(client, uri, 3, (rng(lines + 5, 0), "lost words"))
    lost = await publish_count(client, uri, 3)
    assert lost.version == 3
    assert_says_lost(lost)
    heading = line_of(text, "### Question 12")
    nothing_but_refusals(await answers(client, uri, heading))
    [logged] = [m.message for m in client.log_messages if "lost track" in m.message]
    assert f"a change at line {lines + 6} of a text of {lines + 1} lines" in logged

    # The editor sends the whole text: in sync again, checked, answered.
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=4),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )
    back = await publish_count(client, uri, 4)
    assert back.version == 4 and len(back.diagnostics) > 1
    assert "out-of-sync" not in {d.code for d in back.diagnostics}
    something_in_each(await answers(client, uri, heading))


async def test_a_change_whose_document_cannot_be_read_loses_track_of_every_open_one(
    client: ReportClient, sample: Path, tmp_path: Path
) -> None:
    await initialize(client, settings={"debounce": 0})
    uri = open_doc(client, sample)
    other = open_doc(client, tmp_path / "notes.md", "# Notes\n")
    await publish_count(client, uri, 1)
    send_change(client, "README.md", [{"text": "x"}])  # which document? any of them
    assert_says_lost(await publish_count(client, uri, 2))
    # Markdown that is no report was never published for: the notice is for it too.
    assert_says_lost(await publish_count(client, other, 1))


async def test_a_bad_change_to_a_document_that_is_not_open_touches_no_other(
    client: ReportClient, sample: Path
) -> None:
    await initialize(client, settings={"debounce": 0})
    uri = open_doc(client, sample)
    await publish_count(client, uri, 1)
    ghost = (sample.parent / "ghost.md").as_uri()
    send_change(client, {"uri": ghost, "version": 2}, [{"range": 5}])
    await ping(client)
    assert len(publishes(client, uri)) == 1
    [note] = [m.message for m in client.log_messages if "ghost.md" in m.message]
    assert note.startswith(f"Ignored a change to {ghost}: it is not open (invalid params")


@pytest.mark.parametrize("level", ["off", "error"])
async def test_the_notice_follows_the_severity_setting(
    client: ReportClient, sample: Path, level: str
) -> None:
    await initialize(client, settings={"debounce": 0, "severity": {"out-of-sync": level}})
    uri = open_doc(client, sample)
    await publish_count(client, uri, 1)
    change(client, uri, 2, (rng(100_000, 0), "x"))
    lost = await publish_count(client, uri, 2)
    if level == "off":
        assert list(lost.diagnostics) == []  # the old ones go all the same: they may point anywhere
    else:
        assert [d.severity for d in lost.diagnostics] == [types.DiagnosticSeverity.Error]
    assert summaries(client, uri)[-1]["error"] == LOST


async def test_checking_on_save_says_it_at_once_and_takes_it_back_at_once(
    client: ReportClient, sample: Path
) -> None:
    await initialize(client, settings={"run": "onSave"})
    text = sample.read_text("utf-8")
    uri = open_doc(client, sample, text)
    await publish_count(client, uri, 1)
    change(client, uri, 2, (rng(100_000, 0), "x"))
    assert_says_lost(await publish_count(client, uri, 2))  # not at the next save: now
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=3),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )
    back = await publish_count(client, uri, 3)
    assert back.version == 3 and len(back.diagnostics) > 1
