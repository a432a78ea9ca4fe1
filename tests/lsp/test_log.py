"""The server's stderr (an editor's log of it) holds problems, not routine traffic."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

SERVER = [sys.executable, "-m", "mlops_report"]


def framed(*messages: dict[str, Any]) -> bytes:
    out = b""
    for message in messages:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        out += b"Content-Length: %d\r\n\r\n" % len(body) + body
    return out


def session(*middle: dict[str, Any]) -> subprocess.CompletedProcess[bytes]:
    """Run the server through initialize, `middle`, shutdown and exit; return what it wrote."""
    stdin = framed(
        {"id": 1, "method": "initialize", "params": {"capabilities": {}}},
        {"method": "initialized", "params": {}},
        *middle,
        {"id": 2, "method": "shutdown"},
        {"method": "exit"},
    )
    return subprocess.run(SERVER, input=stdin, capture_output=True, timeout=60, check=False)


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
    proc = session({"method": "textDocument/didOpen", "params": {"textDocument": 42}})
    assert proc.returncode == 0
    assert "Unable to deserialize message" in proc.stderr.decode()
