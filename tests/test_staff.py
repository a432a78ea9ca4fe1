"""`mlops-report summary`: one row per report for staff, whatever the reports are like."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from mlops_report import staff
from mlops_report.cli import check, main

from .conftest import ROOT, SHARED, needs_shared
from .fixtures.reports import answers_at_minimum, build_report

SAMPLE = ROOT / "examples" / "reports"
PNG = b"\x89PNG\r\n\x1a\n"


def passing_report(folder: Path, group: str = "7") -> Path:
    (folder / "figures").mkdir(parents=True)
    (folder / "figures" / "figure.png").write_bytes(PNG)
    answers = answers_at_minimum("B3")
    answers[1] = f"Group {group}"
    readme = folder / "README.md"
    readme.write_text(build_report("B3", answers), "utf-8")
    return readme


@pytest.fixture
def groups(tmp_path: Path) -> Path:
    """A folder of cloned group repositories, good and bad."""
    root = tmp_path / "groups"
    passing_report(root / "group-01" / "reports", group="01")
    shutil.copytree(SAMPLE, root / "group-02" / "reports")
    (root / "group-03" / ".git").mkdir(parents=True)  # a repository without a report
    bad = root / "group-04" / "reports"
    bad.mkdir(parents=True)
    (bad / "README.md").write_bytes("# Exam for Søren\n".encode("latin-1"))
    stops = root / "group-05" / "reports"
    shutil.copytree(SAMPLE, stops)
    text = (stops / "README.md").read_text("utf-8")
    (stops / "README.md").write_text(text.replace("Answer:", "", 1), "utf-8")
    (root / ".cache").mkdir()
    return root


def summary(*paths: Path | str, fmt: str = "json", edition: str = "auto") -> Any:
    out, err = io.StringIO(), io.StringIO()
    assert staff.run([str(p) for p in paths], fmt, edition, out, err) == 0
    assert err.getvalue() == ""  # not a terminal: no progress bar
    return json.loads(out.getvalue()) if fmt == "json" else out.getvalue()


def test_a_folder_of_repositories_gives_a_row_per_group(groups: Path) -> None:
    rows = summary(groups)
    assert [Path(r["path"]).relative_to(groups).as_posix() for r in rows] == [
        "group-01/reports/README.md",
        "group-02/reports/README.md",
        "group-03",
        "group-04/reports/README.md",
        "group-05/reports/README.md",
    ]
    good, sample, empty, latin, stops = rows
    assert (good["group"], good["edition"], good["report_py"]) == ("1", "B3", "31/31")
    assert good["failing"] == []
    assert good["unanswered"] == [3, 28]  # left empty, as their 0-200 words allow
    assert (good["broken_images"], good["errors"], good["problem"]) == (0, 0, None)

    assert (sample["group"], sample["report_py"], sample["passed"]) == ("42", "27/31", 27)
    assert [(f["question"], f["failed"], f["words"], f["images"]) for f in sample["failing"]] == [
        (12, ["words"], 119, 0),
        (18, ["words"], 65, 0),
        (19, ["screenshots"], 24, 0),
        (27, ["words"], 6, 0),
    ]
    assert sample["unanswered"] == [27]
    assert sample["broken_images"] == 3  # a missing file, a letter-case mismatch, a plain link
    assert sample["handin"] == 6  # six fenced code blocks; the title cut is no breakage
    assert (sample["errors"], sample["warnings"]) == (4, 10)

    assert empty["problem"] == (
        "no report found (looked for reports/README.md, and a README.md that is the report)"
    )
    assert latin["problem"].startswith("is not valid UTF-8")
    assert stops["report_py"] == "stops: found 30 answers, expected 31"
    assert stops["passed"] is None
    assert stops["failing"] == []


def test_csv_has_one_line_per_report_and_plain_cells(groups: Path) -> None:
    text = summary(groups, fmt="csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 5
    assert list(rows[0]) == list(staff.COLUMNS)
    assert rows[1]["failing"] == (
        "Q12 words 119 (50-100 words); Q18 words 65 (100-200 words); "
        "Q19 screenshots 0 (1-2 images); Q27 words 6 (100-200 words)"
    )
    assert rows[1]["unanswered"] == "Q27"
    assert rows[2]["report_py"] == rows[2]["broken_images"] == ""


def test_markdown_is_a_table_with_escaped_cells(tmp_path: Path) -> None:
    folder = tmp_path / "a|b"
    shutil.copytree(SAMPLE, folder)
    text = summary(folder / "README.md", fmt="markdown")
    header, rule, row = text.splitlines()
    assert header == "| " + " | ".join(staff.COLUMNS) + " |"
    assert rule == "|" + "---|" * len(staff.COLUMNS)
    assert "a\\|b" in row
    assert row.count(" | ") == len(staff.COLUMNS) - 1


def test_files_folders_and_missing_paths_mix(tmp_path: Path) -> None:
    report = passing_report(tmp_path / "one" / "reports")
    rows = summary(report, tmp_path / "one", tmp_path / "nowhere.md", tmp_path / "empty")
    assert [r["report_py"] for r in rows[:2]] == ["31/31", "31/31"]
    assert rows[2]["problem"] == "no such file"
    assert rows[3]["problem"] == "no such file"


def test_a_checker_crash_is_one_row_not_the_end(
    groups: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import mlops_report.engine.pipeline as analysis

    real = analysis.analyze

    def flaky(text: Any, **kw: Any) -> Any:
        if "group-02" in str(kw.get("path")):
            raise RuntimeError("boom")
        return real(text, **kw)

    monkeypatch.setattr(analysis, "analyze", flaky)
    rows = summary(groups)
    assert rows[1]["problem"] == "could not be checked: RuntimeError: boom"
    assert rows[0]["report_py"] == "31/31"
    assert rows[4]["report_py"].startswith("stops")


def test_a_group_cannot_hide_findings_from_staff(tmp_path: Path) -> None:
    repo = tmp_path / "group"
    shutil.copytree(SAMPLE, repo / "reports")
    (repo / "pyproject.toml").write_text(
        '[tool.mlops-report]\nseverity = { image-not-found = "off", words-over = "off" }\n',
        "utf-8",
    )
    [row] = summary(repo)
    assert row["broken_images"] == 3
    assert row["errors"] == 4


def test_broken_images_counts_each_image_that_will_not_show_once(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    readme = passing_report(folder)
    (folder / "figures" / "Plot.png").write_bytes(PNG)
    parts = readme.read_text("utf-8").split("![figure](figures/figure.png)")
    written = [
        "`![figure](figures/figure.png)`",  # in backticks: shows as text
        "[figure](figures/figure.png)",  # a plain link
        "[figure](figures/gone.png)",  # a plain link to a missing file: one image, two findings
        "![figure](figures/plot.png)",  # wrong letter case
        '<img src="figures/figure.png" alt="figure">',  # shown on the page; report.py ignores it
    ]
    assert len(parts) == len(written) + 1
    text = parts[0] + "".join(w + p for w, p in zip(written, parts[1:], strict=True))
    readme.write_text(text, "utf-8")
    [row] = summary(readme)
    assert row["broken_images"] == 4


def test_broken_images_counts_images_out_of_the_report_folder(tmp_path: Path) -> None:
    # Only reports/ is handed in: an image by `../` or an absolute path does not show there.
    folder = tmp_path / "repo" / "reports"
    readme = passing_report(folder)
    (tmp_path / "repo" / "docs").mkdir()
    (tmp_path / "repo" / "docs" / "figure.png").write_bytes(PNG)
    (folder / "shots").mkdir()
    (folder / "shots" / "figure.png").write_bytes(PNG)
    parts = readme.read_text("utf-8").split("![figure](figures/figure.png)")
    written = [
        "![figure](../docs/figure.png)",  # out of reports/
        f"![figure]({(folder / 'figures' / 'figure.png').as_posix()})",  # absolute
        f"![figure]({(folder / 'figures' / 'figure.png').as_uri()})",  # absolute, as a URL
        "![figure](../reports/figures/figure.png)",  # out and back in: handed in
        "![figure](shots/figure.png)",  # in reports/, not in figures/: shows
    ]
    assert len(parts) == len(written) + 1
    text = parts[0] + "".join(w + p for w, p in zip(written, parts[1:], strict=True))
    readme.write_text(text, "utf-8")
    [row] = summary(readme)
    assert row["broken_images"] == 3


def test_a_report_under_a_misnamed_file_or_folder_is_named(groups: Path, tmp_path: Path) -> None:
    from mlops_report.locate import not_found

    (groups / "group-01" / "reports" / "README.md").rename(
        groups / "group-01" / "reports" / "readme.md"
    )
    (groups / "group-02" / "reports").rename(groups / "group-02" / "report")
    rows = summary(groups)
    first, second = rows[0]["problem"], rows[1]["problem"]
    assert first.endswith(
        "; found reports/readme.md: report.py and the hand-in need reports/README.md"
    )
    assert second.endswith(
        "; found report/README.md: report.py and the hand-in need reports/README.md"
    )
    # the same words as `check` says, from one place
    assert [first, second] == [not_found([groups / "group-01"]), not_found([groups / "group-02"])]
    assert (rows[0]["report_py"], rows[0]["passed"]) == ("", None)  # not taken as the report

    # one group's folder given: its row, not one per subfolder
    [row] = summary(groups / "group-01")
    assert (row["path"], row["problem"]) == (str(groups / "group-01"), first)

    # a folder of repositories that has a report-like folder of its own is still one
    shutil.copytree(groups / "group-02" / "report", groups / "reports-2024")
    assert len(summary(groups)) == 6


def test_a_group_folder_given_is_one_row_whatever_its_subfolders(
    groups: Path, tmp_path: Path
) -> None:
    from mlops_report.locate import not_found

    # the report in `report/`: a near miss of the group, not a report of a group called `report`
    (groups / "group-02" / "reports").rename(groups / "group-02" / "report")
    group = groups / "group-02"
    [row] = summary(group)
    assert (row["path"], row["problem"]) == (str(group), not_found([group]))
    assert row["problem"].endswith(
        "; found report/README.md: report.py and the hand-in need reports/README.md"
    )

    # no report at all, in a repository with the course's layout: one row, not one per folder
    empty = tmp_path / "group-15"
    for folder in ("docs", "reports", "src", "tests"):
        (empty / folder).mkdir(parents=True)
    [row] = summary(empty)
    assert (row["path"], row["problem"]) == (str(empty), not_found([empty]))

    # a git repository without a reports folder: one row too
    bare = tmp_path / "group-16"
    for folder in (".git", "src", "tests"):
        (bare / folder).mkdir(parents=True)
    [row] = summary(bare)
    assert (row["path"], row["problem"]) == (str(bare), not_found([bare]))

    # a folder of repositories is still one row per group, each group with its own verdict
    rows = summary(groups)
    assert [Path(r["path"]).relative_to(groups).parts[0] for r in rows] == [
        "group-01",
        "group-02",
        "group-03",
        "group-04",
        "group-05",
    ]


def test_a_folder_of_repositories_beside_a_reports_folder_is_still_a_row_per_group(
    groups: Path,
) -> None:
    # Staff keep their own `reports/` (say, past summaries) beside the clones: that folder is
    # not a sign of one group's repository while the other subfolders hold the groups' reports.
    (groups / "reports").mkdir()
    rows = summary(groups)
    names = [Path(r["path"]).relative_to(groups).parts[0] for r in rows]
    assert names[:5] == ["group-01", "group-02", "group-03", "group-04", "group-05"]
    assert names[5:] == ["reports"]


def test_a_chosen_edition_judges_every_report(groups: Path) -> None:
    rows = summary(groups / "group-01", fmt="json", edition="B2")
    assert rows[0]["edition"] == "B2"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_progress_bar_on_a_terminal_only(groups: Path) -> None:
    out, err = io.StringIO(), Terminal()
    staff.run([str(groups)], "csv", "auto", out, err)
    bar = err.getvalue()
    assert "\r[" + "#" * staff.Progress.WIDTH + "] 5/5 " in bar
    assert bar.endswith("\r\x1b[K")  # cleared: the terminal keeps only the table
    assert "\r" not in out.getvalue()


def test_the_command(groups: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary", "--format", "json", str(groups)]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 5
    with pytest.raises(SystemExit):
        main(["summary", "--format", "xml", str(groups)])
    capsys.readouterr()


# -- the job summary of the GitHub format ----------------------------------------------------------


def test_github_format_appends_a_job_summary(
    groups: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "step-summary.md"
    target.write_text("earlier step\n", "utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(target))
    out, err = io.StringIO(), io.StringIO()
    paths = [str(groups / f"group-0{n}" / "reports" / "README.md") for n in (1, 2, 5)]
    assert check(paths, None, "github", out, err) == 1
    text = target.read_text("utf-8")
    assert text.startswith("earlier step\n### mlops-report: 1 of 3 reports pass report.py check")
    assert f"- `{paths[0]}`: 31/31 questions pass (B3)" in text
    assert f"- `{paths[1]}`: 27/31 questions pass (B3); failing: Q12, Q18, Q19, Q27" in text
    assert f"- `{paths[2]}`: report.py check would stop: found 30 answers, expected 31" in text
    assert "| path | group |" in text


def test_no_job_summary_outside_actions(
    groups: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    out, err = io.StringIO(), io.StringIO()
    check([str(groups / "group-01")], None, "github", out, err)
    assert list(tmp_path.glob("*.md")) == []


# -- the real reports ----------------------------------------------------------------------------


@needs_shared
def test_every_real_report_gets_report_py_s_own_verdict() -> None:
    oracle = json.loads((SHARED / "oracle" / "real.json").read_text("utf-8"))
    rows = summary(
        SHARED / "corpus" / "real" / "INDEX.tsv", *sorted((SHARED / "corpus" / "real").glob("*.md"))
    )
    assert rows[0]["problem"].startswith("not an exam report")
    assert len(rows) == 35
    for row in rows[1:]:
        expected = oracle[Path(row["path"]).name][row["edition"]]
        assert row["passed"] == expected["passed"], row["path"]
        assert (row["error"] is None) == (expected["error"] is None), row["path"]
        failing = {a["q"] for a in expected["answers"] if a["failed"]}
        label_start = 0 if row["edition"] == "A0" else 1
        assert {f["question"] - 1 + label_start for f in row["failing"]} == failing, row["path"]
    groups = [r["group"] for r in rows[1:] if r["group"]]
    assert len(groups) >= 25


@pytest.mark.corpus
@needs_shared
def test_screenshots_in_backticks_or_as_links_count_as_not_shown() -> None:
    real = SHARED / "corpus" / "real"
    in_code, as_links = (
        real / "Aryan-Mi__dtu-vibe-ops-02476.md",
        real / "Embeddediot__02476-Machine-Learning-Operations-MRB.md",
    )
    rows = {Path(r["path"]).name: r for r in summary(in_code, as_links)}
    assert rows[in_code.name]["broken_images"] == 7  # seven screenshots inside backticks
    # two plain links to files the corpus does not have: two images, not four findings
    assert rows[as_links.name]["broken_images"] == 2
