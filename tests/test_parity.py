"""Parity: our `report_py` object equals what each edition of report.py really reported.

Every file of the shared corpus and every blank template, under every edition, through the
command line's JSON output (the path a CI user takes).
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from mlops_report.cli import check
from mlops_report.engine.editions import EDITIONS
from mlops_report.engine.reportpy import run
from mlops_report.engine.text import SourceText

from .conftest import HAS_SHARED, needs_shared, oracle_cases

CASES = oracle_cases()


@needs_shared
def test_the_oracle_covers_every_edition_and_file() -> None:
    editions = {edition for _, _, edition, _ in CASES}
    assert editions == set(EDITIONS)
    assert len({path for _, path, _, _ in CASES}) >= 56


@needs_shared
@pytest.mark.parametrize(
    ("path", "edition", "expected"),
    [pytest.param(p, e, x, id=f"{s}/{p.name}/{e}") for s, p, e, x in CASES],
)
def test_cli_json_report_py_equals_oracle(
    path: Path, edition: str, expected: dict[str, Any]
) -> None:
    out, err = io.StringIO(), io.StringIO()
    status = check([str(path)], edition, "json", out, err)
    assert err.getvalue() == ""
    [result] = json.loads(out.getvalue())
    assert result["edition"] == edition
    assert result["report_py"] == expected
    if expected["error"] is not None:
        assert status == 1


def test_parity_cases_are_found_or_reported_missing() -> None:
    # Guards against a silently empty parametrisation: either the corpus is here and loaded, or
    # the run header/summary says it is not (see conftest).
    assert bool(CASES) == HAS_SHARED


def test_crlf_report_is_counted_after_newline_translation() -> None:
    # report.py reads in text mode: "\r\n" becomes "\n" before the 43-character cut.
    body = "x" * 50 + "\n### Question 1\n> Answer:\none two\n"
    lf = run(SourceText(body).text, EDITIONS["A1"])
    crlf = run(SourceText(body.replace("\n", "\r\n")).text, EDITIONS["A1"])
    assert [a.words for a in crlf.answers] == [a.words for a in lf.answers] == [2]
