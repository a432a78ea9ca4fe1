"""`[tool.mlops-report]` in pyproject.toml: found from the report, read, and ranked below flags."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

from mlops_report.cli import check
from mlops_report.config import NONE, ConfigFinder, apply, candidates, parse_table, read_file
from mlops_report.engine.findings import Severity
from mlops_report.lsp.settings import Settings

from .conftest import ROOT

SAMPLE = ROOT / "examples" / "reports"

TABLE = """
[project]
name = "birdsong"

[tool.mlops-report]
edition = "B1"
severity = { image-as-link = "error", study-numbers = "off", words-under = "hint" }

[tool.mlops-report.questions]
12 = { words-over = "warning" }
"""


def group_repo(base: Path, pyproject: str | None = TABLE) -> Path:
    """A group's repository with the sample report under reports/; returns the report."""
    base.mkdir(parents=True, exist_ok=True)
    (base / ".git").mkdir()
    if pyproject is not None:
        (base / "pyproject.toml").write_text(pyproject, "utf-8")
    import shutil

    shutil.copytree(SAMPLE, base / "reports")
    return base / "reports" / "README.md"


def run_json(*args: str, **kw: object) -> tuple[int, dict[str, object], str]:
    out, err = io.StringIO(), io.StringIO()
    status = check(list(args), kw.pop("edition", None), "json", out, err, **kw)  # type: ignore[arg-type]
    [record] = json.loads(out.getvalue())
    return status, record, err.getvalue()


def levels(record: dict[str, object]) -> dict[tuple[str, int | None], str]:
    diags = record["diagnostics"]
    assert isinstance(diags, list)
    return {(d["code"], d["question"]): d["severity"] for d in diags}


# -- reading ------------------------------------------------------------------------------------


def test_a_table_is_read_with_levels_and_questions() -> None:
    config = parse_table(
        {
            "edition": "B3",
            "severity": {"study-numbers": "off", "image-remote": "HINT", "words-under": "info"},
            "questions": {"28": {"words-under": "off"}},
        }
    )
    assert config.problems == ()
    assert config.edition == "B3"
    assert config.severity == {
        "study-numbers": None,
        "image-remote": Severity.HINT,
        "words-under": Severity.INFORMATION,
    }
    assert config.questions == {28: {"words-under": None}}


def test_what_is_wrong_is_said_and_the_rest_kept() -> None:
    config = parse_table(
        {
            "edition": "C9",
            "severity": {"words-over": "loud", "no-such-code": "off", "image-html": "off"},
            "questions": {"x": {}, "3": {"words-under": 2}},
            "colour": "blue",
        }
    )
    assert config.edition is None
    assert config.severity == {"image-html": None}
    assert config.questions == {3: {}}
    assert len(config.problems) == 6
    joined = "\n".join(config.problems)
    for word in ("'colour'", "'C9'", "words-over must be one of", "'no-such-code'", "'x'"):
        assert word in joined


