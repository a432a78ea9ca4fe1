"""`mlopsReport/handinPreview` over stdio: the hand-in of the current text, its blocks, its errors.

The server runs with a debounce of a minute, so no publish follows a `didChange` while a test
runs: whatever the request answers about an edit, it computed on demand from the current text.
"""

from __future__ import annotations

import asyncio
import itertools
import sys
import time
from pathlib import Path
from typing import Any

import markdown
import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcMethodNotFound
from pytest_lsp import ClientServerConfig

from ..fixtures.reports import answers_at_minimum, build_report, filler_words
from .feature_helpers import RecordingClient, make_recording_client

pytestmark = pytest.mark.asyncio(loop_scope="module")

SERVER = [sys.executable, "-m", "mlops_report"]
METHOD = "mlopsReport/handinPreview"
LIST = "We used these tools:\n- Docker for the images\n- Cloud Run for the API"


@pytest_lsp.fixture(
    scope="module",
    config=ClientServerConfig(server_command=SERVER, client_factory=make_recording_client),
)
async def client(lsp_client: RecordingClient) -> Any:
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(
                general=types.GeneralClientCapabilities(
                    position_encodings=[types.PositionEncodingKind.Utf16]
                )
            ),
            initialization_options={"mlopsReport": {"debounce": 60_000}},
        )
    )
    yield
    await lsp_client.shutdown_session()


def report(answer: str = LIST) -> str:
    """A B3 report meeting every limit, with `answer` (plus enough words) as Question 5's."""
    answers = answers_at_minimum("B3")
    answers[5] = f"{filler_words(60)}\n\n{answer}"
    return build_report("B3", answers)


class Doc:
    """An open document as the client holds it."""

    def __init__(
        self, client: RecordingClient, path: Path, text: str, language: str = "markdown"
    ) -> None:
        self.client, self.uri, self.text, self.version = client, path.as_uri(), text, 1
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=self.uri, language_id=language, version=1, text=text
                )
            )
        )

    def change(self, text: str) -> None:
        self.version += 1
        self.text = text
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(
                    uri=self.uri, version=self.version
                ),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )

    def request(self, **extra: Any) -> asyncio.Future[Any]:
        """Send the request now (after every change sent so far); its answer comes later."""
        params = {"textDocument": {"uri": self.uri, **extra}}
        return asyncio.wrap_future(self.client.protocol.send_request(METHOD, params))

    async def preview(self, **extra: Any) -> dict[str, Any]:
        return plain(await self.request(**extra))


