"""The GitHub Action: its steps run here as the runner runs them, on a group's repository.

Each `run:` of action.yml is executed with bash as GitHub does (`bash --noprofile --norc -eo
pipefail`), with the step's `env:` evaluated (only `inputs.*`, `github.action_path` and
`steps.*.outputs.*` are used, and this test refuses any other expression), `GITHUB_OUTPUT`,
`GITHUB_STEP_SUMMARY` and `RUNNER_TEMP` set to temporary files, and the action's path a copy of
this working tree. The install step really installs the checker into its own virtualenv.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import ROOT
from .fixtures.reports import answers_at_minimum, build_report, filler_words
from .snapshot import copy_tree
from .test_precommit import readme_snippet

pytestmark = pytest.mark.slow  # installs the checker as the action does

ACTION = yaml.safe_load((ROOT / "action.yml").read_text("utf-8"))
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
BIN = Path(sys.executable).parent


class Runner:
    """Runs the action's steps in order, keeping their outputs."""

    def __init__(self, action_path: Path, temp: Path, workspace: Path) -> None:
        self.action_path, self.temp, self.workspace = action_path, temp, workspace
        self.outputs: dict[str, dict[str, str]] = {}
        self.summary = temp / "step-summary.md"

    def evaluate(self, value: str, inputs: dict[str, str]) -> str:
        def one(m: re.Match[str]) -> str:
            expr = m.group(1)
            if expr == "github.action_path":
                return str(self.action_path)
            if expr.startswith("inputs."):
                name = expr.removeprefix("inputs.")
                default = ACTION["inputs"][name].get("default", "")
                return inputs.get(name, default)
            step = re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", expr)
            if step:
                return self.outputs.get(step.group(1), {}).get(step.group(2), "")
            raise AssertionError(f"an expression this test does not know: {expr}")

        return EXPRESSION.sub(one, value)

    def run(self, step: dict[str, Any], inputs: dict[str, str]) -> subprocess.CompletedProcess[str]:
        assert step["shell"] == "bash"
        assert not EXPRESSION.search(step["run"]), "inputs go through env:, never into the script"
        output = self.temp / f"output-{step.get('id', 'step')}"
        output.write_text("", "utf-8")
        env = {
            **os.environ,
            "RUNNER_TEMP": str(self.temp),
            "GITHUB_OUTPUT": str(output),
            "GITHUB_STEP_SUMMARY": str(self.summary),
            "GITHUB_ACTION_PATH": str(self.action_path),
            "GITHUB_WORKSPACE": str(self.workspace),
            **{k: self.evaluate(str(v), inputs) for k, v in step.get("env", {}).items()},
        }
        env.pop("VIRTUAL_ENV", None)
        proc = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=self.workspace,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        if "id" in step:
            pairs = (line.split("=", 1) for line in output.read_text("utf-8").splitlines())
            self.outputs[step["id"]] = dict(pairs)
        return proc


