"""Every finding code has a focused test in this folder, and a registry entry that is sound."""

from __future__ import annotations

import re
from pathlib import Path

from mlops_report.engine.findings import CODES, Finding, Severity

HERE = Path(__file__).parent


# Codes only the language server produces, and the test file that asserts each.
SERVER_ONLY = {"too-large": HERE.parent / "lsp" / "test_robustness.py"}


def test_every_code_has_a_focused_test() -> None:
    sources = "".join(p.read_text("utf-8") for p in HERE.glob("test_*.py"))
    asserted = set(re.findall(r'one\(analysis, "([a-z-]+)"\)', sources))
    for code, test_file in SERVER_ONLY.items():
        if f'== ["{code}"]' in test_file.read_text("utf-8"):
            asserted.add(code)
    assert set(CODES) - asserted == set()


def test_findings_default_their_severity_from_the_registry() -> None:
    for code, info in CODES.items():
        assert Finding(code, "m", 0, 0).level is info.severity
    assert Finding("words-over", "m", 0, 0, severity=Severity.HINT).level is Severity.HINT
