"""Every file that lists the finding codes agrees with the registry, in both directions."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path
from types import ModuleType

import pytest

from mlops_report.engine.registry import CODES

ROOT = Path(__file__).resolve().parents[1]


def _sync() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sync_codes", ROOT / "scripts" / "sync_codes.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_repository_is_in_step_with_the_registry() -> None:
    assert _sync().main(check=True) == 0, "run `make codes`"


def test_the_manifest_documents_exactly_the_registry_codes() -> None:
    manifest = json.loads((ROOT / "package.json").read_text("utf-8"))
    setting = manifest["contributes"]["configuration"]["properties"]["mlopsReport.severity"]
    assert list(setting["properties"]) == list(CODES)
    for name, schema in setting["properties"].items():
        assert schema["description"] == CODES[name].title + "."


def test_the_readme_explains_exactly_the_registry_codes() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    sections = [line[5:] for line in readme.splitlines() if line.startswith("#### ")]
    assert [s for s in sections if s in CODES] == list(CODES)
    for code in CODES.values():
        assert f"#### {code.name}\n{code.explanation}\n" in readme


@pytest.mark.parametrize(
    ("name", "spoil"),
    [
        ("package.json", lambda t: t.replace('"words-over"', '"words-more"', 1)),
        ("README.md", lambda t: t.replace("#### image-remote\n", "#### image-remote\nStale. ", 1)),
        ("docs/CONTRACT.md", lambda t: t.replace("study-numbers, ", "", 1)),
    ],
)
def test_a_file_out_of_step_is_named_and_mended(tmp_path: Path, name: str, spoil: object) -> None:
    sync = _sync()
    for target in sync.TARGETS:
        (tmp_path / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / target, tmp_path / target)
    path = tmp_path / name
    spoilt = spoil(path.read_text("utf-8"))  # type: ignore[operator]
    assert spoilt != path.read_text("utf-8")
    path.write_text(spoilt, "utf-8")
    assert sync.main(check=True, root=tmp_path) == 1
    assert sync.main(check=False, root=tmp_path) == 0
    assert path.read_text("utf-8") == (ROOT / name).read_text("utf-8")
