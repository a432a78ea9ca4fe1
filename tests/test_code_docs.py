"""Every finding code is explained in the file that ships with the checker, and links reach it.

The explanations live in `mlops_report/codes.md`, package data: a `pip install` and the `.vsix`
(which bundles the same wheel) carry them, so the link an editor shows with each diagnostic opens
a file that exists where the student installed the checker. The `.vsix` side is checked by the
end-to-end test in VS Code.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import zipfile
from pathlib import Path

from mlops_report.diagnostics import CODES_DOC, code_href
from mlops_report.engine.registry import CODES

from .conftest import ROOT
from .fixtures.code_docs import line_linked


def sections() -> dict[str, str]:
    """Each `## code` section of the shipped file and its text."""
    out: dict[str, str] = {}
    current = None
    for line in CODES_DOC.read_text("utf-8").splitlines():
        if line.startswith("## "):
            current = line[3:]
            assert current not in out, f"{current} is explained twice"
            out[current] = ""
        elif current is not None:
            out[current] += line + "\n"
    return out


def test_every_code_is_explained_once_and_every_explanation_is_a_code() -> None:
    explained = sections()
    assert sorted(explained) == sorted(CODES)
    for code, text in explained.items():
        assert text.strip(), f"{code} has an empty explanation"


def test_each_link_opens_its_code() -> None:
    for code in CODES:
        href = code_href(code)
        assert href is not None
        assert line_linked(href) == f"## {code}"
    assert code_href("no-such-code") is None


def _bundle_python() -> object:
    spec = importlib.util.spec_from_file_location(
        "bundle_python", ROOT / "scripts" / "bundle_python.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


PROBE = """
import json, mlops_report
from mlops_report.engine.registry import CODES
from mlops_report.diagnostics import code_href
print(json.dumps({"package": mlops_report.__file__, "links": {c: code_href(c) for c in CODES}}))
"""


def test_a_pip_install_links_to_explanations_it_carries(tmp_path: Path) -> None:
    wheel = _bundle_python().build_wheel(tmp_path)  # type: ignore[attr-defined]
    with zipfile.ZipFile(wheel) as archive:
        assert "mlops_report/codes.md" in archive.namelist()
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-compile",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    # The installed copy first on the path; its dependencies come from this environment.
    probe = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(target), "PATH": ""},
        cwd=tmp_path,
    )
    found = json.loads(probe.stdout)
    assert Path(found["package"]).is_relative_to(target)
    for code, href in found["links"].items():
        assert href is not None, code
        assert Path(href[len("file://") :].split("#")[0]).is_relative_to(target)
        assert line_linked(href) == f"## {code}"
