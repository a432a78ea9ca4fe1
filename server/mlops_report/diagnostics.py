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


@lru_cache(maxsize=1)
def readme_uri() -> str | None:
    """Return the file URI of the README that documents the codes, wherever we are installed."""
    here = Path(__file__).resolve()
    for parent in list(here.parents)[:4]:
        # vsce stores the README as `readme.md` in the .vsix: Linux keeps that case
        for name in ("README.md", "readme.md"):
            candidate = parent / name
            try:
                if candidate.is_file() and "#### words-over" in candidate.read_text("utf-8"):
                    return candidate.as_uri()
            except OSError:
                continue
    return None


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
    readme = readme_uri()
    if readme:
        out["codeDescription"] = {"href": f"{readme}#{finding.code}"}
    return out
