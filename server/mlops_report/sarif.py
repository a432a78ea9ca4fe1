"""SARIF 2.1.0 output (`mlops-report check --format sarif`), for GitHub code scanning and others.

One run with every finding code as a rule; each finding is a result at its range. Columns are
UTF-16 code units, 1-based, as SARIF's `utf16CodeUnits` column kind counts them (the engine's
LSP ranges, shifted by one). A file that could not be checked is a tool execution notification
of level `error` at that file; one that could not be read makes the run's execution unsuccessful.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from . import __version__
from .engine.findings import Severity
from .engine.registry import CODES

if TYPE_CHECKING:
    from .cli import Unchecked
    from .engine.analysis import Analysis

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
VERSION = "2.1.0"
LEVELS = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFORMATION: "note",
    Severity.HINT: "note",
}


def project_url() -> str | None:
    """Return the project's home page, from the installed package's metadata (None if absent)."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        urls = metadata("mlops-report").get_all("Project-URL") or []
    except PackageNotFoundError:
        return None
    for entry in urls:
        label, _, url = str(entry).partition(",")
        if label.strip().lower() == "homepage":
            return url.strip()
    return None


def artifact_uri(name: str) -> str:
    """Return the SARIF URI of a report: relative (to the repository root) when given so."""
    path = PurePath(name)
    if path.is_absolute():
        return Path(path).as_uri()
    return quote(path.as_posix())


def rules(home: str | None) -> list[dict[str, Any]]:
    """Return every finding code as a SARIF rule, in the registry's order."""
    out = []
    for code, info in CODES.items():
        rule: dict[str, Any] = {
            "id": code,
            "name": "".join(part.capitalize() for part in code.split("-")),
            "shortDescription": {"text": info.title},
            "defaultConfiguration": {"level": LEVELS[info.severity]},
        }
        if home:
            rule["helpUri"] = f"{home}#{code}"
        out.append(rule)
    return out


def _result(name: str, analysis: Analysis, index: dict[str, int], finding: Any) -> dict[str, Any]:
    r = analysis.source.range(finding.start, finding.end)
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": index[finding.code],
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(name)},
                    "region": {
                        "startLine": r.start.line + 1,
                        "startColumn": r.start.character + 1,
                        "endLine": r.end.line + 1,
                        "endColumn": r.end.character + 1,
                    },
                }
            }
        ],
    }
    if finding.question is not None:
        result["properties"] = {"question": finding.question}
    return result


def _not_checked(miss: Unchecked) -> dict[str, Any]:
    location = {"physicalLocation": {"artifactLocation": {"uri": artifact_uri(miss.name)}}}
    return {
        "level": "error",
        "message": {"text": f"{miss.name}: {miss.problem}"},
        "locations": [location],
    }


def sarif_log(
    checked: list[tuple[str, Analysis]], unchecked: Sequence[Unchecked] = ()
) -> dict[str, Any]:
    """Return the SARIF log of checked reports (display name, analysis) and unchecked paths."""
    home = project_url()
    rule_list = rules(home)
    index = {rule["id"]: i for i, rule in enumerate(rule_list)}
    driver: dict[str, Any] = {
        "name": "mlops-report",
        "version": __version__,
        "semanticVersion": __version__,
        "rules": rule_list,
    }
    if home:
        driver["informationUri"] = home
    results = [
        _result(name, analysis, index, f) for name, analysis in checked for f in analysis.findings
    ]
    notes = [_not_checked(miss) for miss in unchecked]
    notes += [
        {"level": "note", "message": {"text": f"{name}: {analysis.summary()}"}}
        for name, analysis in checked
    ] + [
        {"level": "warning", "message": {"text": f"{name}: {note}"}}
        for name, analysis in checked
        for note in analysis.notes
    ]
    return {
        "$schema": SCHEMA,
        "version": VERSION,
        "runs": [
            {
                "tool": {"driver": driver},
                "columnKind": "utf16CodeUnits",
                "results": results,
                "invocations": [
                    {
                        "executionSuccessful": not unchecked,
                        "toolExecutionNotifications": notes,
                    }
                ],
                "artifacts": [
                    {"location": {"uri": artifact_uri(name)}, "mimeType": "text/markdown"}
                    for name, _ in checked
                ],
            }
        ],
    }
