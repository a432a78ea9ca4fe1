"""Hover, code actions, completion, inlay hints and symbols end to end, over stdio.

One server serves the whole module. Each test opens its own copy of the bundled sample report
(under its own name, beside a copy of its `figures/` folder in a temporary directory), or a real
report from `../shared/corpus` read in place; edits are applied here, as an editor would, and sent
back with `didChange`, and the test waits for the publish of that version.
"""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcMethodNotFound
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from ..conftest import ROOT, SHARED, corpus_reports, needs_shared

pytestmark = pytest.mark.asyncio(loop_scope="module")

SERVER = [sys.executable, "-m", "mlops_report"]
SAMPLE = ROOT / "examples" / "reports"
SAMPLE_TEXT = (SAMPLE / "README.md").read_text("utf-8")
FIONA = SHARED / "corpus" / "real" / "FionaWennberg__mlops_group54.md"


# -- the client ----------------------------------------------------------------------------------


class FeatureClient(LanguageClient):
    """A pytest-lsp client that keeps every publish in order and the initialize result."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.published: list[types.PublishDiagnosticsParams] = []
        self.init_result: types.InitializeResult | None = None


def _on_publish(client: FeatureClient, params: types.PublishDiagnosticsParams) -> None:
    client.diagnostics[params.uri] = params.diagnostics
    client.published.append(params)


def _on_summary(client: FeatureClient, params: Any) -> None:
    pass


def make_client() -> FeatureClient:
    client = FeatureClient(converter_factory=default_converter)
    features = dict(DEFAULT_CLIENT_FEATURES)
    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = _on_publish
    features["mlopsReport/summary"] = _on_summary
    register_lsp_features(client, features)
    return client


CAPABILITIES = types.ClientCapabilities(
    general=types.GeneralClientCapabilities(position_encodings=[types.PositionEncodingKind.Utf16]),
    text_document=types.TextDocumentClientCapabilities(
        publish_diagnostics=types.PublishDiagnosticsClientCapabilities(
            version_support=True, code_description_support=True, data_support=True
        ),
        hover=types.HoverClientCapabilities(
            content_format=[types.MarkupKind.Markdown, types.MarkupKind.PlainText]
        ),
        code_action=types.CodeActionClientCapabilities(
            code_action_literal_support=types.ClientCodeActionLiteralOptions(
                code_action_kind=types.ClientCodeActionKindOptions(
                    value_set=[
                        types.CodeActionKind.QuickFix,
                        types.CodeActionKind.Refactor,
                        types.CodeActionKind.SourceFixAll,
                    ]
                )
            ),
            is_preferred_support=True,
        ),
        completion=types.CompletionClientCapabilities(
            completion_item=types.ClientCompletionItemOptions(snippet_support=False)
        ),
        inlay_hint=types.InlayHintClientCapabilities(),
        document_symbol=types.DocumentSymbolClientCapabilities(
            hierarchical_document_symbol_support=True
        ),
    ),
)


@pytest_lsp.fixture(
    scope="module",
    config=ClientServerConfig(server_command=SERVER, client_factory=make_client),
)
async def client(lsp_client: FeatureClient) -> Any:
    # No `workspace.configuration` capability: the settings below stay (debounce 0: publish at
    # once, so each test can wait for the publish of the version it sent).
    lsp_client.init_result = await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=CAPABILITIES,
            initialization_options={"mlopsReport": {"debounce": 0}},
        )
    )
    yield
    await lsp_client.shutdown_session()


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sample report's folder, so edits and file checks never touch the repo."""
    folder = tmp_path_factory.mktemp("report")
    shutil.copytree(SAMPLE / "figures", folder / "figures")
    (folder / "README.md").write_text(SAMPLE_TEXT, "utf-8")
    return folder


# -- helpers -------------------------------------------------------------------------------------


@dataclass
class Doc:
    """An open document as the client holds it."""

    uri: str
    text: str
    version: int
    diagnostics: list[types.Diagnostic]


