"""The language server end to end: `python -m mlops_report` over stdio, driven by pytest-lsp.

Every test starts a real server process. Reports are copies of the bundled sample report in
`tmp_path` (so image files can be created and removed) or real reports from `../shared/corpus`,
read in place. Expected findings come from `mlops-report check --format json` on the same file:
the editor must show exactly what the command line reports.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcInternalError, JsonRpcMethodNotFound
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from mlops_report.lsp.settings_wait import SETTINGS_WAIT

from ..conftest import ROOT, SHARED, needs_shared
from ..fixtures.code_docs import line_linked

SERVER = [sys.executable, "-m", "mlops_report"]
SAMPLE = ROOT / "examples" / "reports"
SUMMARY = "mlopsReport/summary"
FIONA = SHARED / "corpus" / "real" / "FionaWennberg__mlops_group54.md"
SEVERITY_NAMES = {1: "error", 2: "warning", 3: "information", 4: "hint"}

# A server whose analysis fails on purpose for documents containing BOOM (and whose
# reanalyze_all always fails), to see that failures are logged and the server carries on.
FAULTY_SERVER = [
    sys.executable,
    "-c",
    """
import mlops_report.lsp.server as s
real = s.analyze
def analyze(text, **kw):
    if "BOOM" in getattr(text, "original", text):
        raise RuntimeError("injected analysis failure")
    return real(text, **kw)
def reanalyze_all(self):
    raise RuntimeError("injected handler failure")
s.analyze = analyze
s.ReportServer.reanalyze_all = reanalyze_all
import mlops_report.lsp.app as app
app.serve()
""",
]


# -- the test client ---------------------------------------------------------------------------


class ReportClient(LanguageClient):
    """A pytest-lsp client that records every publish, summary and registration in order."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.published: list[types.PublishDiagnosticsParams] = []
        self.summaries: list[dict[str, Any]] = []
        self.registrations: list[types.Registration] = []
        self.configuration_requests = 0
        self.configuration_delay = 0.0  # seconds: a slow editor, or one under load
        self.configuration_answer: Any = None  # sent instead of the settings
        self.configuration_gate: asyncio.Event | None = None  # set: the client answers
        self.hint_refreshes: list[int] = []  # how many publishes had arrived at each


def _on_publish(client: ReportClient, params: types.PublishDiagnosticsParams) -> None:
    client.diagnostics[params.uri] = params.diagnostics
    client.published.append(params)


def _on_summary(client: ReportClient, params: Any) -> None:
    client.summaries.append(as_dict(params))


async def _on_configuration(client: ReportClient, params: types.ConfigurationParams) -> list[Any]:
    client.configuration_requests += 1
    await asyncio.sleep(client.configuration_delay)
    if client.configuration_gate is not None:
        await client.configuration_gate.wait()
    if isinstance(client.configuration_answer, asyncio.CancelledError):
        raise client.configuration_answer  # pygls answers the request with an error
    if client.configuration_answer is not None:
        return client.configuration_answer  # type: ignore[no-any-return]
    return [
        client.get_configuration(section=item.section, scope_uri=item.scope_uri)
        for item in params.items
    ]


def _on_register(client: ReportClient, params: types.RegistrationParams) -> None:
    client.registrations.extend(params.registrations)


def _on_inlay_hint_refresh(client: ReportClient, params: None) -> None:
    client.hint_refreshes.append(len(client.published))


def make_client() -> ReportClient:
    client = ReportClient(converter_factory=default_converter)
    features = dict(DEFAULT_CLIENT_FEATURES)
    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = _on_publish
    features[types.WORKSPACE_CONFIGURATION] = _on_configuration
    features[types.CLIENT_REGISTER_CAPABILITY] = _on_register
    features[types.WORKSPACE_INLAY_HINT_REFRESH] = _on_inlay_hint_refresh
    features[SUMMARY] = _on_summary
    register_lsp_features(client, features)
    return client


def as_dict(value: Any) -> Any:
    """Turn pygls' namedtuple `Object`s (custom notification params) back into plain JSON."""
    if hasattr(value, "_asdict"):
        return {k: as_dict(v) for k, v in value._asdict().items()}
    if isinstance(value, dict):
        return {k: as_dict(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_dict(v) for v in value]
    return value


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER, client_factory=make_client))
async def client(lsp_client: ReportClient) -> Any:
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=FAULTY_SERVER, client_factory=make_client)
)
async def faulty(lsp_client: ReportClient) -> Any:
    yield
    await lsp_client.shutdown_session()