def plain(value: Any) -> Any:
    """A result as plain JSON values (pytest-lsp gives a custom method's result as named tuples)."""
    if hasattr(value, "_asdict"):
        return {k: plain(v) for k, v in value._asdict().items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def rule(text: str) -> str:
    """What `report.py html` renders, in its own words (newlines translated as it reads them)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return markdown.markdown(text[43:])


def utf16_slice(html: str, start: int, end: int) -> str:
    data = html.encode("utf-16-le")
    return data[2 * start : 2 * end].decode("utf-16-le")


def block_holding(result: dict[str, Any], needle: str) -> dict[str, Any]:
    html = result["html"]
    found = [
        b for b in result["blocks"] if needle in utf16_slice(html, b["htmlStart"], b["htmlEnd"])
    ]
    assert len(found) == 1, needle
    return found[0]


async def settle(client: RecordingClient) -> None:
    """Wait until the server has handled what was sent: an unknown request's answer follows it."""
    with pytest.raises(JsonRpcMethodNotFound):
        await client.protocol.send_request_async("mlopsReport/ping", {})


async def request_error(client: RecordingClient, params: Any) -> JsonRpcException:
    with pytest.raises(JsonRpcException) as caught:
        await client.protocol.send_request_async(METHOD, params)
    return caught.value


# -- the page ------------------------------------------------------------------------------------


async def test_the_page_is_report_py_html_and_its_blocks_follow_the_report(
    client: RecordingClient, tmp_path: Path
) -> None:
    text = report()
    doc = Doc(client, tmp_path / "README.md", text)
    result = await doc.preview()
    assert result["uri"] == doc.uri and result["version"] == 1
    assert result["html"] == rule(text)
    blocks = result["blocks"]
    assert len(blocks) > 100
    # In order, apart, each the HTML of its own lines.
    lines = text.split("\n")
    for before, after in itertools.pairwise(blocks):
        assert before["htmlEnd"] <= after["htmlStart"]
        assert before["range"]["end"]["line"] < after["range"]["start"]["line"]
    para = block_holding(result, "We used these tools:")
    assert utf16_slice(result["html"], para["htmlStart"], para["htmlEnd"]) == (
        "<p>We used these tools:\n- Docker for the images\n- Cloud Run for the API</p>"
    )
    first, last = para["range"]["start"]["line"], para["range"]["end"]["line"]
    assert lines[first : last + 1] == LIST.split("\n")


async def test_a_block_carries_its_handin_findings_and_nothing_else(
    client: RecordingClient, tmp_path: Path
) -> None:
    doc = Doc(client, tmp_path / "README.md", report())
    result = await doc.preview()
    para = block_holding(result, "We used these tools:")
    [finding] = para["findings"]
    assert finding["code"] == "handin-list-blank-line"
    assert finding["severity"] == types.DiagnosticSeverity.Warning
    assert "one line of text" in finding["message"] or "blank line" in finding["message"]
    assert para["range"]["start"]["line"] <= finding["range"]["start"]["line"]
    codes = {f["code"] for b in result["blocks"] for f in b["findings"]}
    assert all(code.startswith("handin-") for code in codes)
    # The template's title, which report.py cuts from every page alike, brings no finding.
    assert "handin-title-cut" not in codes


async def test_a_title_of_ones_own_that_the_cut_takes_marks_the_first_block(
    client: RecordingClient, tmp_path: Path
) -> None:
    text = report().replace(
        "# Exam template for 02476 Machine Learning Operations", "# The final report of our group"
    )
    doc = Doc(client, tmp_path / "README.md", text)
    result = await doc.preview()
    # The title report.py cuts is not on the page: its finding marks the page's first block.
    assert [f["code"] for f in result["blocks"][0]["findings"]] == ["handin-title-cut"]


async def test_it_answers_about_the_text_right_after_a_change(
    client: RecordingClient, tmp_path: Path
) -> None:
    doc = Doc(client, tmp_path / "README.md", report("Nothing special here."))
    before = await doc.preview()
    assert "We used" not in before["html"]
    published = len(client.published)
    doc.change(report())
    result = await doc.preview()
    assert result["version"] == 2
    assert result["html"] == rule(doc.text)
    [finding] = block_holding(result, "We used these tools:")["findings"]
    assert finding["code"] == "handin-list-blank-line"
    # The blank line mends the hand-in at once: a real list, nothing marked.
    doc.change(report(LIST.replace(":\n", ":\n\n")))
    mended = await doc.preview()
    assert mended["version"] == 3
    assert "<li>Docker for the images</li>" in mended["html"]
    assert not block_holding(mended, "<li>Docker")["findings"]
    # Computed on demand: no publish was needed (the debounce has not fired).
    assert len(client.published) == published


async def test_a_version_the_server_does_not_hold_is_refused_as_content_modified(
    client: RecordingClient, tmp_path: Path
) -> None:
    doc = Doc(client, tmp_path / "README.md", report())
    doc.change(report("Changed."))
    assert (await doc.preview(version=2))["version"] == 2
    error = await request_error(client, {"textDocument": {"uri": doc.uri, "version": 1}})
    assert error.code == -32801
    assert "is at version 2, not 1" in error.message


async def test_offsets_count_utf16_and_crlf_reads_as_report_py_reads_it(
    client: RecordingClient, tmp_path: Path
) -> None:
    text = report(f"Emoji first 😀 ✓\n\n{LIST}").replace("\n", "\r\n")
    doc = Doc(client, tmp_path / "README.md", text)
    result = await doc.preview()
    assert result["html"] == rule(text)
    para = block_holding(result, "We used these tools:")
    assert utf16_slice(result["html"], para["htmlStart"], para["htmlEnd"]).startswith("<p>We")
    line = para["range"]["start"]["line"]
    assert text.split("\r\n")[line] == "We used these tools:"


async def test_a_markdown_file_that_is_no_report_still_gets_its_page(
    client: RecordingClient, tmp_path: Path
) -> None:
    text = "x" * 43 + "Notes\n\n- one\n- two\n"
    doc = Doc(client, tmp_path / "notes.md", text)
    result = await doc.preview()
    assert result["html"] == rule(text)
    assert [b["findings"] for b in result["blocks"]] == [[], []]


async def test_turning_a_code_off_unmarks_its_blocks(
    client: RecordingClient, tmp_path: Path
) -> None:
    doc = Doc(client, tmp_path / "README.md", report())
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(
            settings={
                "mlopsReport": {"debounce": 60_000, "severity": {"handin-list-blank-line": "off"}}
            }
        )
    )
    try:
        await settle(client)  # settings are applied in a task of their own
        assert not block_holding(await doc.preview(), "We used these tools:")["findings"]
    finally:
        client.workspace_did_change_configuration(
            types.DidChangeConfigurationParams(settings={"mlopsReport": {"debounce": 60_000}})
        )
        await settle(client)
    assert block_holding(await doc.preview(), "We used these tools:")["findings"]