async def wait_for_publish(client: FeatureClient, uri: str, version: int) -> list[types.Diagnostic]:
    deadline = time.monotonic() + 10
    while True:
        for p in client.published:
            if p.uri == uri and p.version == version:
                return list(p.diagnostics)
        if time.monotonic() > deadline:
            raise AssertionError(f"no publish of {uri} v{version}")
        await asyncio.sleep(0.01)


async def open_doc(client: FeatureClient, path: Path, text: str | None = None) -> Doc:
    text = path.read_text("utf-8") if text is None else text
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="markdown", version=1, text=text
            )
        )
    )
    return Doc(uri, text, 1, await wait_for_publish(client, uri, 1))


async def open_sample(
    client: FeatureClient, report_dir: Path, name: str, text: str | None = None
) -> Doc:
    """Open the sample (or `text`) as `<name>.md` beside the copied `figures/` folder."""
    return await open_doc(client, report_dir / f"{name}.md", SAMPLE_TEXT if text is None else text)


async def change(client: FeatureClient, doc: Doc, text: str) -> None:
    doc.version += 1
    doc.text = text
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=doc.uri, version=doc.version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )
    doc.diagnostics = await wait_for_publish(client, doc.uri, doc.version)


async def files_changed(client: FeatureClient, *paths: Path) -> None:
    """Tell the server about changed files, as an editor watching `figures/` does."""
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[
                types.FileEvent(uri=p.as_uri(), type=types.FileChangeType.Changed) for p in paths
            ]
        )
    )
    # A request round trip: the notification has been handled when its answer arrives.
    with pytest.raises(JsonRpcMethodNotFound):
        await client.protocol.send_request_async("mlopsReport/ping", {})


def close(client: FeatureClient, doc: Doc) -> None:
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=doc.uri))
    )


def offset(text: str, pos: types.Position) -> int:
    """The string index of an LSP position counted in UTF-16 code units."""
    lines = text.split("\n")
    start = sum(len(line) + 1 for line in lines[: pos.line])
    line = lines[pos.line] if pos.line < len(lines) else ""
    units = i = 0
    while i < len(line) and units < pos.character:
        units += 2 if ord(line[i]) > 0xFFFF else 1
        i += 1
    return start + i


def position(text: str, index: int) -> types.Position:
    """The LSP position (UTF-16) of a string index."""
    line = text.count("\n", 0, index)
    line_start = text.rfind("\n", 0, index) + 1
    units = sum(2 if ord(ch) > 0xFFFF else 1 for ch in text[line_start:index])
    return types.Position(line=line, character=units)


def apply(text: str, edits: list[types.TextEdit]) -> str:
    spans = sorted(
        ((offset(text, e.range.start), offset(text, e.range.end), e.new_text) for e in edits),
        reverse=True,
    )
    for a, b, new in spans:
        text = text[:a] + new + text[b:]
    return text


def edits_of(action: types.CodeAction, uri: str) -> list[types.TextEdit]:
    assert action.edit is not None and action.edit.changes is not None
    assert set(action.edit.changes) == {uri}
    return list(action.edit.changes[uri])


def line_of(text: str, needle: str) -> int:
    index = text.index(needle)
    return text.count("\n", 0, index)


def codes(diags: list[types.Diagnostic], question: int | None = None) -> list[str]:
    return [
        str(d.code)
        for d in diags
        if question is None or (isinstance(d.data, dict) and d.data.get("question") == question)
    ]


def diagnostic(doc: Doc, code: str, question: int | None = None) -> types.Diagnostic:
    found = [
        d
        for d in doc.diagnostics
        if d.code == code
        and (question is None or (isinstance(d.data, dict) and d.data.get("question") == question))
    ]
    assert len(found) == 1, (code, question, codes(doc.diagnostics))
    return found[0]


async def actions_at(
    client: FeatureClient,
    doc: Doc,
    rng: types.Range,
    diags: list[types.Diagnostic] | None = None,
    only: list[str] | None = None,
) -> list[types.CodeAction]:
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=doc.uri),
            range=rng,
            context=types.CodeActionContext(
                diagnostics=diags or [],
                only=[types.CodeActionKind(k) if k in _KINDS else k for k in only]  # type: ignore[misc]
                if only
                else None,
            ),
        )
    )
    assert result is not None
    return [a for a in result if isinstance(a, types.CodeAction)]