async def initialize(
    client: ReportClient,
    *,
    settings: dict[str, Any] | None = None,
    encodings: list[str] | None = None,
    configuration: bool = True,
    watch_registration: bool = False,
    init_options: Any = None,
    hint_refresh: bool = False,
) -> types.InitializeResult:
    """Initialise like an editor would, answering `workspace/configuration` with `settings`."""
    if settings is not None:
        client.set_configuration(settings, section="mlopsReport")
    caps = types.ClientCapabilities(
        general=types.GeneralClientCapabilities(position_encodings=encodings)
        if encodings is not None
        else None,
        workspace=types.WorkspaceClientCapabilities(
            configuration=configuration,
            did_change_configuration=types.DidChangeConfigurationClientCapabilities(),
            did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(
                dynamic_registration=watch_registration
            ),
            inlay_hint=types.InlayHintWorkspaceClientCapabilities(refresh_support=hint_refresh),
        ),
        text_document=types.TextDocumentClientCapabilities(
            synchronization=types.TextDocumentSyncClientCapabilities(did_save=True),
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(
                related_information=True,
                version_support=True,
                code_description_support=True,
                data_support=True,
            ),
            hover=types.HoverClientCapabilities(
                content_format=[types.MarkupKind.Markdown, types.MarkupKind.PlainText]
            ),
        ),
        window=types.WindowClientCapabilities(work_done_progress=True),
    )
    result = await client.initialize_session(
        types.InitializeParams(
            capabilities=caps,
            initialization_options=init_options,
            root_uri=None,
            workspace_folders=None,
        )
    )
    if configuration and settings is not None:
        # The server asks for its settings after `initialized`; let them arrive before going on.
        await wait_until(lambda: client.configuration_requests > 0, "workspace/configuration")
    if watch_registration:
        # Sent from `initialized`'s task, beside the settings request: maybe after any ping.
        await wait_until(lambda: bool(client.registrations), "the watched-files registration")
    await ping(client)
    return result


# -- helpers -----------------------------------------------------------------------------------


async def wait_until(predicate: Callable[[], bool], what: str, timeout: float = 10.0) -> None:
    """Poll until `predicate()` holds (bounded)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        await asyncio.sleep(0.01)


async def ping(client: ReportClient) -> None:
    """A round trip: everything the server sent before answering has arrived."""
    with pytest.raises(JsonRpcMethodNotFound):
        await client.protocol.send_request_async("mlopsReport/ping", {})


def publishes(client: ReportClient, uri: str) -> list[types.PublishDiagnosticsParams]:
    return [p for p in client.published if p.uri == uri]


def summaries(client: ReportClient, uri: str) -> list[dict[str, Any]]:
    return [s for s in client.summaries if s["uri"] == uri]


async def published(
    client: ReportClient, uri: str, version: int | None, timeout: float = 10.0
) -> list[types.Diagnostic]:
    """Wait for a publish of `uri` at `version` and return its diagnostics."""

    def found() -> types.PublishDiagnosticsParams | None:
        return next((p for p in publishes(client, uri) if p.version == version), None)

    await wait_until(lambda: found() is not None, f"publish of {uri} v{version}", timeout)
    params = found()
    assert params is not None
    return list(params.diagnostics)


async def summary_of(client: ReportClient, uri: str, version: int | None) -> dict[str, Any]:
    def found() -> dict[str, Any] | None:
        return next((s for s in summaries(client, uri) if s["version"] == version), None)

    await wait_until(lambda: found() is not None, f"summary of {uri} v{version}")
    result = found()
    assert result is not None
    return result


def open_doc(
    client: ReportClient,
    path: Path,
    text: str | None = None,
    *,
    version: int = 1,
    language: str = "markdown",
    uri: str | None = None,
) -> str:
    uri = uri or path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri,
                language_id=language,
                version=version,
                text=path.read_text("utf-8") if text is None else text,
            )
        )
    )
    return uri


def rng(line: int, char: int, end_line: int | None = None, end_char: int | None = None) -> Any:
    return types.Range(
        start=types.Position(line=line, character=char),
        end=types.Position(
            line=line if end_line is None else end_line,
            character=char if end_char is None else end_char,
        ),
    )


def change(client: ReportClient, uri: str, version: int, *edits: tuple[types.Range, str]) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[
                types.TextDocumentContentChangePartial(range=r, text=t) for r, t in edits
            ],
        )
    )


def save(client: ReportClient, uri: str) -> None:
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )


def close(client: ReportClient, uri: str) -> None:
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )


def cli_json(*paths: Path, edition: str | None = None) -> list[dict[str, Any]]:
    """What `mlops-report check --format json` says about `paths`."""
    args = [*SERVER, "check", "--format", "json"]
    if edition:
        args += ["--edition", edition]
    proc = subprocess.run(
        [*args, *map(str, paths)], capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode in (0, 1), proc.stderr
    records: list[dict[str, Any]] = json.loads(proc.stdout)
    return records


def as_rows(diags: Iterable[types.Diagnostic]) -> list[tuple[Any, ...]]:
    rows = []
    for d in diags:
        assert d.severity is not None
        r = d.range
        rows.append(
            (
                d.code,
                SEVERITY_NAMES[int(d.severity)],
                r.start.line,
                r.start.character,
                r.end.line,
                r.end.character,
                d.message,
            )
        )
    return sorted(rows)


def cli_rows(record: dict[str, Any]) -> list[tuple[Any, ...]]:
    rows = []
    for d in record["diagnostics"]:
        s, e = d["range"]["start"], d["range"]["end"]
        rows.append(
            (
                d["code"],
                d["severity"],
                s["line"],
                s["character"],
                e["line"],
                e["character"],
                d["message"],
            )
        )
    return sorted(rows)


def codes(diags: Iterable[types.Diagnostic]) -> list[str]:
    return sorted(str(d.code) for d in diags)


def at(diags: Iterable[types.Diagnostic], code: str) -> list[types.Diagnostic]:
    return [d for d in diags if d.code == code]


def question(diag: types.Diagnostic) -> Any:
    assert isinstance(diag.data, dict)
    return diag.data["question"]


def line_of(text: str, needle: str, start: int = 0) -> int:
    """0-based number of the first line at or after `start` that contains `needle`."""
    for i, line in enumerate(text.splitlines()):
        if i >= start and needle in line:
            return i
    raise AssertionError(f"{needle!r} not in the text")


def errors_logged(client: ReportClient) -> list[str]:
    return [m.message for m in client.log_messages if m.type == types.MessageType.Error]


def words(n: int) -> str:
    return " ".join(f"word{i}" for i in range(n))


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A copy of the sample report and its figures; returns the report's path."""
    folder = tmp_path / "reports"
    shutil.copytree(SAMPLE, folder)
    return folder / "README.md"