def test_a_pyproject_without_the_table_is_no_config(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text('[project]\nname = "x"\n', "utf-8")
    assert read_file(path) is None


def test_broken_toml_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text("[tool.mlops-report\nedition = ", "utf-8")
    config = read_file(path)
    assert config is not None
    assert config.problems[0].startswith("is not valid TOML")


def test_the_walk_goes_up_to_the_repository_root_only(tmp_path: Path) -> None:
    report = group_repo(tmp_path / "outer" / "repo", pyproject=None)
    found = candidates(report)
    assert found[0] == report.parent / "pyproject.toml"
    assert found[-1] == tmp_path / "outer" / "repo" / "pyproject.toml"


def test_the_nearest_file_with_the_table_wins(tmp_path: Path) -> None:
    report = group_repo(tmp_path / "repo")
    (report.parent / "pyproject.toml").write_text("[tool.other]\nx = 1\n", "utf-8")
    assert ConfigFinder().find(report).edition == "B1"  # reports/ has no table: the root's
    (report.parent / "pyproject.toml").write_text('[tool.mlops-report]\nedition = "B2"\n', "utf-8")
    assert ConfigFinder().find(report).edition == "B2"


def test_the_finder_reads_a_changed_file_again(tmp_path: Path) -> None:
    report = group_repo(tmp_path / "repo")
    finder = ConfigFinder()
    assert finder.find(report).edition == "B1"
    pyproject = tmp_path / "repo" / "pyproject.toml"
    pyproject.write_text(TABLE.replace('"B1"', '"B2"'), "utf-8")
    os.utime(pyproject, ns=(1, 1))  # a different stamp even on a coarse clock
    assert finder.find(report).edition == "B2"
    pyproject.unlink()
    assert finder.find(report) is NONE


# -- precedence -----------------------------------------------------------------------------------


def test_flags_and_settings_come_before_the_table_per_code() -> None:
    config = parse_table(
        {
            "edition": "B1",
            "severity": {"words-under": "hint", "image-remote": "off"},
            "questions": {"12": {"words-over": "warning", "words-under": "off"}},
        }
    )
    merged = apply(Settings(severity={"words-under": Severity.ERROR}), config)
    assert merged.edition == "B1"  # the settings say auto
    assert merged.level("image-remote", Severity.INFORMATION) is None
    assert merged.level("words-under", Severity.ERROR, 3) == Severity.ERROR
    # the flag names words-under: it decides for question 12 as well
    assert merged.level("words-under", Severity.ERROR, 12) == Severity.ERROR
    assert merged.level("words-over", Severity.ERROR, 12) == Severity.WARNING
    assert merged.level("words-over", Severity.ERROR, 13) == Severity.ERROR
    assert apply(Settings(edition="B3"), config).edition == "B3"
    assert apply(Settings(), NONE) == Settings()


def test_command_line_reads_the_table(tmp_path: Path) -> None:
    report = group_repo(tmp_path / "repo")
    status, record, err = run_json(str(report))
    assert err == ""
    assert record["edition"] == "B1"
    got = levels(record)
    assert got[("image-as-link", 19)] == "error"
    assert got[("words-over", 12)] == "warning"
    assert got[("words-under", 18)] == "hint"
    assert status == 1  # report.py still fails questions


def test_command_line_flags_win_over_the_table(tmp_path: Path) -> None:
    report = group_repo(tmp_path / "repo")
    _, record, _ = run_json(
        str(report), edition="B3", severity={"words-over": Severity.ERROR, "image-as-link": None}
    )
    assert record["edition"] == "B3"
    got = levels(record)
    assert got[("words-over", 12)] == "error"
    assert ("image-as-link", 19) not in got
    assert got[("words-under", 18)] == "hint"  # not named by a flag: the table's


def test_no_config_ignores_the_table(tmp_path: Path) -> None:
    report = group_repo(tmp_path / "repo")
    _, record, _ = run_json(str(report), use_config=False)
    assert record["edition"] == "B3"
    assert levels(record)[("words-over", 12)] == "error"


def test_problems_in_the_table_go_to_stderr_once(tmp_path: Path) -> None:
    first = group_repo(tmp_path / "repo", '[tool.mlops-report]\nedition = "Z"\ncolour = 1\n')
    out, err = io.StringIO(), io.StringIO()
    status = check([str(first), str(first)], None, "text", out, err)
    pyproject = tmp_path / "repo" / "pyproject.toml"
    assert err.getvalue().splitlines() == [
        f"mlops-report: {pyproject}: [tool.mlops-report] unknown key 'colour' "
        "(known: edition, severity, questions)",
        f"mlops-report: {pyproject}: [tool.mlops-report] edition must be auto or one of "
        "A0, A1, B1, B2, B3, not 'Z'",
    ]
    assert status == 1
    assert "report.py (B3)" in out.getvalue()


def test_the_exit_status_follows_the_levels_each_layer_sets(tmp_path: Path) -> None:
    # A report inside every limit whose only finding is an image that does not exist: a warning.
    from .fixtures.reports import answers_at_minimum, build_report

    (tmp_path / ".git").mkdir()
    report = tmp_path / "README.md"
    report.write_text(build_report("B3", answers_at_minimum("B3")), "utf-8")

    def status(**flags: object) -> tuple[int, str]:
        out, err = io.StringIO(), io.StringIO()
        code = check([str(report)], None, "text", out, err, **flags)  # type: ignore[arg-type]
        return code, out.getvalue()

    code, out = status()
    assert code == 0
    assert " warning image-not-found" in out
    (tmp_path / "pyproject.toml").write_text(
        '[tool.mlops-report]\nseverity = { image-not-found = "error" }\n', "utf-8"
    )
    code, out = status()  # the group wants a missing image to fail its CI
    assert code == 1
    assert " error image-not-found" in out
    code, out = status(severity={"image-not-found": None})  # a flag comes first
    assert code == 0
    assert "image-not-found" not in out
    code, out = status(use_config=False)
    assert code == 0
