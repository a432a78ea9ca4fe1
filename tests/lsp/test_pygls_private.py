"""The installed pygls still has every private part the server relies on."""

from __future__ import annotations

import pytest

from mlops_report.lsp import pygls_private


def test_pygls_still_has_what_the_server_relies_on() -> None:
    gone = pygls_private.missing()
    assert gone == [], "\n".join(gone)


def test_a_missing_part_is_named_with_why_it_is_needed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(pygls_private.WHY, "Workspace._no_such_part", "show the message")
    assert pygls_private.missing() == [
        "pygls no longer has Workspace._no_such_part, which mlops-report uses to show the message"
    ]
