"""The README is for users first and documents every finding code; the other docs exist."""

from __future__ import annotations

import re

from mlops_report.engine.registry import CODES

from .conftest import ROOT

README = (ROOT / "README.md").read_text("utf-8")


def test_the_readme_opens_with_what_it_is_and_the_two_commands() -> None:
    head = README.split("\n## ", 1)[0]
    assert "docs/images/vscode-hover.png" in head
    assert (ROOT / "docs" / "images" / "vscode-hover.png").is_file()
    assert "make demo" in head
    assert "make test" in head
    # what `make test` installs on the machine, and where
    for what in ("chromium", "neovim", "code-server", "~/.cache/mlops-report"):
        assert what in head


def test_every_finding_code_has_its_readme_section() -> None:
    sections = re.findall(r"^#### ([a-z-]+)$", README, re.M)
    assert sorted(sections) == sorted(CODES)


def test_installation_comes_before_the_reference() -> None:
    order = [README.index(h) for h in ("## Install", "## The command line", "## Finding codes")]
    assert order == sorted(order)


def test_contributor_material_lives_beside_the_readme() -> None:
    contributing = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    assert "## Layout" in contributing
    assert "## Releasing" in contributing
    performance = (ROOT / "docs" / "performance.md").read_text("utf-8")
    assert "make bench" in performance
    assert "## Robustness" in performance
    # the code sections are derived from the registry (and hold Markdown examples)
    prose = re.sub(r"<!-- codes:start -->.*<!-- codes:end -->", "", README, flags=re.S)
    prose = re.sub(r"```.*?```|`[^`\n]*`", "", prose, flags=re.S)
    for link in re.findall(r"\[[^\]\n]*\]\(((?!https?:)[^)#\s]+)\)", prose):
        assert (ROOT / link).exists(), link