_KINDS = {k.value for k in types.CodeActionKind}


async def hover_text(client: FeatureClient, doc: Doc, pos: types.Position) -> str:
    result = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=doc.uri), position=pos)
    )
    assert result is not None
    assert isinstance(result.contents, types.MarkupContent)
    assert result.contents.kind == types.MarkupKind.Markdown
    return result.contents.value


def by_title(actions: list[types.CodeAction], title: str) -> types.CodeAction:
    found = [a for a in actions if a.title == title]
    assert len(found) == 1, (title, [a.title for a in actions])
    return found[0]


# -- capabilities --------------------------------------------------------------------------------


async def test_capabilities_are_registered_with_their_options(client: FeatureClient) -> None:
    assert client.init_result is not None
    caps = client.init_result.capabilities
    assert caps.position_encoding == types.PositionEncodingKind.Utf16
    assert caps.hover_provider
    assert isinstance(caps.code_action_provider, types.CodeActionOptions)
    kinds = {str(k) for k in caps.code_action_provider.code_action_kinds or []}
    assert {"quickfix", "source.fixAll.mlops-report"} <= kinds
    assert caps.completion_provider is not None
    assert set(caps.completion_provider.trigger_characters or []) == {"(", "/", "["}
    assert caps.inlay_hint_provider
    assert caps.document_symbol_provider


# -- hover ---------------------------------------------------------------------------------------


async def test_hover_on_an_answer_gives_report_py_counts(
    client: FeatureClient, report_dir: Path
) -> None:
    doc = await open_sample(client, report_dir, "hover_answer")
    text = await hover_text(
        client, doc, position(doc.text, doc.text.index("We configured experiments with Hydra") + 3)
    )
    assert text.startswith("**Question 12** (B3): ✗ fails report.py check")
    assert "- Words: **119** (limit 50-100) ✗" in text
    assert "A reader sees **117** words" in text
    close(client, doc)


async def test_hover_on_a_heading_gives_the_same_summary(
    client: FeatureClient, report_dir: Path
) -> None:
    doc = await open_sample(client, report_dir, "hover_heading")
    line = line_of(doc.text, "### Question 14")
    result = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=doc.uri),
            position=types.Position(line=line, character=5),
        )
    )
    assert result is not None and isinstance(result.contents, types.MarkupContent)
    value = result.contents.value
    assert "**Question 14** (B3): ✓ passes report.py check" in value
    assert "- Words: **265** (limit 200-300) ✓" in value
    assert "- Images: **2** (limit 1-3) ✓" in value
    assert result.range == types.Range(
        start=types.Position(line=line, character=0),
        end=types.Position(line=line, character=len("### Question 14")),
    )
    # Unanswered: report.py counts the placeholder's 6 words.
    q27 = await hover_text(
        client, doc, types.Position(line=line_of(doc.text, "### Question 27"), character=4)
    )
    assert "- Words: **6** (limit 100-200) ✗" in q27
    assert "Not answered yet" in q27
    close(client, doc)


async def test_hover_on_images_shows_the_file(client: FeatureClient, report_dir: Path) -> None:
    doc = await open_sample(client, report_dir, "hover_image")
    found = await hover_text(
        client, doc, position(doc.text, doc.text.index("![training_curves]") + 2)
    )
    size = (report_dir / "figures" / "wandb.png").stat().st_size
    assert "counted by report.py" in found
    assert f"exists, {size / 1024:.1f} KB" in found
    assert f"![]({(report_dir / 'figures' / 'wandb.png').as_uri()})" in found
    missing = await hover_text(
        client, doc, position(doc.text, doc.text.index("![confusion_matrix]") + 2)
    )
    assert "**does not exist**" in missing
    assert "file://" not in missing
    link = await hover_text(client, doc, position(doc.text, doc.text.index("[bucket](") + 1))
    assert "not counted" in link and "exists" in link
    close(client, doc)


