"""The language server reads `[tool.mlops-report]`, ranks the editor's settings above it, and
reads it again when the file changes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig

from .test_server import (
    SAMPLE,
    SERVER,
    ReportClient,
    change,
    initialize,
    make_client,
    open_doc,
    published,
    publishes,
    rng,
    wait_until,
)

WORDS_OVER_OFF = '[tool.mlops-report]\nseverity = { words-over = "off" }\n'


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER, client_factory=make_client))
async def client(lsp_client: ReportClient) -> Any:
    yield
    await lsp_client.shutdown_session()


def group_repo(base: Path, table: str) -> Path:
    (base / ".git").mkdir(parents=True)
    (base / "pyproject.toml").write_text(f'[project]\nname = "x"\n\n{table}', "utf-8")
    shutil.copytree(SAMPLE, base / "reports")
    return base / "reports" / "README.md"


def level_of(diags: list[types.Diagnostic], code: str) -> types.DiagnosticSeverity | None:
    found = [d.severity for d in diags if d.code == code]
    return found[0] if found else None


def touch_and_notify(client: ReportClient, path: Path, text: str) -> None:
    path.write_text(text, "utf-8")
    os.utime(path, ns=(1, 1))
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=path.as_uri(), type=types.FileChangeType.Changed)]
        )
    )


async def test_the_table_sets_levels_and_the_edition(client: ReportClient, tmp_path: Path) -> None:
    report = group_repo(
        tmp_path / "repo",
        '[tool.mlops-report]\nedition = "B1"\n'
        'severity = { image-as-link = "error", image-case-mismatch = "off" }\n'
        '[tool.mlops-report.questions]\n12 = { words-over = "hint" }\n',
    )
    await initialize(client, settings={"debounce": 0})
    uri = open_doc(client, report)
    diags = await published(client, uri, 1)
    assert level_of(diags, "image-as-link") == types.DiagnosticSeverity.Error
    assert level_of(diags, "image-case-mismatch") is None
    assert level_of(diags, "words-over") == types.DiagnosticSeverity.Hint
    assert any(s["edition"] == "B1" for s in client.summaries if s["uri"] == uri)


async def test_editor_settings_win_over_the_table(client: ReportClient, tmp_path: Path) -> None:
    report = group_repo(
        tmp_path / "repo",
        '[tool.mlops-report]\nedition = "B1"\nseverity = { image-as-link = "error" }\n',
    )
    await initialize(
        client, settings={"debounce": 0, "edition": "B2", "severity": {"image-as-link": "hint"}}
    )
    uri = open_doc(client, report)
    diags = await published(client, uri, 1)
    assert level_of(diags, "image-as-link") == types.DiagnosticSeverity.Hint
    assert any(s["edition"] == "B2" for s in client.summaries if s["uri"] == uri)


async def test_a_changed_table_is_read_again(client: ReportClient, tmp_path: Path) -> None:
    report = group_repo(tmp_path / "repo", WORDS_OVER_OFF)
    await initialize(client, settings={"debounce": 0}, watch_registration=True)
    [registration] = client.registrations
    options = client.protocol._converter.unstructure(registration.register_options)
    assert {"globPattern": "**/pyproject.toml"} in options["watchers"]

    uri = open_doc(client, report)
    assert level_of(await published(client, uri, 1), "words-over") is None
    pyproject = tmp_path / "repo" / "pyproject.toml"
    touch_and_notify(client, pyproject, '[tool.mlops-report]\nseverity = { words-over = "hint" }\n')
    await wait_until(lambda: len(publishes(client, uri)) == 2, "re-check after the change")
    assert level_of(list(publishes(client, uri)[-1].diagnostics), "words-over") == 4

    pyproject.unlink()
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=pyproject.as_uri(), type=types.FileChangeType.Deleted)]
        )
    )
    await wait_until(lambda: len(publishes(client, uri)) == 3, "re-check after the deletion")
    assert level_of(list(publishes(client, uri)[-1].diagnostics), "words-over") == 1


async def test_a_client_without_watchers_sees_the_change_at_the_next_edit(
    client: ReportClient, tmp_path: Path
) -> None:
    report = group_repo(tmp_path / "repo", WORDS_OVER_OFF)
    await initialize(client, settings={"debounce": 0})
    uri = open_doc(client, report)
    assert level_of(await published(client, uri, 1), "words-over") is None
    pyproject = tmp_path / "repo" / "pyproject.toml"
    pyproject.write_text('[tool.mlops-report]\nseverity = { words-over = "warning" }\n', "utf-8")
    os.utime(pyproject, ns=(1, 1))
    change(client, uri, 2, (rng(0, 0), " "))
    assert level_of(await published(client, uri, 2), "words-over") == 2


async def test_a_broken_table_is_logged_once_and_ignored(
    client: ReportClient, tmp_path: Path
) -> None:
    report = group_repo(tmp_path / "repo", "[tool.mlops-report]\nseverity = 3\n")
    await initialize(client, settings={"debounce": 0})
    uri = open_doc(client, report)
    assert level_of(await published(client, uri, 1), "words-over") == 1
    for version in (2, 3):
        change(client, uri, version, (rng(0, 0), " "))
        await published(client, uri, version)
    warnings = [
        m.message
        for m in client.log_messages
        if m.type == types.MessageType.Warning and "[tool.mlops-report]" in m.message
    ]
    assert warnings == [
        f"{tmp_path / 'repo' / 'pyproject.toml'}: [tool.mlops-report] severity must be a table "
        "of finding code = level"
    ]


async def test_a_broken_table_is_shown_once_per_content(
    client: ReportClient, tmp_path: Path
) -> None:
    report = group_repo(tmp_path / "repo", WORDS_OVER_OFF)
    pyproject = tmp_path / "repo" / "pyproject.toml"
    await initialize(client, settings={"debounce": 0})
    uri = open_doc(client, report)
    assert level_of(await published(client, uri, 1), "words-over") is None
    assert client.messages == []

    # A slip in the TOML: the squiggles the group switched off come back, and it says why.
    touch_and_notify(client, pyproject, '[tool.mlops-report]\nseverity = { words-over = "off"\n')
    await wait_until(lambda: len(publishes(client, uri)) == 2, "re-check after the change")
    assert level_of(list(publishes(client, uri)[-1].diagnostics), "words-over") == 1
    [shown] = client.messages
    assert shown.type == types.MessageType.Warning
    assert shown.message.startswith(f"{pyproject}: [tool.mlops-report] is not valid TOML (")
    assert shown.message.endswith("Checking with the default settings.")
    for version in (2, 3):  # typing on: said once, not at every keystroke
        change(client, uri, version, (rng(0, 0), " "))
        await published(client, uri, version)
    assert len(client.messages) == 1

    # Mended, then another slip: said again, for what is wrong now.
    touch_and_notify(client, pyproject, WORDS_OVER_OFF)
    await wait_until(lambda: len(publishes(client, uri)) == 5, "re-check after the mend")
    touch_and_notify(client, pyproject, WORDS_OVER_OFF + 'edition = "Z9"\n')
    await wait_until(lambda: len(publishes(client, uri)) == 6, "re-check after the slip")
    assert level_of(list(publishes(client, uri)[-1].diagnostics), "words-over") is None
    assert len(client.messages) == 2
    assert "edition must be auto or one of" in client.messages[-1].message
    assert client.messages[-1].message.endswith("the defaults apply to them.")
