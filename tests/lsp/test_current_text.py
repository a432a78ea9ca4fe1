"""Requests answered between a `didChange` and the debounced analysis are about the current text.

The server here waits ten minutes after a keystroke before it analyses (and publishes), so every
request below arrives after the change and long before the debounced analysis. An answer computed
from the analysis of the previous version would point 60 lines off, at another question; each
test asserts what only the current text can give.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pytest_lsp import ClientServerConfig

from ..conftest import ROOT
from .feature_helpers import RecordingClient, make_recording_client

pytestmark = pytest.mark.asyncio(loop_scope="module")

SERVER = [sys.executable, "-m", "mlops_report"]
SAMPLE = ROOT / "examples" / "reports"
SAMPLE_TEXT = (SAMPLE / "README.md").read_text("utf-8")
DEBOUNCE_MS = 600_000
ADDED_LINES = 60
ADDED = "".join(f"Line {i} of text added above the heading.\n" for i in range(ADDED_LINES))
ADDED_WORDS = len(ADDED.split())


@pytest_lsp.fixture(
    scope="module",
    config=ClientServerConfig(server_command=SERVER, client_factory=make_recording_client),
)
async def client(lsp_client: RecordingClient) -> Any:
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(
                workspace=types.WorkspaceClientCapabilities(
                    workspace_edit=types.WorkspaceEditClientCapabilities(document_changes=True)
                ),
                text_document=types.TextDocumentClientCapabilities(
                    hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
                    completion=types.CompletionClientCapabilities(
                        completion_item=types.ClientCompletionItemOptions(snippet_support=True)
                    ),
                    document_symbol=types.DocumentSymbolClientCapabilities(
                        hierarchical_document_symbol_support=True
                    ),
                ),
            ),
            initialization_options={"mlopsReport": {"debounce": DEBOUNCE_MS}},
        )
    )
    yield
    await lsp_client.shutdown_session()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    shutil.copytree(SAMPLE / "figures", folder / "figures")
    return folder


# -- helpers -------------------------------------------------------------------------------------


def line_of(text: str, needle: str) -> int:
    return text.count("\n", 0, text.index(needle))


async def opened(client: RecordingClient, path: Path) -> str:
    """Open the sample as `path` and wait for the analysis of version 1 (done at once)."""
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="markdown", version=1, text=SAMPLE_TEXT
            )
        )
    )
    deadline = time.monotonic() + 10
    while not any(p.uri == uri and p.version == 1 for p in client.published):
        assert time.monotonic() < deadline, "no publish of version 1"
        await asyncio.sleep(0.01)
    return uri


def insert_above_question_12(client: RecordingClient, uri: str) -> str:
    """Insert 60 lines at the end of Question 11's answer, above Question 12: version 2."""
    line = line_of(SAMPLE_TEXT, "## Running code and tracking experiments\n")
    at = types.Position(line=line, character=0)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(start=at, end=at), text=ADDED
                )
            ],
        )
    )
    lines = SAMPLE_TEXT.split("\n")
    return "\n".join([*lines[:line], *ADDED.split("\n")[:-1], *lines[line:]])


def not_yet_published(client: RecordingClient, uri: str) -> None:
    """The answers came before the debounced analysis of version 2."""
    assert [p.version for p in client.published if p.uri == uri] == [1]


def words_in(label: str) -> int:
    """The word count in a hint or outline label, e.g. 267 in `267/200-300 words ✓`."""
    found = re.search(r"(\d+)(?:/\S+)? words", label)
    assert found, label
    return int(found.group(1))


def close(client: RecordingClient, uri: str) -> None:
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )


def doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


# -- the requests --------------------------------------------------------------------------------


async def test_hover_on_a_heading_that_moved(client: RecordingClient, folder: Path) -> None:
    uri = await opened(client, folder / "hover.md")
    before = await client.text_document_hover_async(
        types.HoverParams(
            text_document=doc(uri),
            position=types.Position(line=line_of(SAMPLE_TEXT, "### Question 12\n"), character=4),
        )
    )
    assert before is not None and isinstance(before.contents, types.MarkupContent)
    assert "Question 12" in before.contents.value

    text = insert_above_question_12(client, uri)
    heading = line_of(text, "### Question 12\n")
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=doc(uri), position=types.Position(line=heading, character=4)
        )
    )
    not_yet_published(client, uri)
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.value == before.contents.value
    assert hover.range is not None
    assert (hover.range.start.line, hover.range.end.line) == (heading, heading)
    close(client, uri)