# -- quick-fixes ---------------------------------------------------------------------------------


async def _quick_fix(
    client: FeatureClient,
    report_dir: Path,
    name: str,
    text: str,
    code: str,
    question: int | None,
    title: str,
) -> tuple[Doc, str]:
    """Open `text`, take the fix titled `title` for its `code` diagnostic, apply it, send it."""
    doc = await open_sample(client, report_dir, name, text)
    diag = diagnostic(doc, code, question)
    actions = await actions_at(client, doc, diag.range, [diag])
    action = by_title(actions, title)
    assert action.kind == types.CodeActionKind.QuickFix
    assert list(action.diagnostics or []) == [diag]
    fixed = apply(doc.text, edits_of(action, doc.uri))
    await change(client, doc, fixed)
    assert code not in codes(doc.diagnostics, question)
    return doc, fixed


# Each case breaks the sample one way; its fix must give the sample back exactly.
BROKEN = [
    (
        "heading-level",
        18,
        "Change the heading to `### Question 18`",
        ("### Question 18\n", "## Question 18\n"),
    ),
    (
        "answer-marker-missing",
        18,
        "Insert `> Answer:` after the prompt",
        ("100-200 words.\n>\n> Answer:\n\nWe only used", "100-200 words.\n\nWe only used"),
    ),
    (
        "image-not-found",
        21,
        "Change the path to `figures/build.png`",
        ("![build](figures/build.png)", "![build](reports/figures/build.png)"),
    ),
    (
        "image-html",
        21,
        "Rewrite as `![build](figures/build.png)`",
        (
            "\n![build](figures/build.png) shows",
            '\n<img src="figures/build.png" alt="build"> shows',
        ),
    ),
]


@pytest.mark.parametrize(("code", "question", "title", "breakage"), BROKEN)
async def test_a_quick_fix_repairs_what_was_broken(
    client: FeatureClient,
    report_dir: Path,
    code: str,
    question: int,
    title: str,
    breakage: tuple[str, str],
) -> None:
    good, bad = breakage
    original = SAMPLE_TEXT
    if code == "image-html":
        original = SAMPLE_TEXT.replace(
            "![build](figures/build.png)\n", "![build](figures/build.png) shows the builds.\n"
        )
    assert good in original
    doc, fixed = await _quick_fix(
        client, report_dir, f"fix_{code}", original.replace(good, bad), code, question, title
    )
    assert fixed == original
    close(client, doc)


async def test_answer_marker_inside_is_lower_cased(client: FeatureClient, report_dir: Path) -> None:
    text = SAMPLE_TEXT.replace("Reproducibility came from", "Answer: Reproducibility came from")
    doc, fixed = await _quick_fix(
        client,
        report_dir,
        "fix_marker_inside",
        text,
        "answer-marker-inside",
        13,
        "Write `answer:` in lower case",
    )
    assert fixed == text.replace("Answer: Reproducibility", "answer: Reproducibility")
    close(client, doc)


async def test_image_as_link_gets_its_bang(client: FeatureClient, report_dir: Path) -> None:
    doc, fixed = await _quick_fix(
        client,
        report_dir,
        "fix_link",
        SAMPLE_TEXT,
        "image-as-link",
        19,
        "Show the image: add `!`",
    )
    assert fixed == SAMPLE_TEXT.replace("\n[bucket](figures/", "\n![bucket](figures/")
    assert "images-missing" not in codes(doc.diagnostics, 19)  # now it counts
    close(client, doc)


async def test_case_mismatch_takes_the_real_name(client: FeatureClient, report_dir: Path) -> None:
    doc, fixed = await _quick_fix(
        client,
        report_dir,
        "fix_case",
        SAMPLE_TEXT,
        "image-case-mismatch",
        20,
        "Change the path to `figures/registry.png`",
    )
    assert fixed == SAMPLE_TEXT.replace("figures/Registry.png", "figures/registry.png")
    close(client, doc)