# -- publishDiagnostics after didOpen ----------------------------------------------------------


async def test_open_publishes_what_the_command_line_reports(
    client: ReportClient, sample: Path
) -> None:
    await initialize(client)
    uri = open_doc(client, sample, version=7)
    diags = await published(client, uri, 7)

    [record] = cli_json(sample)
    assert as_rows(diags) == cli_rows(record)
    assert len([d for d in diags if not str(d.code).startswith("handin-")]) == 8
    text = sample.read_text("utf-8")

    [over] = at(diags, "words-over")
    assert over.severity == types.DiagnosticSeverity.Error
    assert over.range.start.line == 342  # the 101st word of Q12's answer
    assert line_of(text, "### Question 12") < 342 < line_of(text, "### Question 13")
    assert "119 words" in over.message
    [unfilled] = at(diags, "placeholder-unfilled")
    assert unfilled.severity == types.DiagnosticSeverity.Error  # report.py fails it
    assert unfilled.range.start.line == line_of(text, "--- question 27 fill here ---") == 627
    assert unfilled.range.start.character == 0
    [missing] = at(diags, "image-not-found")
    line = line_of(text, "figures/wandb_confusion.png")
    start = text.splitlines()[line].index("figures/wandb_confusion.png")
    assert missing.range == rng(line, start, line, start + len("figures/wandb_confusion.png"))

    for d in diags:
        assert d.source == "mlops-report"
        assert d.code_description is not None
        assert line_linked(d.code_description.href) == f"## {d.code}"
        assert isinstance(d.data, dict)
        assert d.data["code"] == d.code
        assert isinstance(d.data["question"], int) or d.code == "handin-title-cut"


async def test_summary_of_the_sample_report(client: ReportClient, sample: Path) -> None:
    await initialize(client)
    uri = open_doc(client, sample, version=3)
    summary = await summary_of(client, uri, 3)
    assert summary == {
        "uri": uri,
        "version": 3,
        "edition": "B3",
        "passed": 27,
        "total": 31,
        "error": None,
        "text": "27/31 questions pass (B3)",
    }


async def test_a_bent_report_says_report_py_would_stop(client: ReportClient, sample: Path) -> None:
    await initialize(client)
    text = sample.read_text("utf-8")
    uri = open_doc(client, sample, text)
    await published(client, uri, 1)

    line = line_of(text, "> Answer:", line_of(text, "### Question 5"))
    change(client, uri, 2, (rng(line, 0, line + 1, 0), ""))  # delete Q5's `> Answer:` line
    diags = await published(client, uri, 2)
    summary = await summary_of(client, uri, 2)
    assert summary["text"] == "report.py check would stop: found 30 answers, expected 31"
    assert summary["error"] is not None
    assert "expected 31" in summary["error"]
    assert summary["edition"] == "B3"
    assert "answer-count" in codes(diags)
    assert "answer-marker-missing" in codes(diags)

    # the file on disk, bent the same way, gets the same findings from the command line
    bent = sample.with_name("bent.md")
    lines = text.splitlines(keepends=True)
    bent.write_text("".join(lines[:line] + lines[line + 1 :]), "utf-8")
    [record] = cli_json(bent)
    assert as_rows(diags) == cli_rows(record)


# -- incremental changes and debouncing --------------------------------------------------------


async def test_an_edit_is_checked_at_its_version(client: ReportClient, sample: Path) -> None:
    await initialize(client, settings={"debounce": 0})
    text = sample.read_text("utf-8")
    uri = open_doc(client, sample, text)
    assert "placeholder-unfilled" in codes(await published(client, uri, 1))

    line = line_of(text, "--- question 27 fill here ---")
    placeholder = "--- question 27 fill here ---"
    change(client, uri, 2, (rng(line, 0, line, len(placeholder)), words(150)))
    diags = await published(client, uri, 2)
    assert "placeholder-unfilled" not in codes(diags)
    assert (await summary_of(client, uri, 2))["text"] == "28/31 questions pass (B3)"

    # two edits in one change event, applied in order: Q12 loses its last paragraph (~40 words)
    first = line_of(text, "Hydra writes the fully resolved")
    last = line_of(text, "rate of the classifier head", first)
    change(client, uri, 3, (rng(first, 0, last + 1, 0), ""), (rng(0, 0), "<!-- x -->\n"))
    diags = await published(client, uri, 3)
    assert "words-over" not in codes(diags)
    assert (await summary_of(client, uri, 3))["passed"] == 29
    [image] = at(diags, "image-not-found")
    removed = last + 1 - first
    assert image.range.start.line == line_of(text, "figures/wandb_confusion.png") + 1 - removed