# -- bad requests --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({}, "takes {"),
        (None, "takes {"),
        ([1, 2], "takes {"),
        ({"textDocument": "file:///r/README.md"}, "takes {"),
        ({"textDocument": {"uri": 42}}, "takes {"),
        ({"textDocument": {"uri": ""}}, "takes {"),
        ({"textDocument": {"uri": "file:///nowhere/README.md"}}, "is not open"),
        ({"textDocument": {"uri": "file:///nowhere/README.md", "version": "2"}}, "integer"),
        ({"textDocument": {"uri": "file:///nowhere/README.md", "version": True}}, "integer"),
    ],
)
async def test_bad_params_get_a_clear_error_and_the_server_carries_on(
    client: RecordingClient, tmp_path: Path, params: Any, says: str
) -> None:
    error = await request_error(client, params)
    assert error.code == -32602
    assert METHOD in error.message and says in error.message
    doc = Doc(client, tmp_path / "README.md", report())
    assert (await doc.preview())["version"] == 1


async def test_a_closed_document_is_not_open_any_more(
    client: RecordingClient, tmp_path: Path
) -> None:
    doc = Doc(client, tmp_path / "README.md", report())
    await doc.preview()
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=doc.uri))
    )
    error = await request_error(client, {"textDocument": {"uri": doc.uri}})
    assert error.code == -32602 and "is not open" in error.message


@pytest.mark.parametrize(
    ("name", "language"), [("report.py", "python"), ("notes.txt", "plaintext"), ("README.md", "")]
)
async def test_a_document_that_is_not_markdown_is_refused_as_invalid_params(
    client: RecordingClient, tmp_path: Path, name: str, language: str
) -> None:
    # The hand-in page is made from Markdown: a page of a Python file would mislead. A file
    # without a language id is taken by its name (README.md is Markdown).
    doc = Doc(client, tmp_path / name, "x" * 43 + "# Notes\n\n- one\n", language=language)
    if name.endswith(".md"):
        assert (await doc.preview())["html"] == rule(doc.text)
        return
    error = await request_error(client, {"textDocument": {"uri": doc.uri}})
    assert error.code == -32602
    assert METHOD in error.message and "not Markdown" in error.message
    assert "\n" not in error.message


async def test_many_requests_while_typing_each_name_their_version(
    client: RecordingClient, tmp_path: Path
) -> None:
    base = report("Start.")
    doc = Doc(client, tmp_path / "README.md", base)
    pending = []
    for n in range(1, 8):
        doc.change(base.replace("Start.", "Start." + " more" * n))
        pending.append((doc.version, doc.text, doc.request()))
    deadline = time.monotonic() + 30
    for version, text, request in pending:
        result = plain(await asyncio.wait_for(request, max(1.0, deadline - time.monotonic())))
        assert result["version"] == version
        assert result["html"] == rule(text)