async def test_leftover_placeholder_is_removed_with_its_line(
    client: FeatureClient, report_dir: Path
) -> None:
    doc, fixed = await _quick_fix(
        client,
        report_dir,
        "fix_placeholder",
        SAMPLE_TEXT,
        "placeholder-leftover",
        25,
        "Remove the placeholder",
    )
    assert fixed == SAMPLE_TEXT.replace("--- question 25 fill here ---\n\n", "")
    close(client, doc)


async def test_images_missing_offers_each_unused_figure(
    client: FeatureClient, report_dir: Path
) -> None:
    doc = await open_sample(client, report_dir, "fix_images_missing")
    diag = diagnostic(doc, "images-missing", 19)
    answer = line_of(doc.text, "Our bucket `birdsong-data-g42`")
    assert diag.range.start.line == answer  # on the answer that lacks the image
    # Ctrl+. on the answer: the cursor, and the diagnostic under it.
    cursor = types.Range(
        start=types.Position(line=answer, character=3),
        end=types.Position(line=answer, character=3),
    )
    actions = await actions_at(client, doc, cursor, [diag])
    titles = [a.title for a in actions if a.kind == types.CodeActionKind.QuickFix]
    # Unused figures first; those an answer uses (also as a link, or in other letter case) after.
    assert titles[:2] == ["Insert image figures/drift.png", "Insert image figures/frontend.png"]
    assert all("(already in Q" in t for t in titles[2:-1])
    assert "Insert image figures/bucket.png (already in Q19)" in titles
    assert titles[-1] == "Insert an image link `![description](figures/)`"
    drift = by_title(actions, "Insert image figures/drift.png")
    fixed = apply(doc.text, edits_of(drift, doc.uri))
    assert fixed == SAMPLE_TEXT.replace(
        "[bucket](figures/bucket.png)\n",
        "[bucket](figures/bucket.png)\n\n![drift](figures/drift.png)\n",
    )
    await change(client, doc, fixed)
    assert "images-missing" not in codes(doc.diagnostics, 19)
    generic = apply(
        SAMPLE_TEXT,
        edits_of(by_title(actions, "Insert an image link `![description](figures/)`"), doc.uri),
    )
    assert "[bucket](figures/bucket.png)\n\n![description](figures/)\n" in generic
    close(client, doc)


async def test_insert_image_is_offered_anywhere_in_an_answer_taking_images(
    client: FeatureClient, report_dir: Path
) -> None:
    doc = await open_sample(client, report_dir, "insert_anywhere")
    inside_q21 = position(doc.text, doc.text.index("Most builds are triggered"))
    actions = await actions_at(client, doc, types.Range(start=inside_q21, end=inside_q21))
    inserts = [a for a in actions if a.title.startswith("Insert image ")]
    assert [a.title for a in inserts][:2] == [
        "Insert image figures/drift.png",
        "Insert image figures/frontend.png",
    ]
    assert all(a.kind == "refactor.insert" for a in inserts)  # Q21 has its one image already
    # A question without image limits gets none.
    in_q13 = position(doc.text, doc.text.index("Reproducibility came"))
    actions = await actions_at(client, doc, types.Range(start=in_q13, end=in_q13))
    assert not [a for a in actions if a.title.startswith("Insert image")]
    close(client, doc)


async def test_a_stale_diagnostic_is_fixed_where_the_problem_is_now(
    client: FeatureClient, report_dir: Path
) -> None:
    doc = await open_sample(client, report_dir, "stale")
    old = diagnostic(doc, "image-case-mismatch", 20)
    await change(client, doc, "Intro line.\n" + doc.text)
    actions = await actions_at(client, doc, old.range, [old])
    fix = by_title(actions, "Change the path to `figures/registry.png`")
    [edit] = edits_of(fix, doc.uri)
    assert edit.range.start.line == old.range.start.line + 1
    assert apply(doc.text, [edit]) == "Intro line.\n" + SAMPLE_TEXT.replace(
        "figures/Registry.png", "figures/registry.png"
    )
    close(client, doc)