async def test_without_debounce_every_change_is_published(
    client: ReportClient, sample: Path
) -> None:
    await initialize(client, settings={"debounce": 0})
    uri = open_doc(client, sample)
    await published(client, uri, 1)
    for version in range(2, 12):
        change(client, uri, version, (rng(0, 0), "x"))
    await ping(client)
    assert [p.version for p in publishes(client, uri)] == list(range(1, 12))
    assert [s["version"] for s in summaries(client, uri)] == list(range(1, 12))


async def test_inlay_hints_are_refreshed_when_their_counts_change(
    client: ReportClient, sample: Path
) -> None:
    await initialize(client, settings={"debounce": 0}, hint_refresh=True)
    uri = open_doc(client, sample)
    await published(client, uri, 1)
    text = sample.read_text("utf-8")
    line = line_of(text, "Our continuous integration runs on GitHub Actions")  # Question 11
    change(client, uri, 2, (rng(line, 0), "Three more words. "))
    await wait_until(lambda: bool(client.hint_refreshes), "a hint refresh after version 2")
    change(client, uri, 3, (rng(line, 0, line, 5), "Four"))  # "Three" -> "Four": same count
    await published(client, uri, 3)
    change(client, uri, 4, (rng(line, 0, line, len("Four more words. ")), ""))
    await wait_until(lambda: len(client.hint_refreshes) > 1, "a hint refresh after version 4")
    await ping(client)
    # Not on opening (the editor asks then), and each time after the publish that changed them.
    assert client.hint_refreshes == [2, 4]


async def test_inlay_hints_asked_for_before_the_settings_came_are_refreshed(
    client: ReportClient, sample: Path
) -> None:
    client.configuration_delay = 0.5
    await initialize(client, settings={"edition": "B2"}, hint_refresh=True)
    uri = open_doc(client, sample)
    # Asked for at once, while the server waits for the settings: answered with the defaults.
    hints = await client.text_document_inlay_hint_async(
        types.InlayHintParams(
            text_document=types.TextDocumentIdentifier(uri=uri), range=rng(0, 0, 10_000, 0)
        )
    )
    assert hints and publishes(client, uri) == []
    await published(client, uri, 1)
    # So the editor is told to ask again once the report is checked with the settings.
    await wait_until(lambda: bool(client.hint_refreshes), "a hint refresh after version 1")
    assert client.hint_refreshes == [1]


async def test_inlay_hints_are_not_refreshed_for_a_client_that_cannot(
    client: ReportClient, sample: Path
) -> None:
    await initialize(client, settings={"debounce": 0}, hint_refresh=False)
    uri = open_doc(client, sample)
    await published(client, uri, 1)
    text = sample.read_text("utf-8")
    line = line_of(text, "Our continuous integration runs on GitHub Actions")
    change(client, uri, 2, (rng(line, 0), "Three more words. "))
    await published(client, uri, 2)
    await ping(client)
    assert client.hint_refreshes == []


async def test_a_debounce_publishes_only_the_latest_version(
    client: ReportClient, sample: Path
) -> None:
    await initialize(client, settings={"debounce": 300})
    uri = open_doc(client, sample)
    await published(client, uri, 1)  # opening is checked at once
    start = time.monotonic()
    for version in range(2, 9):
        change(client, uri, version, (rng(0, 0), "x"))
        await asyncio.sleep(0.01)  # typing fast: well within the debounce
    await published(client, uri, 8)
    assert time.monotonic() - start >= 0.3
    await asyncio.sleep(0.4)  # nothing stale may follow
    await ping(client)
    assert [p.version for p in publishes(client, uri)] == [1, 8]
    assert [s["version"] for s in summaries(client, uri)] == [1, 8]


async def test_published_versions_are_held_and_never_go_back(
    client: ReportClient, sample: Path
) -> None:
    await initialize(client, settings={"debounce": 40})
    text = sample.read_text("utf-8")
    uri = open_doc(client, sample, text)
    await published(client, uri, 1)
    line = line_of(text, "--- question 27 fill here ---")
    pauses = [0, 0.06, 0, 0, 0.1, 0.01, 0.05, 0, 0.08, 0]
    for version, pause in enumerate(pauses, start=2):
        change(client, uri, version, (rng(line, 0), "word "))
        await asyncio.sleep(pause)
    last = len(pauses) + 1
    diags = await published(client, uri, last)
    await asyncio.sleep(0.2)
    await ping(client)
    versions = [p.version or 0 for p in publishes(client, uri)]
    assert versions == sorted(versions)
    assert len(set(versions)) == len(versions)
    assert set(versions) <= set(range(1, last + 1))
    assert versions[-1] == last
    # the last publish describes the last text: Q27 now holds the placeholder plus 10 words
    [leftover] = [d for d in at(diags, "placeholder-leftover") if question(d) == 27]
    assert leftover.range.start == types.Position(line=line, character=len("word ") * 10)
    [under] = [d for d in at(diags, "words-under") if question(d) == 27]
    assert "16 words" in under.message


# -- settings ----------------------------------------------------------------------------------


async def test_a_forced_edition_is_used(client: ReportClient, sample: Path) -> None:
    await initialize(client, settings={"edition": "A1"})
    uri = open_doc(client, sample)
    diags = await published(client, uri, 1)
    summary = await summary_of(client, uri, 1)
    assert summary["edition"] == "A1"
    assert summary["total"] == 27
    assert summary["text"].startswith("report.py check would stop")
    assert "answer-count" in codes(diags)
    [record] = cli_json(sample, edition="A1")
    assert as_rows(diags) == cli_rows(record)


