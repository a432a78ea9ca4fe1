"""The command line guesses the report, explains itself, and lets a hook show without failing."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from mlops_report import __version__
from mlops_report.cli import check, main

from .conftest import ROOT
from .fixtures.reports import answers_at_minimum, build_report

SAMPLE = ROOT / "examples" / "reports" / "README.md"


def run(*args: str, cwd: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = check(list(args), None, "text", out, err, cwd=cwd)
    return status, out.getvalue(), err.getvalue()


def repo_with_report(base: Path, where: str = "reports/README.md") -> Path:
    """A group repository: .git, a project README and the report at `where`."""
    base.mkdir(parents=True, exist_ok=True)
    (base / ".git").mkdir()
    report = base / where
    report.parent.mkdir(parents=True, exist_ok=True)
    if where != "README.md":
        (base / "README.md").write_text("# Our MLOps project\n\nIt classifies birds.\n", "utf-8")
    report.write_text(build_report("B3", answers_at_minimum("B3")), "utf-8")
    return report


# -- guessing the report -----------------------------------------------------------------------


def test_no_path_checks_reports_readme_of_the_current_folder(tmp_path: Path) -> None:
    repo_with_report(tmp_path)
    status, out, err = run(cwd=tmp_path)
    assert err == ""
    assert out.splitlines()[-1] == "reports/README.md: report.py (B3): 31/31 questions pass"
    assert " warning image-not-found: " in out
    assert status == 0  # its images do not exist: a warning, report.py passes


def test_no_path_from_deep_inside_the_repository(tmp_path: Path) -> None:
    repo_with_report(tmp_path)
    deep = tmp_path / "src" / "models"
    deep.mkdir(parents=True)
    _, out, err = run(cwd=deep)
    assert err == ""
    assert out.splitlines()[-1].startswith(f"{tmp_path / 'reports' / 'README.md'}: report.py")


def test_no_path_inside_reports_takes_readme_md_there(tmp_path: Path) -> None:
    report = repo_with_report(tmp_path)
    _, out, err = run(cwd=report.parent)
    assert err == ""
    assert out.splitlines()[-1].startswith("README.md: report.py (B3): ")


def test_a_readme_that_is_the_report_is_taken_but_a_project_readme_is_not(tmp_path: Path) -> None:
    report = repo_with_report(tmp_path / "flat", where="README.md")
    _, out, _ = run(cwd=report.parent)
    assert out.splitlines()[-1].startswith("README.md: report.py (B3): ")

    project = tmp_path / "project"
    project.mkdir()
    (project / ".git").mkdir()
    (project / "README.md").write_text("# Project\n\n### Setup\n\nRun it.\n", "utf-8")
    status, out, err = run(cwd=project)
    assert (status, out) == (2, "")
    assert err.startswith("mlops-report: .: no report found in ")
    assert "give the report's path" in err


def test_the_search_stops_at_the_repository_root(tmp_path: Path) -> None:
    repo_with_report(tmp_path)  # a report above, outside the inner repository
    inner = tmp_path / "vendor" / "other"
    inner.mkdir(parents=True)
    (inner / ".git").mkdir()
    status, _, err = run(cwd=inner)
    assert status == 2
    assert "no report found" in err


def test_a_folder_or_repository_root_finds_its_report(tmp_path: Path) -> None:
    report = repo_with_report(tmp_path / "group7")
    _, out, err = run(str(tmp_path / "group7"), cwd=tmp_path)
    assert err == ""
    assert out.splitlines()[-1].startswith(f"{report}: report.py (B3): ")
    _, out, _ = run(str(report.parent), cwd=tmp_path)
    assert out.splitlines()[-1].startswith(f"{report}: report.py (B3): ")


def test_a_folder_without_a_report_says_where_it_looked(tmp_path: Path) -> None:
    status, out, err = run(str(tmp_path), cwd=tmp_path)
    assert (status, out) == (2, "")
    assert err == (
        f"mlops-report: {tmp_path}: no report found (looked for reports/README.md, "
        "and a README.md that is the report)\n"
    )


@pytest.mark.parametrize("where", ["reports/readme.md", "report/README.md", "Reports/report.md"])
def test_a_report_under_a_name_report_py_misses_is_named_not_taken(
    tmp_path: Path, where: str
) -> None:
    repo = tmp_path / "group"
    repo_with_report(repo, where=where)
    (repo / "NOTES.md").write_text("# Notes\n\nNothing here.\n", "utf-8")
    near_miss = (
        f"no report found (looked for reports/README.md, and a README.md that is the report); "
        f"found {where}: report.py and the hand-in need reports/README.md"
    )
    status, out, err = run(str(repo), cwd=tmp_path)
    assert (status, out) == (2, "")  # not taken: report.py would not find it either
    assert err == f"mlops-report: {repo}: {near_miss}\n"
    status, _, err = run(cwd=repo)
    assert status == 2
    assert f"; found {where}: report.py and the hand-in need reports/README.md; give" in err


@pytest.mark.parametrize("where", ["reports/readme.md", "report/README.md", "Reports/README.md"])
def test_a_misnamed_report_given_by_its_path_is_named_not_checked(
    tmp_path: Path, where: str
) -> None:
    # what the pre-commit hook passes when a group commits its report under the wrong name
    repo_with_report(tmp_path / "group", where=where)
    status, out, err = run(where, cwd=tmp_path / "group")
    assert (status, out) == (2, "")
    assert err == (
        f"mlops-report: {where}: report.py and the hand-in need reports/README.md: "
        "rename this file to it\n"
    )
    # judged by the names on disk: typed in another case for the right file (which a case-
    # insensitive file system opens), it is not called misnamed; here it is just not there
    typed = tmp_path / "other-case"
    repo_with_report(typed)
    status, _, err = run(str(typed / "Reports" / "readme.md"), cwd=typed)
    assert status == 2
    assert "rename" not in err
    # the right name is checked as always; other Markdown files too
    report = repo_with_report(tmp_path / "other")
    assert run(str(report), cwd=tmp_path)[0] == 0
    notes = report.with_name("notes.md")
    notes.write_text(report.read_text("utf-8"), "utf-8")
    assert run(str(notes), cwd=tmp_path)[0] == 0


def test_a_project_readme_in_a_report_folder_is_no_near_miss(tmp_path: Path) -> None:
    docs = tmp_path / "report"
    docs.mkdir()
    (docs / "readme.md").write_text("# Our paper\n\n### Results\n\nGood.\n", "utf-8")
    _, _, err = run(str(tmp_path), cwd=tmp_path)
    assert err.endswith("(looked for reports/README.md, and a README.md that is the report)\n")


# -- exit status and levels ----------------------------------------------------------------------


def test_exit_zero_shows_the_findings_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(SAMPLE)]) == 1
    failing = capsys.readouterr().out
    assert main(["check", "--exit-zero", str(SAMPLE)]) == 0
    assert capsys.readouterr().out == failing


def test_exit_zero_still_exits_2_for_a_file_that_cannot_be_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--exit-zero", str(tmp_path / "missing.md")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_severity_flag_changes_levels_and_turns_codes_off(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["check", "--severity=image-as-link=error", "--severity=words-over=off", str(SAMPLE)])
    out = capsys.readouterr().out
    assert " words-over: " not in out
    assert " error image-as-link: " in out
    assert " warning image-case-mismatch: " in out  # untouched


def test_turning_every_error_off_does_not_hide_a_failing_report_py(
    capsys: pytest.CaptureFixture[str],
) -> None:
    codes = ["words-over", "words-under", "images-missing", "placeholder-unfilled"]
    argv = ["check", *(f"--severity={c}=hint" for c in codes), str(SAMPLE)]
    assert main(argv) == 1  # report.py still fails 4 questions
    assert " error " not in capsys.readouterr().out


# -- help and version ---------------------------------------------------------------------------


def test_check_help_names_formats_exit_codes_and_examples(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["check", "--help"])
    assert exc.value.code == 0
    text = capsys.readouterr().out
    for fmt in ("text", "json", "github", "sarif"):
        assert f"\n  {fmt} " in text
    assert "exit status:" in text
    for status in ("0", "1", "2"):
        assert f"\n  {status}  " in text
    assert "examples:" in text
    assert "mlops-report check --exit-zero" in text
    assert "[tool.mlops-report]" in text


def test_help_and_readme_list_the_same_files_that_cannot_be_checked(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from mlops_report.cli import CANNOT_BE_CHECKED

    with pytest.raises(SystemExit):
        main(["check", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    readme = " ".join((ROOT / "README.md").read_text("utf-8").split())
    for kind in ("empty", "binary", "not UTF-8", "missing", "not an exam report"):
        assert kind in CANNOT_BE_CHECKED
    assert f"cannot be checked: {CANNOT_BE_CHECKED}" in help_text
    assert f"a file that cannot be checked ({CANNOT_BE_CHECKED})" in readme


def test_help_says_which_unit_each_format_counts_columns_in(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "text and github count characters (code points) from 1" in help_text
    assert "json counts UTF-16 code units from 0" in help_text


@pytest.mark.parametrize("command", ["html", "serve", "check", "summary"])
def test_every_command_describes_itself(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main([command, "--help"])
    assert exc.value.code == 0
    usage, description = capsys.readouterr().out.split("\n\n")[:2]
    assert usage.startswith(f"usage: mlops-report {command}")
    assert not description.startswith(("positional arguments:", "options:"))
    assert len(description.split()) >= 20


@pytest.mark.parametrize("argv", [["--version"], ["check", "--version"]])
def test_version(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 0
    assert capsys.readouterr().out == f"mlops-report {__version__}\n"


def test_the_installed_command_guesses_from_its_working_folder(tmp_path: Path) -> None:
    repo_with_report(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "mlops_report", "check", "--format", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    [record] = json.loads(proc.stdout)
    assert record["path"] == "reports/README.md"
