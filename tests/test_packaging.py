"""What we ship: the wheel, the sdist and the .vsix carry the licence, the metadata and no litter.

The wheel and sdist are built from a copy of the working tree (so the checkout gets no build/ or
egg-info), without build isolation: the dev environment has the build backend.
"""

from __future__ import annotations

import email.parser
import json
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT
from .snapshot import copy_tree

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

REPOSITORY = "https://github.com/mlops-report/mlops-report"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
PACKAGE = json.loads((ROOT / "package.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Build the sdist and the wheel; return them by kind."""
    base = tmp_path_factory.mktemp("dist")
    src = copy_tree(base / "src")
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(base / "out"), str(src)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    [sdist] = (base / "out").glob("*.tar.gz")
    [wheel] = (base / "out").glob("*.whl")
    return {"sdist": sdist, "wheel": wheel}


def test_license_is_mit_everywhere() -> None:
    text = (ROOT / "LICENSE").read_text("utf-8")
    assert text.startswith("MIT License\n")
    assert "Permission is hereby granted, free of charge" in text
    assert PYPROJECT["project"]["license"] == "MIT"
    assert PACKAGE["license"] == "MIT"


def test_the_repository_is_named_once_and_the_same_everywhere() -> None:
    urls = PYPROJECT["project"]["urls"]
    assert urls["Source"] == urls["Homepage"] == REPOSITORY
    assert urls["Issues"] == f"{REPOSITORY}/issues"
    assert PACKAGE["repository"]["url"] == f"{REPOSITORY}.git"
    assert PACKAGE["bugs"]["url"] == f"{REPOSITORY}/issues"
    assert PACKAGE["homepage"].startswith(REPOSITORY)


def test_python_and_extension_versions_agree_and_are_in_the_changelog() -> None:
    version = PYPROJECT["project"]["version"]
    assert PACKAGE["version"] == version
    from mlops_report import __version__

    assert __version__ == version
    assert f"## [{version}]" in (ROOT / "CHANGELOG.md").read_text("utf-8")


def test_classifiers_name_every_supported_python() -> None:
    classifiers = PYPROJECT["project"]["classifiers"]
    low = PYPROJECT["project"]["requires-python"].removeprefix(">=")
    assert f"Programming Language :: Python :: {low}" in classifiers
    assert "Typing :: Typed" in classifiers
    # PEP 639: the licence expression replaces licence classifiers
    assert not [c for c in classifiers if c.startswith("License ::")]


@pytest.mark.slow
def test_wheel_carries_the_license_and_metadata(dists: dict[str, Path]) -> None:
    with zipfile.ZipFile(dists["wheel"]) as whl:
        names = whl.namelist()
        [license_file] = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
        assert whl.read(license_file) == (ROOT / "LICENSE").read_bytes()
        [meta_name] = [n for n in names if n.endswith(".dist-info/METADATA")]
        meta = email.parser.Parser().parsestr(whl.read(meta_name).decode("utf-8"))
        entry_points = whl.read(meta_name.replace("METADATA", "entry_points.txt")).decode()
    assert meta["License-Expression"] == "MIT"
    assert "Programming Language :: Python :: 3.10" in meta.get_all("Classifier")
    project_urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL"))
    assert project_urls["Source"] == REPOSITORY
    assert "Changelog" in project_urls
    assert "mlops-report = mlops_report.cli:entry" in entry_points
    assert not [n for n in names if n.startswith("tests/")]
    assert "mlops_report/py.typed" in names


@pytest.mark.slow
def test_sdist_carries_no_tests_and_its_docs(dists: dict[str, Path]) -> None:
    with tarfile.open(dists["sdist"]) as tar:
        names = [n.split("/", 1)[1] for n in tar.getnames() if "/" in n]
    assert {"LICENSE", "README.md", "CHANGELOG.md", "pyproject.toml", "PKG-INFO"} <= set(names)
    # Tests need ../shared, Node and editors: the sdist carries none rather than some that fail.
    assert not [n for n in names if n.startswith("tests")]
    assert "server/mlops_report/cli.py" in names


def test_vsix_lists_the_license_and_changelog() -> None:
    vsce = ROOT / "node_modules" / ".bin" / "vsce"
    if not vsce.exists():
        pytest.skip("node_modules is not installed (make node): cannot list the .vsix")
    proc = subprocess.run(
        [str(vsce), "ls", "--no-dependencies"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    listed = set(proc.stdout.split())
    assert {"LICENSE", "CHANGELOG.md", "README.md", "package.json"} <= listed
    assert "--skip-license" not in PACKAGE["scripts"]["package"]


def test_make_clean_removes_what_builds_and_tests_leave(tmp_path: Path) -> None:
    tree = copy_tree(tmp_path / "clone")
    kept = sorted(p.relative_to(tree) for p in tree.rglob("*") if p.is_file())
    litter = [
        "build/lib/mlops_report/cli.py",
        "dist/mlops_report-0.1.0.tar.gz",
        "bundled/libs/x.py",
        "out/extension.js",
        "mlops-report-0.1.0.vsix",
        ".venv/bin/python",
        "node_modules/x/index.js",
        ".mypy_cache/x",
        ".ruff_cache/x",
        ".pytest_cache/x",
        ".hypothesis/x",
        ".cache/demo-package.log",
        "tests/e2e/artifacts/shot.png",
        "server/mlops_report/__pycache__/cli.cpython-311.pyc",
        "server/mlops_report.egg-info/PKG-INFO",
    ]
    for name in litter:
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        (tree / name).write_text("x", "utf-8")
    proc = subprocess.run(["make", "clean"], cwd=tree, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    left = sorted(p.relative_to(tree) for p in tree.rglob("*") if p.is_file())
    assert left == kept
    assert not [p for p in tree.rglob("*") if p.is_dir() and p.name in ("build", "__pycache__")]


@pytest.mark.slow
def test_make_demo_prints_the_findings_last_after_a_separator() -> None:
    proc = subprocess.run(
        ["make", "--no-print-directory", "demo"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    before, separator, after = proc.stdout.rpartition("=" * 80 + "\n")
    assert separator
    sample = "examples/reports/README.md"
    check = subprocess.run(
        [sys.executable, "-m", "mlops_report", "check", sample],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert after == check.stdout  # the findings, and nothing after them
    assert before.rstrip().endswith("=" * 80 + f"\nmlops-report check {sample}")
    # the build is quiet: a few lines of our own, no npm, vsce, esbuild or pip output
    noise = [ln for ln in before.splitlines() if ln and not ln.startswith(("==", "   ", "mlops"))]
    assert noise == []
    assert "Built mlops-report-" in before
    assert proc.stderr == ""