async def test_a_code_action_below_the_insertion(client: RecordingClient, folder: Path) -> None:
    uri = await opened(client, folder / "action.md")
    [mismatch] = [
        d
        for p in client.published
        if p.uri == uri
        for d in p.diagnostics
        if d.code == "image-case-mismatch"
    ]
    text = insert_above_question_12(client, uri)
    line = line_of(text, "figures/Registry.png")
    assert mismatch.range.start.line == line - ADDED_LINES
    # The editor moves the diagnostic with the edit, as VS Code does, and asks about its line.
    moved = types.Diagnostic(
        range=types.Range(
            start=types.Position(line=line, character=mismatch.range.start.character),
            end=types.Position(line=line, character=mismatch.range.end.character),
        ),
        message=mismatch.message,
        severity=mismatch.severity,
        code=mismatch.code,
        source=mismatch.source,
        data=mismatch.data,
    )
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=doc(uri),
            range=moved.range,
            context=types.CodeActionContext(diagnostics=[moved]),
        )
    )
    not_yet_published(client, uri)
    assert actions is not None
    [fix] = [
        a
        for a in actions
        if isinstance(a, types.CodeAction)
        and a.title == "Change the path to `figures/registry.png`"
    ]
    # Versioned: applied once the student has typed on, the editor refuses it.
    assert fix.edit is not None and fix.edit.changes is None
    [doc_edit] = fix.edit.document_changes or []
    assert isinstance(doc_edit, types.TextDocumentEdit)
    assert (doc_edit.text_document.uri, doc_edit.text_document.version) == (uri, 2)
    [edit] = doc_edit.edits
    assert isinstance(edit, types.TextEdit)
    lines = text.split("\n")
    start, end = edit.range.start, edit.range.end
    assert start.line == end.line == line
    fixed = lines[line][: start.character] + edit.new_text + lines[line][end.character :]
    assert fixed == lines[line].replace("figures/Registry.png", "figures/registry.png")
    close(client, uri)


async def test_an_image_begun_just_now_is_completed(client: RecordingClient, folder: Path) -> None:
    uri = await opened(client, folder / "completion.md")
    # The student types `![` at the end of Question 11's answer; the editor closes the bracket.
    line = line_of(SAMPLE_TEXT, "## Running code and tracking experiments\n")
    at = types.Position(line=line, character=0)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(start=at, end=at), text="Our bucket: ![]\n\n"
                )
            ],
        )
    )
    typed = len("Our bucket: ![")
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=doc(uri),
            position=types.Position(line=line, character=typed),
            context=types.CompletionContext(
                trigger_kind=types.CompletionTriggerKind.TriggerCharacter, trigger_character="["
            ),
        )
    )
    not_yet_published(client, uri)
    assert isinstance(result, types.CompletionList)
    items = sorted(result.items, key=lambda i: i.sort_text or "")
    # The screenshots no answer uses yet first (Q19 links bucket.png, Q20 shows `Registry.png`).
    assert [i.label for i in items] == [
        "figures/drift.png",
        "figures/frontend.png",
        "figures/bucket.png",
        "figures/build.png",
        "figures/overview.png",
        "figures/registry.png",
        "figures/wandb.png",
    ]
    first = items[0]
    assert first.insert_text_format == types.InsertTextFormat.Snippet  # the client takes them
    assert first.text_edit == types.TextEdit(
        range=types.Range(
            start=types.Position(line=line, character=typed - 2),
            end=types.Position(line=line, character=typed + 1),
        ),
        new_text="![${1:drift}](figures/drift.png)$0",
    )
    close(client, uri)


async def test_inlay_hints_after_the_headings_as_they_are_now(
    client: RecordingClient, folder: Path
) -> None:
    uri = await opened(client, folder / "inlay.md")
    everything = types.Range(
        start=types.Position(line=0, character=0),
        end=types.Position(line=SAMPLE_TEXT.count("\n") + ADDED_LINES + 1, character=0),
    )
    before = await client.text_document_inlay_hint_async(
        types.InlayHintParams(text_document=doc(uri), range=everything)
    )
    assert before is not None
    heading_11 = line_of(SAMPLE_TEXT, "### Question 11\n")
    [label_11] = [h.label for h in before if h.position.line == heading_11]
    assert isinstance(label_11, str)
    words_11 = words_in(label_11)

    text = insert_above_question_12(client, uri)
    hints = await client.text_document_inlay_hint_async(
        types.InlayHintParams(text_document=doc(uri), range=everything)
    )
    not_yet_published(client, uri)
    assert hints is not None
    lines = text.split("\n")
    at = {int(lines[h.position.line].split()[-1]): h for h in hints}
    assert len(at) == len(before)
    for number, hint in at.items():
        assert lines[hint.position.line] == f"### Question {number}"
        assert hint.position.character == len(lines[hint.position.line])
    label = at[11].label
    assert isinstance(label, str)
    assert words_in(label) == words_11 + ADDED_WORDS
    close(client, uri)


