"""The pre-commit hook, as a group uses it: a scratch repository, this repository as `repo:`.

This repository is a snapshot of the working tree tagged with its version (what `rev:` names).
pre-commit builds the hook's environment from it (language: python: a virtualenv with the
package installed from the snapshot) once for the module. The configurations are the README's
own snippets, with only the repository's URL pointed at the snapshot.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT
from .fixtures.reports import answers_at_minimum, build_report, filler_words
from .snapshot import GIT_ENV, git, snapshot
from .test_packaging import PYPROJECT, REPOSITORY

pytestmark = pytest.mark.slow  # builds the hook's environment from a snapshot

VERSION = PYPROJECT["project"]["version"]
PRE_COMMIT = str(Path(sys.executable).parent / "pre-commit")
README = (ROOT / "README.md").read_text("utf-8")


def readme_snippet(name: str) -> str:
    """Return the code block that follows `<!-- snippet: name -->` in the README."""
    m = re.search(rf"<!-- snippet: {re.escape(name)} -->\n```[a-z]*\n(.*?)```", README, re.S)
    assert m is not None, f"README has no snippet {name!r}"
    return m.group(1)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return snapshot(tmp_path_factory.mktemp("hook") / "mlops-report", f"v{VERSION}")


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pre-commit's cache, shared by the module: the hook's environment is built once."""
    return tmp_path_factory.mktemp("pre-commit-home")


def env(home: Path) -> dict[str, str]:
    return {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}


def write_report(repo: Path, failing: bool) -> Path:
    """A report inside every limit, or with Question 12 over its 100 words."""
    answers = answers_at_minimum("B3")
    if failing:
        answers[12] = filler_words(150)
    report = repo / "reports" / "README.md"
    (report.parent / "figures").mkdir(parents=True, exist_ok=True)
    (report.parent / "figures" / "figure.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    report.write_text(build_report("B3", answers), "utf-8")
    return report


def scratch(tmp_path: Path, hook_repo: Path, config: str | None) -> Path:
    """A group's repository with `config` as its .pre-commit-config.yaml (URL -> snapshot)."""
    repo = tmp_path / "group"
    repo.mkdir()
    git("init", "-q", cwd=repo)
    if config is not None:
        assert REPOSITORY in config
        (repo / ".pre-commit-config.yaml").write_text(
            config.replace(REPOSITORY, str(hook_repo)), "utf-8"
        )
        git("add", ".pre-commit-config.yaml", cwd=repo)
    return repo


def run(args: list[str], repo: Path, home: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        cwd=repo,
        env={**env(home), **extra},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def commits(repo: Path) -> int:
    out = subprocess.run(
        ["git", "rev-list", "--count", "--all"], cwd=repo, capture_output=True, text=True
    ).stdout.strip()
    return int(out or 0)


def test_the_hook_manifest_is_valid() -> None:
    proc = subprocess.run(
        [PRE_COMMIT, "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert hook["language"] == "python"  # pre-commit installs it: nothing on PATH needed
    assert re.search(hook["files"], "reports/README.md")
    assert not re.search(hook["files"], "README.md")
    assert not re.search(hook["files"], "docs/README.md")


def test_the_hook_fails_a_report_committed_under_the_wrong_name(
    tmp_path: Path, hook_repo: Path, home: Path
) -> None:
    repo = scratch(tmp_path, hook_repo, readme_snippet("pre-commit"))
    assert run([PRE_COMMIT, "install"], repo, home).returncode == 0
    report = write_report(repo, failing=False)
    report.rename(report.with_name("readme.md"))
    git("add", "-A", cwd=repo)
    proc = run(["git", "commit", "-m", "report"], repo, home)
    assert proc.returncode != 0, proc.stdout + proc.stderr
    assert "reports/readme.md: report.py and the hand-in need reports/README.md" in proc.stderr
    assert commits(repo) == 0


def test_the_readme_snippets_are_complete_configs() -> None:
    for name in ("pre-commit", "pre-commit-exit-zero"):
        config = yaml.safe_load(readme_snippet(name))
        [repo] = config["repos"]
        assert repo["repo"] == REPOSITORY
        assert repo["rev"] == f"v{VERSION}"
        assert [h["id"] for h in repo["hooks"]] == ["mlops-report"]


def test_try_repo_fails_a_failing_report_and_passes_a_passing_one(
    tmp_path: Path, hook_repo: Path, home: Path
) -> None:
    repo = scratch(tmp_path, hook_repo, None)
    write_report(repo, failing=True)
    git("add", "-A", cwd=repo)
    try_repo = [PRE_COMMIT, "try-repo", str(hook_repo), "mlops-report", "--ref", f"v{VERSION}"]
    proc = run(try_repo, repo, home)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "reports/README.md:" in proc.stdout
    assert " error words-over: Q12: 150 words" in proc.stdout

    write_report(repo, failing=False)
    git("add", "-A", cwd=repo)
    proc = run(try_repo, repo, home)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.search(r"mlops-report\.+Passed", proc.stdout)


def test_the_readme_config_blocks_a_failing_commit_and_lets_a_passing_one(
    tmp_path: Path, hook_repo: Path, home: Path
) -> None:
    repo = scratch(tmp_path, hook_repo, readme_snippet("pre-commit"))
    assert run([PRE_COMMIT, "install"], repo, home).returncode == 0

    write_report(repo, failing=True)
    git("add", "-A", cwd=repo)
    proc = run(["git", "commit", "-m", "failing report"], repo, home)
    assert proc.returncode != 0
    assert " error words-over: Q12" in proc.stdout + proc.stderr
    assert commits(repo) == 0

    # skipped once, on purpose
    proc = run(["git", "commit", "-m", "skip once"], repo, home, SKIP="mlops-report")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert commits(repo) == 1

    write_report(repo, failing=False)
    git("add", "-A", cwd=repo)
    proc = run(["git", "commit", "-m", "passing report"], repo, home)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert commits(repo) == 2


def test_the_exit_zero_config_shows_the_findings_and_commits(
    tmp_path: Path, hook_repo: Path, home: Path
) -> None:
    repo = scratch(tmp_path, hook_repo, readme_snippet("pre-commit-exit-zero"))
    assert run([PRE_COMMIT, "install"], repo, home).returncode == 0
    write_report(repo, failing=True)
    git("add", "-A", cwd=repo)
    proc = run(["git", "commit", "-m", "work in progress"], repo, home)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert " error words-over: Q12: 150 words" in proc.stdout + proc.stderr
    assert commits(repo) == 1
