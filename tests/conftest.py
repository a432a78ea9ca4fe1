"""Shared test setup: where the course material in ../shared is, if it is there."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
HAS_SHARED = (SHARED / "oracle" / "real.json").is_file()

# (oracle file, folder of the reports it describes)
ORACLE_SETS = (
    ("seeds", SHARED / "corpus" / "seeds"),
    ("real", SHARED / "corpus" / "real"),
    ("templates", SHARED / "templates"),
)


def oracle_cases() -> list[tuple[str, Path, str, dict[str, Any]]]:
    """Return (set, report path, edition, expected report_py object) for every oracle record."""
    if not HAS_SHARED:
        return []
    cases = []
    for name, folder in ORACLE_SETS:
        records = json.loads((SHARED / "oracle" / f"{name}.json").read_text("utf-8"))
        for file_name, by_edition in sorted(records.items()):
            for edition, expected in sorted(by_edition.items()):
                cases.append((name, folder / file_name, edition, expected))
    return cases


def corpus_reports() -> list[Path]:
    """Return every real filled-in report in ../shared/corpus."""
    if not HAS_SHARED:
        return []
    corpus = SHARED / "corpus"
    return sorted([*corpus.glob("seeds/*.txt"), *corpus.glob("real/*.md")])


def pytest_report_header(config: pytest.Config) -> str:
    """Say up front whether the corpus tests can run."""
    if HAS_SHARED:
        return f"corpus: {SHARED} ({len(oracle_cases())} oracle records)"
    return f"corpus: NOT FOUND at {SHARED}: the corpus and parity tests did not run"


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Repeat, at the end, that the corpus tests did not run when ../shared is missing."""
    if not HAS_SHARED:
        terminalreporter.write_line(
            f"NOTE: ../shared not found at {SHARED}; corpus and report.py parity tests did "
            "not run.",
            yellow=True,
        )


needs_shared = pytest.mark.skipif(
    not HAS_SHARED, reason=f"../shared not found at {SHARED}: corpus tests did not run"
)


@pytest.fixture(autouse=True)
def _no_job_summary(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep `--format github` in tests from writing to a real GitHub job summary (CI sets it)."""
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