def group_repo(base: Path, failing: bool = True) -> Path:
    answers = answers_at_minimum("B3")
    if failing:
        answers[12] = filler_words(150)
        answers[19] = "No screenshot yet."
    reports = base / "reports"
    (reports / "figures").mkdir(parents=True)
    (reports / "figures" / "figure.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (reports / "README.md").write_text(build_report("B3", answers), "utf-8")
    return base


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Runner:
    """The install step, run once: the checker in the runner's temp folder."""
    base = tmp_path_factory.mktemp("action")
    runner = Runner(copy_tree(base / "action"), base / "temp", group_repo(base / "workspace"))
    runner.temp.mkdir()
    [install, _] = ACTION["runs"]["steps"]
    proc = runner.run(install, {"python": sys.executable})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return runner


def check_step(runner: Runner, workspace: Path, **inputs: str) -> subprocess.CompletedProcess[str]:
    runner.workspace = workspace
    runner.summary.unlink(missing_ok=True)
    return runner.run(ACTION["runs"]["steps"][1], inputs)


def test_the_action_is_composite_with_documented_inputs() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert ACTION["inputs"]["path"]["default"] == "reports/README.md"
    for name, spec in ACTION["inputs"].items():
        assert spec["description"], name
        assert spec["required"] is False, name


def test_its_scripts_pass_shellcheck(tmp_path: Path) -> None:
    for i, step in enumerate(ACTION["runs"]["steps"]):
        script = tmp_path / f"step{i}.sh"
        script.write_text("#!/usr/bin/env bash\n" + step["run"], "utf-8")
        proc = subprocess.run(
            [str(BIN / "shellcheck"), str(script)], capture_output=True, text=True, check=False
        )
        assert proc.returncode == 0, proc.stdout


def test_install_gives_the_command_in_its_own_environment(installed: Runner) -> None:
    command = Path(installed.outputs["install"]["command"])
    assert command.is_file()
    assert command.is_relative_to(installed.temp)
    version = subprocess.run([str(command), "--version"], capture_output=True, text=True)
    assert version.stdout.startswith("mlops-report ")


def test_a_failing_report_fails_the_job_with_annotations_and_a_summary(
    installed: Runner, tmp_path: Path
) -> None:
    workspace = group_repo(tmp_path / "group")
    proc = check_step(installed, workspace)
    assert proc.returncode == 1, proc.stderr
    annotations = [line for line in proc.stdout.splitlines() if line.startswith("::")]
    assert any(
        a.startswith("::error file=reports/README.md,line=") and "title=words-over" in a
        for a in annotations
    )
    summary = installed.summary.read_text("utf-8")
    assert summary.startswith("### mlops-report: 0 of 1 reports pass report.py check")
    assert "- `reports/README.md`: 29/31 questions pass (B3); failing: Q12, Q19" in summary
    assert "| Q12 words 150 (50-100 words); Q19 screenshots 0 (1-2 images) |" in summary


def test_a_passing_report_passes(installed: Runner, tmp_path: Path) -> None:
    workspace = group_repo(tmp_path / "group", failing=False)
    proc = check_step(installed, workspace)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 of 1 reports pass" in installed.summary.read_text("utf-8")


def test_exit_zero_and_sarif(installed: Runner, tmp_path: Path) -> None:
    workspace = group_repo(tmp_path / "group")
    proc = check_step(installed, workspace, **{"exit-zero": "true", "sarif": "out.sarif"})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "::error file=reports/README.md" in proc.stdout
    log = json.loads((workspace / "out.sarif").read_text("utf-8"))
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"]
    }
    assert uris == {"reports/README.md"}


def test_a_folder_and_an_edition(installed: Runner, tmp_path: Path) -> None:
    workspace = group_repo(tmp_path / "group", failing=False)
    proc = check_step(installed, workspace, path=".", edition="B2")
    assert proc.returncode == 1  # B2 wants 100-200 words where B3's Question 3 allows none
    assert "30/31 questions pass (B2); failing: Q3" in installed.summary.read_text("utf-8")
    proc = check_step(installed, workspace, path="nowhere/README.md")
    assert proc.returncode == 2
    # An annotation on the file, not a line in the log only.
    assert "::error file=nowhere/README.md,title=mlops-report::" in proc.stdout
    assert "nowhere/README.md: no such file" in proc.stdout


def test_exit_zero_does_not_pass_a_file_that_is_no_report(
    installed: Runner, tmp_path: Path
) -> None:
    workspace = group_repo(tmp_path / "group")
    (workspace / "reports" / "README.md").write_text("# Our project\n\nIt trains.\n", "utf-8")
    proc = check_step(installed, workspace, **{"exit-zero": "true"})
    assert proc.returncode == 2  # nothing was judged: no green tick
    assert "::error file=reports/README.md,title=mlops-report::" in proc.stdout
    assert "not an exam report" in proc.stdout


def test_more_findings_than_github_shows_end_with_a_notice(
    installed: Runner, tmp_path: Path
) -> None:
    workspace = group_repo(tmp_path / "group")
    report = workspace / "reports" / "README.md"
    report.write_text(build_report("B3", {}).replace("### Question 31", "## Question 31"), "utf-8")
    proc = check_step(installed, workspace)
    assert proc.returncode == 1
    annotations = [line for line in proc.stdout.splitlines() if line.startswith("::")]
    for kind in ("::error ", "::warning ", "::notice "):
        assert sum(a.startswith(kind) for a in annotations) <= 10
    assert "title=answer-count::" in annotations[0]
    assert annotations[-1].startswith("::notice title=mlops-report%3A ")
    assert "Read them all in this step's log and the job summary." in annotations[-1]
    assert "findings not annotated" in installed.summary.read_text("utf-8")


def test_the_readme_workflow_lints(tmp_path: Path) -> None:
    workflow = yaml.safe_load(readme_snippet("workflow"))
    [step] = [s for s in workflow["jobs"]["report"]["steps"] if "mlops-report" in s["uses"]]
    version = json.loads((ROOT / "package.json").read_text("utf-8"))["version"]
    assert step["uses"] == f"mlops-report/mlops-report@v{version}"
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    (folder / "report.yml").write_text(readme_snippet("workflow"), "utf-8")
    proc = subprocess.run(
        [str(BIN / "actionlint"), str(folder / "report.yml")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
