"""A finding as an LSP `Diagnostic` in plain JSON: the one shape every adapter publishes.

Kept free of lsprotocol so that the command line starts quickly; the language server publishes
these dictionaries as they are (building lsprotocol objects costs more than an analysis).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from .engine.findings import Finding, Severity
from .engine.text import PositionEncoding, SourceText

SOURCE = "mlops-report"


CODES_DOC = Path(__file__).resolve().parent / "codes.md"
"""Every code's explanation, package data (so in a `pip install` and the .vsix); written from the
registry by `make codes`, like the README's sections."""


@lru_cache(maxsize=1)
def _code_lines() -> dict[str, int]:
    """Map each code to the 1-based line of its `## code` heading in `CODES_DOC`."""
    try:
        lines = CODES_DOC.read_text("utf-8").splitlines()
    except OSError:
        return {}
    found: dict[str, int] = {}
    for n, line in enumerate(lines, 1):
        if line.startswith("## "):
            found.setdefault(line[3:], n)
    return found


def code_href(code: str) -> str | None:
    """Return the link to a code's explanation (None when the file has no section for it).

    `#L<line>` is the fragment VS Code opens a file at; other editors show the link as it is.
    """
    line = _code_lines().get(code)
    return None if line is None else f"{CODES_DOC.as_uri()}#L{line}"


def diagnostic_json(
    source: SourceText, finding: Finding, level: Severity, enc: PositionEncoding
) -> dict[str, Any]:
    """Return the LSP `Diagnostic` of `finding`, published at `level`, as JSON."""
    start = source.position(finding.start, enc)
    end = start if finding.end == finding.start else source.position(finding.end, enc)
    out: dict[str, Any] = {
        "range": {
            "start": {"line": start.line, "character": start.character},
            "end": {"line": end.line, "character": end.character},
        },
        "severity": int(level),
        "code": finding.code,
        "source": SOURCE,
        "message": finding.message,
        "data": {"code": finding.code, "question": finding.question, **finding.data},
    }
    href = code_href(finding.code)
    if href:
        out["codeDescription"] = {"href": href}
    return out