async def test_fix_all_applies_the_safe_fixes_together(
    client: FeatureClient, report_dir: Path
) -> None:
    broken = SAMPLE_TEXT.replace("### Question 18\n", "## Question 18\n").replace(
        "![build](figures/build.png)", "![build](reports/figures/build.png)"
    )
    doc = await open_sample(client, report_dir, "fix_all", broken)
    actions = await actions_at(
        client,
        doc,
        types.Range(
            start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)
        ),
        only=["source.fixAll"],
    )
    [fix_all] = actions
    assert fix_all.kind == "source.fixAll.mlops-report"
    # Asked for quick-fixes only (at a diagnostic that has some), there is no fix-all.
    link = diagnostic(doc, "image-as-link", 19)
    quick = await actions_at(client, doc, link.range, [link], only=["quickfix"])
    assert quick and {a.kind for a in quick} == {types.CodeActionKind.QuickFix}
    # Its own kind, or no filter at all, gives the same fix-all.
    for only in (["source.fixAll.mlops-report"], None):
        again = await actions_at(client, doc, link.range, [link], only=only)
        assert [a.edit for a in again if a.kind == fix_all.kind] == [fix_all.edit]
    fixed = apply(doc.text, edits_of(fix_all, doc.uri))
    expected = (
        SAMPLE_TEXT.replace("\n[bucket](figures/", "\n![bucket](figures/")
        .replace("figures/Registry.png", "figures/registry.png")
        .replace("--- question 25 fill here ---\n\n", "")
    )
    assert fixed == expected
    await change(client, doc, fixed)
    left = set(codes(doc.diagnostics))
    assert not left & {
        "heading-level",
        "image-as-link",
        "image-case-mismatch",
        "placeholder-leftover",
        "answer-count",
    }
    assert "image-not-found" in left  # figures/wandb_confusion.png: nothing safe to do
    close(client, doc)


# -- completion ----------------------------------------------------------------------------------


async def test_completion_lists_figures_inside_a_destination(
    client: FeatureClient, report_dir: Path
) -> None:
    (report_dir / "figures" / "notes.txt").write_text("not an image", "utf-8")
    (report_dir / "figures" / "sub").mkdir(exist_ok=True)
    (report_dir / "figures" / "sub" / "deep.png").write_bytes(b"\x89PNG")
    await files_changed(
        client, report_dir / "figures" / "notes.txt", report_dir / "figures" / "sub"
    )
    text = SAMPLE_TEXT.replace(
        "Most builds are triggered",
        "See ![new](figures/dr and [plain text]. Most builds are triggered",
    )
    doc = await open_sample(client, report_dir, "completion", text)
    at = doc.text.index("figures/dr") + len("figures/dr")
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=doc.uri),
            position=position(doc.text, at),
            context=types.CompletionContext(
                trigger_kind=types.CompletionTriggerKind.TriggerCharacter, trigger_character="/"
            ),
        )
    )
    assert isinstance(result, types.CompletionList)
    items = sorted(result.items, key=lambda i: i.sort_text or "")
    labels = [i.label for i in items]
    assert labels[-1] == "figures/notes.txt"  # images first
    assert "figures/sub/deep.png" in labels
    assert set(labels[:-1]) == {
        f"figures/{p.name}" for p in (report_dir / "figures").glob("*.png")
    } | {"figures/sub/deep.png"}
    drift = next(i for i in items if i.label == "figures/drift.png")
    assert isinstance(drift.text_edit, types.TextEdit)
    assert drift.text_edit.range == types.Range(
        start=position(doc.text, doc.text.index("figures/dr")), end=position(doc.text, at)
    )
    assert apply(doc.text, [drift.text_edit]).count("![new](figures/drift.png") == 1
    # Outside a destination: nothing.
    outside = position(doc.text, doc.text.index("[plain text]") + 3)
    none = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=doc.uri), position=outside
        )
    )
    assert none is None or not (none.items if isinstance(none, types.CompletionList) else none)
    close(client, doc)
    (report_dir / "figures" / "notes.txt").unlink()
    shutil.rmtree(report_dir / "figures" / "sub")
    await files_changed(
        client, report_dir / "figures" / "notes.txt", report_dir / "figures" / "sub"
    )


