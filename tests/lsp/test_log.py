"""The server's stderr (an editor's log of it) holds problems, not routine traffic; bad input is
answered in one line, and the process ends as the protocol says."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

SERVER = [sys.executable, "-m", "mlops_report"]


def framed(*messages: dict[str, Any]) -> bytes:
    out = b""
    for message in messages:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        out += b"Content-Length: %d\r\n\r\n" % len(body) + body
    return out


def run(*messages: dict[str, Any]) -> subprocess.CompletedProcess[bytes]:
    """Run the server on `messages` (then the end of its input); return what it wrote."""
    stdin = framed(*messages)
    return subprocess.run(SERVER, input=stdin, capture_output=True, timeout=60, check=False)


def session(*middle: dict[str, Any]) -> subprocess.CompletedProcess[bytes]:
    """Run the server through initialize, `middle`, shutdown and exit; return what it wrote."""
    return run(
        {"id": 1, "method": "initialize", "params": {"capabilities": {}}},
        {"method": "initialized", "params": {}},
        *middle,
        {"id": 2, "method": "shutdown"},
        {"method": "exit"},
    )


def sent(stdout: bytes) -> list[dict[str, Any]]:
    """The messages the server wrote."""
    out = []
    while stdout:
        head, _, rest = stdout.partition(b"\r\n\r\n")
        length = int(head.split(b"Content-Length:")[1].split(b"\r\n")[0])
        out.append(json.loads(rest[:length]))
        stdout = rest[length:]
    return out


def test_a_cancelled_request_already_answered_is_not_logged() -> None:
    # VS Code cancels hovers and inlay hints whose answers crossed the cancellation: routine.
    hover = {
        "textDocument": {"uri": "file:///nowhere/README.md"},
        "position": {"line": 0, "character": 0},
    }
    proc = session(
        {"id": 7, "method": "textDocument/hover", "params": hover},
        {"method": "$/cancelRequest", "params": {"id": 7}},
        {"method": "$/cancelRequest", "params": {"id": 99}},
    )
    assert proc.returncode == 0
    assert b'"id": 7' in proc.stdout
    assert proc.stderr.decode() == ""


def test_a_real_problem_still_reaches_the_log() -> None:
    proc = session({"id": 5, "method": "mlopsReport/noSuchRequest", "params": {}})
    assert proc.returncode == 0
    assert "unknown method 'mlopsReport/noSuchRequest'" in proc.stderr.decode()


HOVER_AT = {"textDocument": {"uri": "file:///nowhere/README.md"}}


def test_malformed_requests_get_invalid_params_in_one_line() -> None:
    proc = session(
        {"id": 3, "method": "textDocument/hover", "params": HOVER_AT},
        {"id": 4, "method": "textDocument/codeAction", "params": HOVER_AT},
        {
            "id": 5,
            "method": "textDocument/hover",
            "params": {**HOVER_AT, "position": {"line": -1, "character": 5}},
        },
        {"id": 6, "method": "textDocument/hover", "params": {"textDocument": {}}},
        {"id": 7, "method": "mlopsReport/handinPreview", "params": {}},  # refused by its handler
    )
    answers = {m["id"]: m for m in sent(proc.stdout) if "id" in m and "method" not in m}
    for ident, says in (
        (3, "textDocument/hover: required field missing @ $.params.position"),
        (4, "required field missing @ $.params.range; required field missing @ $.params.context"),
        (5, "was -1"),
        (6, "required field missing @ $.params.textDocument.uri"),
        (7, "mlopsReport/handinPreview takes"),
    ):
        error = answers[ident]["error"]
        assert error["code"] == -32602
        assert says in error["message"]
        assert "\n" not in error["message"]
    assert proc.stderr.decode() == ""
    assert not [m for m in sent(proc.stdout) if m.get("method") == "window/logMessage"]
    assert proc.returncode == 0


def test_a_malformed_notification_is_one_line_in_the_log() -> None:
    proc = session({"method": "textDocument/didOpen", "params": {"textDocument": 42}})
    logged = [m["params"] for m in sent(proc.stdout) if m.get("method") == "window/logMessage"]
    [line] = logged
    assert line["type"] == 2  # a warning: the client's slip, not the server's failure
    assert line["message"].startswith("Ignored invalid params for textDocument/didOpen: ")
    assert "@ $.params.textDocument.uri" in line["message"]
    assert "\n" not in line["message"]
    assert proc.stderr.decode() == ""
    assert proc.returncode == 0


def test_exit_without_shutdown_exits_with_1() -> None:
    proc = run(
        {"id": 1, "method": "initialize", "params": {"capabilities": {}}},
        {"method": "initialized", "params": {}},
        {"method": "exit"},
    )
    assert proc.returncode == 1
    assert proc.stderr.decode() == ""


@pytest.mark.parametrize(
    "initialized",
    [
        {"method": "initialized", "params": {}},
        {"method": "initialized"},  # JSON-RPC lets params be left out; lsprotocol wants them
    ],
)
def test_the_client_gone_while_settings_are_asked_for_ends_quietly(
    initialized: dict[str, Any],
) -> None:
    # The settings request is never answered: the input ends first.
    caps = {"workspace": {"configuration": True}}
    proc = run({"id": 1, "method": "initialize", "params": {"capabilities": caps}}, initialized)
    assert [m["method"] for m in sent(proc.stdout) if "method" in m] == ["workspace/configuration"]
    assert proc.stderr.decode() == ""
    assert proc.returncode == 0


def test_after_shutdown_requests_are_refused_and_notifications_dropped() -> None:
    # LSP: a request after `shutdown` errors with InvalidRequest; a notification is dropped.
    report = {
        "uri": "file:///nowhere/README.md",
        "languageId": "markdown",
        "version": 1,
        "text": "# Exam\n\n### Question 1\n\nAnswer:\n\nwords\n",
    }
    hover = {"textDocument": {"uri": report["uri"]}, "position": {"line": 0, "character": 0}}
    proc = run(
        {"id": 1, "method": "initialize", "params": {"capabilities": {}}},
        {"method": "initialized", "params": {}},
        {"id": 2, "method": "shutdown"},
        {"id": 3, "method": "textDocument/hover", "params": hover},
        {"id": "four", "method": "mlopsReport/noSuchRequest", "params": {}},
        {"id": 5, "method": "textDocument/hover", "params": {"textDocument": {}}},  # malformed
        {"id": 6, "method": "shutdown"},
        {"method": "textDocument/didOpen", "params": {"textDocument": report}},
        {"method": "textDocument/didOpen", "params": {"textDocument": 42}},  # malformed
        {"method": "mlopsReport/whatever", "params": {}},
        {"method": "exit"},
    )
    messages = sent(proc.stdout)
    answers = {m["id"]: m for m in messages if "id" in m and "method" not in m}
    assert answers[2] == {"jsonrpc": "2.0", "id": 2, "result": None}
    assert sorted(answers, key=str) == sorted([1, 2, 3, "four", 5, 6], key=str)
    for ident in (3, "four", 5, 6):
        error = answers[ident]["error"]
        assert error["code"] == -32600  # InvalidRequest
        assert "shut down" in error["message"] and "\n" not in error["message"]
    # Nothing but the answers after the one to `shutdown`: no publish, no log line.
    after = messages[messages.index(answers[2]) + 1 :]
    assert [m["id"] for m in after] == [3, "four", 5, 6]
    assert proc.stderr.decode() == ""
    assert proc.returncode == 0


def test_a_change_that_is_not_utf8_loses_track_of_the_document_in_one_line() -> None:
    # An editor that wrote the change in Latin-1: the server cannot read it, so its copy of the
    # report lacks it. It says so once, answers nothing about that text, and writes no traceback.
    uri = "file:///nowhere/README.md"
    report = {"uri": uri, "languageId": "markdown", "version": 1, "text": "# Notes\n"}
    edit = {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}}
    body = json.dumps(
        {
            "jsonrpc": "2.0",
            "method": "textDocument/didChange",
            "params": {
                "textDocument": {"uri": uri, "version": 2},
                "contentChanges": [{**edit, "text": "caf\u00e9 "}],
            },
        },
        ensure_ascii=False,
    ).encode("latin-1")
    hover = {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 3}}
    stdin = (
        framed(
            {"id": 1, "method": "initialize", "params": {"capabilities": {}}},
            {"method": "initialized", "params": {}},
            {"method": "textDocument/didOpen", "params": {"textDocument": report}},
        )
        + b"Content-Length: %d\r\n\r\n" % len(body)
        + body
        + framed(
            {"id": 2, "method": "mlopsReport/questions", "params": {"textDocument": {"uri": uri}}},
            {"id": 3, "method": "textDocument/hover", "params": hover},
            {"id": 4, "method": "shutdown"},
            {"method": "exit"},
        )
    )
    proc = subprocess.run(SERVER, input=stdin, capture_output=True, timeout=60, check=False)
    messages = sent(proc.stdout)
    [notice] = [
        m["params"] for m in messages if m.get("method") == "textDocument/publishDiagnostics"
    ]
    assert [d["code"] for d in notice["diagnostics"]] == ["out-of-sync"]
    answers = {m["id"]: m for m in messages if "id" in m and "method" not in m}
    assert answers[2]["error"]["code"] == -32803
    assert answers[3]["result"] is None
    [line] = [m["params"] for m in messages if m.get("method") == "window/logMessage"]
    assert line["type"] == 2 and "lost track" in line["message"] and "utf-8" in line["message"]
    assert "\n" not in line["message"]
    assert proc.stderr.decode() == ""
    assert proc.returncode == 0


def test_a_message_that_is_not_json_is_one_line_in_the_log() -> None:
    garbage = b"{this is not json"
    stdin = (
        framed({"id": 1, "method": "initialize", "params": {"capabilities": {}}})
        + b"Content-Length: %d\r\n\r\n" % len(garbage)
        + garbage
        + framed({"id": 2, "method": "shutdown"}, {"method": "exit"})
    )
    proc = subprocess.run(SERVER, input=stdin, capture_output=True, timeout=60, check=False)
    messages = sent(proc.stdout)
    [line] = [m["params"] for m in messages if m.get("method") == "window/logMessage"]
    assert line["type"] == 2
    assert line["message"].startswith("Ignored a message that is not JSON in UTF-8 (Expecting")
    assert "\n" not in line["message"]
    assert {m["id"] for m in messages if "id" in m} == {1, 2}
    assert proc.stderr.decode() == ""
    assert proc.returncode == 0