async def test_severity_overrides(client: ReportClient, sample: Path) -> None:
    await initialize(
        client, settings={"severity": {"words-over": "off", "placeholder-unfilled": "hint"}}
    )
    uri = open_doc(client, sample)
    diags = await published(client, uri, 1)
    assert "words-over" not in codes(diags)
    [unfilled] = at(diags, "placeholder-unfilled")
    assert unfilled.severity == types.DiagnosticSeverity.Hint
    assert len([d for d in diags if not str(d.code).startswith("handin-")]) == 7
    # report.py's verdict does not change with what the editor shows
    assert (await summary_of(client, uri, 1))["text"] == "27/31 questions pass (B3)"


async def test_run_on_save(client: ReportClient, sample: Path) -> None:
    await initialize(client, settings={"run": "onSave", "debounce": 0})
    text = sample.read_text("utf-8")
    uri = open_doc(client, sample, text)
    await published(client, uri, 1)  # opening always checks
    line = line_of(text, "--- question 27 fill here ---")
    change(client, uri, 2, (rng(line, 0, line + 1, 0), words(150) + "\n"))
    change(client, uri, 3, (rng(0, 0), "\n"))
    await asyncio.sleep(0.3)
    await ping(client)
    assert [p.version for p in publishes(client, uri)] == [1]
    save(client, uri)
    diags = await published(client, uri, 3)
    assert "placeholder-unfilled" not in codes(diags)
    assert (await summary_of(client, uri, 3))["passed"] == 28


async def test_did_change_configuration_rechecks(client: ReportClient, sample: Path) -> None:
    await initialize(client, settings={"debounce": 0})
    uri = open_doc(client, sample)
    assert "words-over" in codes(await published(client, uri, 1))

    # pushed settings
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(
            settings={"mlopsReport": {"debounce": 0, "severity": {"words-over": "off"}}}
        )
    )
    await wait_until(lambda: len(publishes(client, uri)) == 2, "re-check after push")
    assert "words-over" not in codes(publishes(client, uri)[-1].diagnostics)
    assert publishes(client, uri)[-1].version == 1

    # no settings in the notification: the server pulls them
    client.set_configuration({"edition": "B2"}, section="mlopsReport")
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    await wait_until(lambda: len(publishes(client, uri)) == 3, "re-check after pull")
    assert "words-over" in codes(publishes(client, uri)[-1].diagnostics)
    assert summaries(client, uri)[-1]["edition"] == "B2"

    # the same settings again: nothing to re-check
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    await wait_until(lambda: client.configuration_requests >= 3, "third pull")
    await asyncio.sleep(0.1)
    await ping(client)
    assert len(publishes(client, uri)) == 3


async def test_bad_settings_are_reported_and_ignored(client: ReportClient, sample: Path) -> None:
    await initialize(
        client,
        settings={"edition": "Z9", "debounce": -5, "run": "sometimes", "severity": {"nope": "off"}},
    )
    uri = open_doc(client, sample)
    await published(client, uri, 1)
    assert (await summary_of(client, uri, 1))["edition"] == "B3"
    warnings = [m.message for m in client.log_messages if m.type == types.MessageType.Warning]
    assert any("Z9" in m for m in warnings)
    assert any("debounce" in m for m in warnings)
    assert any("sometimes" in m for m in warnings)
    assert any("nope" in m for m in warnings)


async def test_initialization_options_without_workspace_configuration(
    client: ReportClient, sample: Path
) -> None:
    await initialize(client, configuration=False, init_options={"mlopsReport": {"edition": "B2"}})
    uri = open_doc(client, sample)
    await published(client, uri, 1)
    assert (await summary_of(client, uri, 1))["edition"] == "B2"
    assert client.configuration_requests == 0


async def test_the_first_check_waits_for_settings_answered_late(
    client: ReportClient, sample: Path
) -> None:
    # The report is sent at once, the settings a while later (a slow editor, or one under load).
    client.configuration_delay = 0.5
    await initialize(client, settings={"edition": "B2", "severity": {"words-over": "off"}})
    uri = open_doc(client, sample)
    diags = await published(client, uri, 1)
    await ping(client)
    assert len(publishes(client, uri)) == 1  # once, and right
    assert "words-over" not in codes(diags)
    assert [s["edition"] for s in summaries(client, uri)] == ["B2"]


async def test_a_client_that_never_answers_settings_is_not_waited_for_long(
    client: ReportClient, sample: Path
) -> None:
    client.configuration_delay = SETTINGS_WAIT + 1.0
    await initialize(client, settings={"severity": {"words-over": "off"}})
    uri = open_doc(client, sample)
    # Checked with the defaults once the wait is over, and said why in the log.
    assert "words-over" in codes(await published(client, uri, 1))
    [late] = [m.message for m in client.log_messages if "workspace/configuration" in m.message]
    assert f"within {SETTINGS_WAIT:g} s" in late
    # The settings, once they come, apply.
    await wait_until(lambda: len(publishes(client, uri)) == 2, "the re-check with the settings")
    assert "words-over" not in codes(publishes(client, uri)[-1].diagnostics)