async def test_completion_after_an_image_opening_offers_whole_images(
    client: FeatureClient, report_dir: Path
) -> None:
    text = SAMPLE_TEXT.replace("Most builds are triggered", "See ![. Most builds are triggered")
    doc = await open_sample(client, report_dir, "image_completion", text)
    at = doc.text.index("See ![") + len("See ![")
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=doc.uri),
            position=position(doc.text, at),
            context=types.CompletionContext(
                trigger_kind=types.CompletionTriggerKind.TriggerCharacter, trigger_character="["
            ),
        )
    )
    assert isinstance(result, types.CompletionList)
    items = sorted(result.items, key=lambda i: i.sort_text or "")
    assert items and all(i.label.endswith(".png") for i in items)
    assert [i.detail for i in items].index("image, already used") > 0  # unused ones first
    first = items[0]
    assert first.insert_text_format is None  # this client takes no snippets
    assert isinstance(first.text_edit, types.TextEdit)
    name = first.label.removeprefix("figures/").removesuffix(".png")
    assert (
        apply(doc.text, [first.text_edit]).count(f"See ![{name}](figures/{name}.png). Most builds")
        == 1
    )
    close(client, doc)


# -- inlay hints and symbols ---------------------------------------------------------------------


async def test_inlay_hints_show_counts_after_each_heading(
    client: FeatureClient, report_dir: Path
) -> None:
    doc = await open_sample(client, report_dir, "inlay")
    lines = doc.text.split("\n")
    hints = await client.text_document_inlay_hint_async(
        types.InlayHintParams(
            text_document=types.TextDocumentIdentifier(uri=doc.uri),
            range=types.Range(
                start=types.Position(line=0, character=0),
                end=types.Position(line=len(lines), character=0),
            ),
        )
    )
    assert hints is not None
    by_question = {}
    for h in hints:
        heading = lines[h.position.line]
        assert h.position.character == len(heading)
        assert h.padding_left
        by_question[int(heading.split()[-1])] = h.label
    assert 1 not in by_question and 2 not in by_question  # no limits
    assert len(by_question) == 29
    assert by_question[3] == "137/0-200 words ✓"
    assert by_question[12] == "119/50-100 words ✗"
    assert by_question[14] == "265/200-300 words, 2/1-3 images ⚠ Image file does not exist"
    assert by_question[19] == "0/1-2 images ✗"
    assert by_question[29] == "298/200-400 words, 1/1 image ✓"
    close(client, doc)


async def test_symbols_outline_sections_and_questions(
    client: FeatureClient, report_dir: Path
) -> None:
    doc = await open_sample(client, report_dir, "symbols")
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=doc.uri))
    )
    assert symbols is not None
    tree = {
        s.name: [(c.name, c.detail) for c in s.children or []]
        for s in symbols
        if isinstance(s, types.DocumentSymbol)
    }
    assert tree["Group information"] == [("Question 1", "1 word"), ("Question 2", "3 words")]
    running = tree["Running code and tracking experiments"]
    assert running[0] == ("Question 12", "119 words (50-100) ✗")
    assert (
        "Question 14",
        "265 words (200-300), 2 images (1-3) ⚠ Image file does not exist",
    ) in running
    cloud = dict(tree["Working in the cloud"])
    assert cloud["Question 19"] == "0 images (1-2) ✗"
    assert sum(len(children) for children in tree.values()) == 31
    for s in symbols:
        assert isinstance(s, types.DocumentSymbol)
        for c in s.children or []:
            assert s.range.start.line <= c.range.start.line
            assert c.range.end.line <= s.range.end.line
    close(client, doc)


# -- position encoding ---------------------------------------------------------------------------