async def test_symbols_of_the_current_text(client: RecordingClient, folder: Path) -> None:
    uri = await opened(client, folder / "symbols.md")

    def questions(symbols: Any) -> dict[str, types.DocumentSymbol]:
        return {
            child.name: child
            for section in symbols
            for child in section.children or []
            if child.name.startswith("Question")
        }

    params = types.DocumentSymbolParams(text_document=doc(uri))
    before = questions(await client.text_document_document_symbol_async(params))
    text = insert_above_question_12(client, uri)
    after = questions(await client.text_document_document_symbol_async(params))
    not_yet_published(client, uri)
    assert after.keys() == before.keys()
    lines = text.split("\n")
    for name, symbol in after.items():
        assert lines[symbol.selection_range.start.line] == f"### {name}"
    words_11 = words_in(str(before["Question 11"].detail))
    assert words_in(str(after["Question 11"].detail)) == words_11 + ADDED_WORDS
    close(client, uri)


async def test_the_question_list_of_the_current_text(client: RecordingClient, folder: Path) -> None:
    uri = await opened(client, folder / "questions.md")
    params = {"textDocument": {"uri": uri}}
    before = await client.protocol.send_request_async("mlopsReport/questions", params)
    text = insert_above_question_12(client, uri)
    after = await client.protocol.send_request_async("mlopsReport/questions", params)
    not_yet_published(client, uri)
    assert (before.version, after.version) == (1, 2)
    assert after.stopped is None
    lines = text.split("\n")
    assert len(after.questions) == len(before.questions) == 31
    for q in after.questions:
        assert lines[q.range.start.line] == f"### Question {q.number}"
    q11_before, q11 = before.questions[10], after.questions[10]
    assert words_in(q11.status) == words_in(q11_before.status) + ADDED_WORDS
    # 480 more words take Question 11 over its 300.
    assert [q.number for q in before.questions if q.failing] == [12, 18, 19, 27]
    assert [q.number for q in after.questions if q.failing] == [11, 12, 18, 19, 27]
    close(client, uri)


async def test_a_version_number_sent_again_is_not_taken_for_the_same_text(
    client: RecordingClient, folder: Path
) -> None:
    # Versions must grow (LSP); a client that sends one again (an undo bug, say) still gets
    # answers about the text it has now, not about the analysis of that number's old text.
    uri = await opened(client, folder / "again.md")
    text = insert_above_question_12(client, uri)
    start = types.Position(line=0, character=0)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=1),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(start=start, end=start), text="x"
                )
            ],
        )
    )
    params = {"textDocument": {"uri": uri}}
    answer = await client.protocol.send_request_async("mlopsReport/questions", params)
    not_yet_published(client, uri)
    assert answer.version == 1
    lines = ("x" + text).split("\n")
    assert [lines[q.range.start.line] for q in answer.questions[10:13]] == [
        f"### Question {n}" for n in (11, 12, 13)
    ]
    close(client, uri)


async def test_no_question_list_for_a_document_that_is_not_a_report(
    client: RecordingClient, folder: Path
) -> None:
    uri = (folder / "notes.md").as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="markdown", version=1, text="# Notes\n\nNothing here.\n"
            )
        )
    )
    params = {"textDocument": {"uri": uri}}
    assert await client.protocol.send_request_async("mlopsReport/questions", params) is None
    close(client, uri)
    unopened = {"textDocument": {"uri": (folder / "absent.md").as_uri()}}
    assert await client.protocol.send_request_async("mlopsReport/questions", unopened) is None


async def test_a_question_list_asked_for_without_a_document_is_invalid_params(
    client: RecordingClient,
) -> None:
    with pytest.raises(JsonRpcException) as refused:
        await client.protocol.send_request_async("mlopsReport/questions", {"uri": "x"})
    assert refused.value.code == -32602
    assert "takes {textDocument: {uri}}" in str(refused.value)