def test_an_editor_that_answers_settings_with_an_error_is_told_in_one_line() -> None:
    from mlops_report.lsp.app import create_server

    server = create_server()
    logged: list[tuple[types.MessageType, str]] = []

    async def refuse(params: types.ConfigurationParams) -> list[Any]:
        raise JsonRpcInternalError("no settings here")

    server.log = lambda message, kind=types.MessageType.Log: logged.append((kind, message))  # type: ignore[method-assign]
    server.pulls_settings = lambda: True  # type: ignore[method-assign]
    server.workspace_configuration_async = refuse  # type: ignore[method-assign,assignment]
    before = server.settings
    asyncio.run(server.pull_settings())
    [(kind, message)] = logged  # one line, no traceback
    assert kind == types.MessageType.Warning
    assert "could not give its settings" in message and "no settings here" in message
    assert "Traceback" not in message
    assert server.settings is before


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        (5, "could not be read"),  # not a list: pygls cannot decode it
        ([{}, {}], "2 answers for 1 section"),
        (asyncio.CancelledError(), "is canceled"),  # an error answer (-32800)
    ],
)
async def test_settings_that_cannot_be_used_still_start_the_checks_and_the_watcher(
    client: ReportClient, sample: Path, answer: Any, says: str
) -> None:
    client.configuration_answer = answer
    # Waits for the file-watcher registration, sent after the settings are settled.
    await initialize(client, init_options={"edition": "B2"}, watch_registration=True)
    uri = open_doc(client, sample)
    assert await published(client, uri, 1)
    assert [s["edition"] for s in summaries(client, uri)] == ["B2"]  # the options stand
    [line] = [m for m in client.log_messages if "settings" in m.message]
    assert line.type == types.MessageType.Warning
    assert "could not give its settings" in line.message and says in line.message
    assert "\n" not in line.message
    assert errors_logged(client) == []


async def test_the_file_watcher_is_registered_while_the_settings_are_awaited(
    client: ReportClient, sample: Path
) -> None:
    client.configuration_gate = gate = asyncio.Event()  # an editor that does not answer yet
    try:
        await initialize(client, watch_registration=True)  # waits for the registration
        assert client.configuration_requests == 1
        [registration] = client.registrations
        assert registration.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
    finally:
        gate.set()
    uri = open_doc(client, sample)
    assert await published(client, uri, 1)


async def test_initialization_options_stand_when_the_editor_has_no_settings(
    client: ReportClient, sample: Path
) -> None:
    # Neovim with `init_options` only: `workspace/configuration` answers null.
    await initialize(client, init_options={"mlopsReport": {"edition": "B2"}})
    uri = open_doc(client, sample)
    await published(client, uri, 1)
    await wait_until(lambda: client.configuration_requests == 1, "workspace/configuration")
    await ping(client)
    assert len(publishes(client, uri)) == 1
    assert [s["edition"] for s in summaries(client, uri)] == ["B2"]


# -- what is not a report, closing ----------------------------------------------------------


async def test_markdown_that_is_not_a_report_gets_no_diagnostics(
    client: ReportClient, tmp_path: Path
) -> None:
    await initialize(client, settings={"debounce": 0})
    notes = tmp_path / "notes.md"
    text = "# Notes\n\n" + "Some text. Answer: maybe ### not a heading ![x](y.png)\n" * 20000
    notes.write_text(text, "utf-8")
    start = time.monotonic()
    uri = open_doc(client, notes)
    summary = await summary_of(client, uri, 1)
    assert time.monotonic() - start < 3.0  # 1.1 MB of Markdown; takes about 0.1 s
    assert summary["text"] == ""
    assert summary["edition"] is None
    change(client, uri, 2, (rng(0, 0), "x"))
    await summary_of(client, uri, 2)

    script = open_doc(client, tmp_path / "report.py", "print('Answer:')\n", language="python")
    await ping(client)
    assert publishes(client, uri) == []
    assert publishes(client, script) == []
    assert summaries(client, script) == []


async def test_a_report_that_stops_being_one_is_cleared(client: ReportClient, sample: Path) -> None:
    await initialize(client, settings={"debounce": 0})
    text = sample.read_text("utf-8")
    uri = open_doc(client, sample, text)
    assert await published(client, uri, 1)
    end = len(text.splitlines())
    change(client, uri, 2, (rng(0, 0, end + 1, 0), "# Shopping list\n\n- milk\n"))
    assert await published(client, uri, 2) == []
    assert (await summary_of(client, uri, 2))["text"] == ""
    change(client, uri, 3, (rng(0, 0), "x"))
    await summary_of(client, uri, 3)
    assert [p.version for p in publishes(client, uri)] == [1, 2]


async def test_closing_clears_diagnostics(client: ReportClient, sample: Path) -> None:
    await initialize(client, settings={"debounce": 300})
    uri = open_doc(client, sample)
    assert await published(client, uri, 1)
    change(client, uri, 2, (rng(0, 0), "x"))  # pending when closed: must never be published
    close(client, uri)
    await wait_until(lambda: len(publishes(client, uri)) == 2, "the clearing publish")
    last = publishes(client, uri)[-1]
    assert list(last.diagnostics) == []
    assert (await summary_of(client, uri, None))["text"] == ""
    await asyncio.sleep(0.5)
    await ping(client)
    assert [p.version for p in publishes(client, uri)] == [1, None]


