"""Small helpers shared by the engine tests: build a report, find findings, read their ranges."""

from __future__ import annotations

from pathlib import Path

from mlops_report.engine.analysis import Analysis
from mlops_report.engine.findings import Finding

from ..fixtures.reports import answers_at_minimum, build_report

IMAGE = "![figure](figures/figure.png)"
"""The image every question that needs one shows in `report()`'s reports."""

Pos = tuple[int, int]


def report(
    edition: str = "B3",
    answers: dict[int, str] | None = None,
    *,
    preamble: str | None = None,
    crlf: bool = False,
) -> str:
    """Return a report that passes everything, with `answers` replacing some of its answers."""
    given = {**answers_at_minimum(edition, image=IMAGE), **(answers or {})}
    return build_report(edition, given, preamble=preamble, crlf=crlf)


def figures(base: Path, *names: str) -> Path:
    """Create `base/figures/<name>` image files (and `figure.png`); return the README path."""
    (base / "figures").mkdir(parents=True, exist_ok=True)
    for name in ("figure.png", *names):
        target = base / name if "/" in name else base / "figures" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"\x89PNG\r\n\x1a\n")
    return base / "README.md"


def of(analysis: Analysis, code: str) -> list[Finding]:
    """Return the findings with `code`."""
    return [f for f in analysis.findings if f.code == code]


def one(analysis: Analysis, code: str) -> Finding:
    """Return the single finding with `code` (failing when there are none or several)."""
    found = of(analysis, code)
    assert len(found) == 1, f"expected one {code}, got {[(f.code, f.message) for f in found]}"
    return found[0]


def codes(analysis: Analysis) -> set[str]:
    """Return the set of codes found."""
    return {f.code for f in analysis.findings}


def lsp(analysis: Analysis, finding: Finding) -> tuple[Pos, Pos]:
    """Return a finding's LSP range (UTF-16) as ((line, character), (line, character))."""
    r = analysis.source.range(finding.start, finding.end)
    return (r.start.line, r.start.character), (r.end.line, r.end.character)


def covered(analysis: Analysis, finding: Finding) -> str:
    """Return the text a finding's range covers."""
    return analysis.source.text[finding.start : finding.end]


def pos(text: str, needle: str, after: str = "", nth: int = 0) -> Pos:
    """Return the (line, character) of the `nth` occurrence of `needle` after `after` (ASCII)."""
    index = text.index(after) if after else 0
    for _ in range(nth + 1):
        index = text.index(needle, index)
        found, index = index, index + 1
    line = text.count("\n", 0, found)
    return line, found - (text.rfind("\n", 0, found) + 1)


def span(text: str, needle: str, after: str = "", nth: int = 0) -> tuple[Pos, Pos]:
    """Return the expected range of exactly `needle` (single line) found as in `pos`."""
    line, char = pos(text, needle, after, nth)
    assert "\n" not in needle
    return (line, char), (line, char + len(needle))