async def test_utf16_positions_on_a_line_with_emoji(
    client: FeatureClient, report_dir: Path
) -> None:
    text = SAMPLE_TEXT.replace(
        "\n[bucket](figures/bucket.png)", "\n🪣🪣🪣 [bucket](figures/bucket.png)"
    )
    doc = await open_sample(client, report_dir, "utf16", text)
    diag = diagnostic(doc, "image-as-link", 19)
    # Three astral characters are six UTF-16 units, plus the space.
    assert diag.range.start.character == 7
    link_end = doc.text.index("bucket.png)", doc.text.index("🪣")) + len("bucket.png)")
    # The last character of the link: inside it in UTF-16, past the line's end in code points.
    hovered = await hover_text(client, doc, position(doc.text, link_end - 1))
    assert hovered.startswith("**Image** `figures/bucket.png`")
    actions = await actions_at(client, doc, diag.range, [diag])
    fix = by_title(
        actions,
        "Show the image: add `!` (the word “bucket” becomes the image's alt text, gone from the "
        "sentence)",
    )
    assert edits_of(fix, doc.uri)[0].range.start.character == 7
    fixed = apply(doc.text, edits_of(fix, doc.uri))
    assert "\n🪣🪣🪣 ![bucket](figures/bucket.png)" in fixed
    await change(client, doc, fixed)
    assert "image-as-link" not in codes(doc.diagnostics)
    close(client, doc)


# -- real reports --------------------------------------------------------------------------------


def _oracle() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SHARED / "oracle" / "real.json").read_text("utf-8"))
    return data


_WORDS_RE = re.compile(r"- Words: \*\*(\d+)\*\*")
_IMAGES_RE = re.compile(r"- Images: \*\*(\d+)\*\*")
_AS_RE = re.compile(r"checks this text as question (\d+)")


@needs_shared
async def test_hover_numbers_equal_report_py_on_real_reports(client: FeatureClient) -> None:
    oracle = _oracle()
    checked = 0
    for path in corpus_reports():
        if path.name not in oracle:
            continue
        doc = await open_doc(client, path)
        text = doc.text
        for m in re.finditer(r"^#{1,6} *Question *(\d+)", text, re.M | re.I):
            hovered = await hover_text(client, doc, position(text, m.start() + 1))
            edition = re.search(r"\((A0|A1|B1|B2|B3)\)", hovered)
            assert edition is not None
            expected = oracle[path.name][edition.group(1)]
            if expected["error"] is not None:
                assert "report.py check stops before checking any question" in hovered
                continue
            words = _WORDS_RE.search(hovered)
            if words is None or "appears twice" in hovered or "not checked" in hovered:
                continue
            as_q = _AS_RE.search(hovered)
            index = int(as_q.group(1)) if as_q else int(m.group(1))
            answer = expected["answers"][index - 1]
            assert int(words.group(1)) == answer["words"], (path.name, m.group(0))
            images = _IMAGES_RE.search(hovered)
            if images is not None:
                assert int(images.group(1)) == answer["images"], (path.name, m.group(0))
            checked += 1
        close(client, doc)
    assert checked > 800


@needs_shared
async def test_a_real_report_that_report_py_rejects_says_so(client: FeatureClient) -> None:
    doc = await open_doc(client, FIONA)
    hovered = await hover_text(
        client, doc, types.Position(line=line_of(doc.text, "Question 3"), character=2)
    )
    assert "report.py check stops before checking any question: found 30 answers, expected 31" in (
        hovered
    )
    hints = await client.text_document_inlay_hint_async(
        types.InlayHintParams(
            text_document=types.TextDocumentIdentifier(uri=doc.uri),
            range=types.Range(
                start=types.Position(line=0, character=0),
                end=types.Position(line=doc.text.count("\n") + 1, character=0),
            ),
        )
    )
    assert hints and all(str(h.tooltip).endswith("expected 31.") for h in hints)
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=doc.uri))
    )
    assert symbols is not None
    questions = [
        c.name for s in symbols if isinstance(s, types.DocumentSymbol) for c in s.children or []
    ]
    assert len(questions) == 30
    close(client, doc)