# -- files on disk -----------------------------------------------------------------------------


async def test_a_created_image_clears_image_not_found(client: ReportClient, sample: Path) -> None:
    # A slow answer to the settings request (as under load) holds the first check, not the
    # registration of the file watcher.
    client.configuration_delay = 0.5
    await initialize(client, settings={"debounce": 0}, watch_registration=True)
    [registration] = client.registrations
    assert registration.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
    assert "figures" in json.dumps(client.protocol._converter.unstructure(registration))

    uri = open_doc(client, sample)
    assert "image-not-found" in codes(await published(client, uri, 1))
    created = sample.parent / "figures" / "wandb_confusion.png"
    shutil.copy(sample.parent / "figures" / "wandb.png", created)
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=created.as_uri(), type=types.FileChangeType.Created)]
        )
    )
    await wait_until(lambda: len(publishes(client, uri)) == 2, "re-check")
    assert "image-not-found" not in codes(publishes(client, uri)[-1].diagnostics)

    created.unlink()
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=created.as_uri(), type=types.FileChangeType.Deleted)]
        )
    )
    await wait_until(lambda: len(publishes(client, uri)) == 3, "re-check")
    assert "image-not-found" in codes(publishes(client, uri)[-1].diagnostics)


async def test_a_path_with_spaces_and_non_ascii(client: ReportClient, tmp_path: Path) -> None:
    folder = tmp_path / "my reports ø"
    shutil.copytree(SAMPLE, folder)
    report = folder / "README.md"
    await initialize(client)
    uri = open_doc(client, report)
    assert "%20" in uri
    diags = await published(client, uri, 1)
    [record] = cli_json(report)
    assert as_rows(diags) == cli_rows(record)
    change(client, uri, 2, (rng(0, 0), "x"))
    await published(client, uri, 2)
    close(client, uri)
    await wait_until(lambda: publishes(client, uri)[-1].version is None, "clearing publish")


# -- robustness ------------------------------------------------------------------------------


async def test_a_change_to_a_closed_document_is_logged_and_ignored(
    client: ReportClient, sample: Path
) -> None:
    await initialize(client, settings={"debounce": 0})
    ghost = (sample.parent / "ghost.md").as_uri()
    change(client, ghost, 2, (rng(0, 0), "x"))
    await ping(client)
    # One line saying what happened (no KeyError from pygls' workspace, no traceback).
    assert errors_logged(client) == []
    [note] = [m.message for m in client.log_messages if "ghost.md" in m.message]
    assert note == f"Ignored a change to {ghost}: it is not open"
    assert client.messages == []  # no error pop-up
    assert publishes(client, ghost) == []
    uri = open_doc(client, sample)
    assert await published(client, uri, 1)
    close(client, uri)
    change(client, uri, 2, (rng(0, 0), "x"))
    await ping(client)
    assert [p.version for p in publishes(client, uri)] == [1, None]


async def test_unknown_requests_and_notifications(client: ReportClient, sample: Path) -> None:
    await initialize(client)
    with pytest.raises(JsonRpcMethodNotFound):
        await client.protocol.send_request_async("mlopsReport/doesNotExist", {"x": 1})
    client.protocol.notify("mlopsReport/whatever", {"x": 1})
    client.protocol.notify("$/somethingElse", None)
    uri = open_doc(client, sample)
    assert await published(client, uri, 1)


async def test_requests_for_unopened_documents_and_ranges_past_the_end(
    client: ReportClient, sample: Path
) -> None:
    """Whatever request features the server offers answer sanely for odd input."""
    result = await initialize(client)
    caps = result.capabilities
    text = sample.read_text("utf-8")
    uri = open_doc(client, sample, text)
    await published(client, uri, 1)
    nowhere = (sample.parent / "not-open.md").as_uri()
    far = types.Position(line=100_000, character=500)
    everything = types.Range(start=types.Position(line=0, character=0), end=far)

    for target in (nowhere, uri):
        doc = types.TextDocumentIdentifier(uri=target)
        if caps.hover_provider:
            await client.text_document_hover_async(
                types.HoverParams(text_document=doc, position=far)
            )
        if caps.code_action_provider:
            await client.text_document_code_action_async(
                types.CodeActionParams(
                    text_document=doc,
                    range=everything,
                    context=types.CodeActionContext(diagnostics=[]),
                )
            )
        if caps.completion_provider:
            await client.text_document_completion_async(
                types.CompletionParams(text_document=doc, position=far)
            )
        if caps.document_symbol_provider:
            await client.text_document_document_symbol_async(
                types.DocumentSymbolParams(text_document=doc)
            )
        if caps.inlay_hint_provider:
            await client.text_document_inlay_hint_async(
                types.InlayHintParams(text_document=doc, range=everything)
            )
    await ping(client)
    assert errors_logged(client) == []
    # the server still serves
    change(client, uri, 2, (rng(0, 0), "x"))
    await published(client, uri, 2)


