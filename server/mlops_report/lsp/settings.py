"""The server's settings, read from `workspace/configuration` section `mlopsReport`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..engine.editions import EDITION_NAMES
from ..engine.findings import Severity
from ..engine.registry import CODES

SECTION = "mlopsReport"
LEVELS = {
    "error": Severity.ERROR,
    "warning": Severity.WARNING,
    "information": Severity.INFORMATION,
    "info": Severity.INFORMATION,
    "hint": Severity.HINT,
}


@dataclass(frozen=True, slots=True)
class Settings:
    """What a user can set: edition, severity per code (None = off), debounce and run mode.

    `questions` holds a project's levels for single questions (`[tool.mlops-report.questions]`
    in its pyproject.toml, see `config.py`); the editor has no such setting.
    """

    edition: str = "auto"
    severity: dict[str, Severity | None] = field(default_factory=dict)
    debounce_ms: int = 150
    run: str = "onType"
    questions: dict[int, dict[str, Severity | None]] = field(default_factory=dict)

    def level(self, code: str, default: Severity, question: int | None = None) -> Severity | None:
        """Return the severity to publish `code` with, or None when it is turned off."""
        if question is not None and self.questions:
            levels = self.questions.get(question)
            if levels is not None and code in levels:
                return levels[code]
        return self.severity.get(code, default)


def parse_settings(raw: Any) -> tuple[Settings, list[str]]:
    """Build settings from the client's JSON, ignoring bad values; returns them and complaints."""
    problems: list[str] = []
    if not isinstance(raw, dict):
        return Settings(), [] if raw is None else [f"settings are not an object: {raw!r}"]
    edition = raw.get("edition", "auto")
    if edition not in ("auto", *EDITION_NAMES):
        problems.append(f"unknown edition {edition!r}; using auto")
        edition = "auto"
    severity: dict[str, Severity | None] = {}
    sev_raw = raw.get("severity") or {}
    if isinstance(sev_raw, dict):
        for code, value in sev_raw.items():
            if code not in CODES:
                problems.append(f"unknown diagnostic code {code!r} in severity")
            elif value == "off":
                severity[code] = None
            elif isinstance(value, str) and value.lower() in LEVELS:
                severity[code] = LEVELS[value.lower()]
            else:
                problems.append(f"severity for {code!r} must be error|warning|information|hint|off")
    else:
        problems.append("severity must be an object of code -> level")
    debounce = raw.get("debounce", 150)
    if not isinstance(debounce, (int, float)) or isinstance(debounce, bool) or debounce < 0:
        problems.append(f"debounce must be a number >= 0, not {debounce!r}")
        debounce = 150
    run = raw.get("run", "onType")
    if run not in ("onType", "onSave"):
        problems.append(f"run must be onType or onSave, not {run!r}")
        run = "onType"
    return Settings(edition, severity, int(debounce), run), problems