async def test_edits_past_a_lines_end_and_versions_out_of_order(
    client: ReportClient, sample: Path
) -> None:
    await initialize(client, settings={"debounce": 0})
    text = sample.read_text("utf-8")
    uri = open_doc(client, sample, text)
    await published(client, uri, 1)
    # A character past a line's end stands for the line's end (LSP); a line past the text's
    # end is test_out_of_sync's.
    last = len(text.split("\n")) - 1
    change(client, uri, 2, (rng(last, 500, last, 900), "\ntrailing words\n"))
    await published(client, uri, 2)
    # a client that goes back in versions (e.g. after an undo bug) gets its own version back
    change(client, uri, 9, (rng(0, 0), "a"))
    change(client, uri, 5, (rng(0, 0), "b"))
    await published(client, uri, 5)
    await ping(client)
    assert [p.version for p in publishes(client, uri)] == [1, 2, 9, 5]
    assert errors_logged(client) == []
    # what was published for 5 is the text after every edit
    diags = publishes(client, uri)[-1].diagnostics
    expected = "ba" + text + "\ntrailing words\n"
    edited = sample.with_name("edited.md")
    edited.write_text(expected, "utf-8")
    [record] = cli_json(edited)
    assert as_rows(diags) == cli_rows(record)


async def test_failures_are_logged_and_the_server_carries_on(
    faulty: ReportClient, sample: Path, tmp_path: Path
) -> None:
    client = faulty
    await initialize(client, settings={"debounce": 0})
    bad = tmp_path / "bad.md"
    bad_uri = open_doc(client, bad, "# Exam\n\nBOOM\n")
    await ping(client)
    assert any("injected analysis failure" in m for m in errors_logged(client))
    assert publishes(client, bad_uri) == []

    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[]))
    await ping(client)
    assert any(
        "did_change_watched_files" in m and "injected handler failure" in m
        for m in errors_logged(client)
    )
    assert client.messages == []

    uri = open_doc(client, sample)
    assert await published(client, uri, 1)


# -- position encodings ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encodings", "negotiated", "width"),
    [
        (None, "utf-16", 2),
        (["utf-8"], "utf-8", 4),
        (["utf-32", "utf-16"], "utf-32", 1),
        (["latin-1", "utf-8"], "utf-8", 4),
    ],
)
async def test_position_encodings(
    client: ReportClient,
    sample: Path,
    encodings: list[str] | None,
    negotiated: str,
    width: int,
) -> None:
    """A finding after two emoji on its line: 🚀 is 4 UTF-8 bytes, 2 UTF-16 units, 1 code point."""
    result = await initialize(client, encodings=encodings, settings={"debounce": 0})
    assert (result.capabilities.position_encoding or "utf-16") == negotiated
    text = sample.read_text("utf-8")
    line = line_of(text, "figures/wandb_confusion.png")
    lines = text.splitlines(keepends=True)
    lines[line] = "🚀🚀 " + lines[line]
    uri = open_doc(client, sample, "".join(lines))
    column = lines[line].index("figures/wandb_confusion.png") - 3  # in the text without emoji
    [missing] = at(await published(client, uri, 1), "image-not-found")
    assert missing.range.start == types.Position(line=line, character=column + 2 * width + 1)
    end = column + 2 * width + 1 + len("figures/wandb_confusion.png")
    assert missing.range.end == types.Position(line=line, character=end)

    # the client's edits are read in the same encoding: insert just after the emoji
    change(client, uri, 2, (rng(line, 2 * width), "✓"))  # ✓ is 3 UTF-8 bytes, 1 UTF-16 unit
    [missing] = at(await published(client, uri, 2), "image-not-found")
    added = {4: 3, 2: 1, 1: 1}[width]
    assert missing.range.start.character == column + 2 * width + 1 + added


# -- real reports ------------------------------------------------------------------------------


@needs_shared
async def test_every_real_report_as_the_command_line_sees_it(client: ReportClient) -> None:
    """Each corpus report, read in place: the editor shows exactly the command line's findings."""
    reports = sorted((SHARED / "corpus" / "real").glob("*.md"))
    assert len(reports) >= 30
    expected = {Path(r["path"]).resolve(): r for r in cli_json(*reports)}
    await initialize(client, encodings=["utf-16"])
    for version, report in enumerate(reports, start=1):
        uri = open_doc(client, report, version=version)
        diags = await published(client, uri, version)
        record = expected[report.resolve()]
        assert as_rows(diags) == cli_rows(record), report.name
        summary = await summary_of(client, uri, version)
        assert summary["edition"] == record["edition"], report.name
        assert summary["error"] == record["report_py"]["error"], report.name
        if record["report_py"]["error"] is None:
            assert summary["passed"] == record["report_py"]["passed"], report.name
        close(client, uri)


@needs_shared
async def test_a_real_report_with_a_missing_heading(client: ReportClient) -> None:
    await initialize(client)
    text = FIONA.read_text("utf-8")
    uri = open_doc(client, FIONA, text)
    diags = await published(client, uri, 1)
    [heading] = at(diags, "heading-missing")
    [count] = at(diags, "answer-count")
    assert heading.range.start.line == count.range.start.line == 234
    assert "Question 9" in heading.message
    assert heading.severity == count.severity == types.DiagnosticSeverity.Error
    summary = await summary_of(client, uri, 1)
    assert summary["text"] == "report.py check would stop: found 30 answers, expected 31"
    # a student adds the heading: the answer count is right again
    change(client, uri, 2, (rng(234, 0), "### Question 9\n"))
    diags = await published(client, uri, 2)
    assert "answer-count" not in codes(diags)
    assert "heading-missing" not in codes(diags)
    assert (await summary_of(client, uri, 2))["error"] is None
