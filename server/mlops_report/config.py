"""A project's own choices: `[tool.mlops-report]` in the `pyproject.toml` above the report.

    [tool.mlops-report]
    edition = "B3"                                       # or "auto" (the default)
    severity = { study-numbers = "off", image-remote = "hint" }

    [tool.mlops-report.questions]
    14 = { image-html = "off" }                          # this question only

The command line and the language server read the same table, found by walking up from the
report's folder to the repository's root (the first folder with `.git`); the nearest
`pyproject.toml` that has the table wins. For each finding code the level comes from, in order:
a command-line flag or the editor's setting, then this table (the question's entry, then
`severity`), then the code's default. The edition likewise: a flag or setting other than `auto`,
then this table, then a `report.py` beside the report, then the report's own prompts.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .engine.editions import EDITION_NAMES
from .engine.findings import Severity
from .engine.registry import CODES
from .lsp.settings import LEVELS, Settings

FILE = "pyproject.toml"
TABLE = "mlops-report"
KEYS = ("edition", "severity", "questions")
LEVEL_NAMES = (*(name for name in LEVELS if name != "info"), "off")

Levels = dict[str, Severity | None]
"""Finding code -> level, None when the code is turned off."""


@dataclass(frozen=True, slots=True)
class ProjectConfig:
    """What one `[tool.mlops-report]` table says, and what was wrong with it."""

    path: Path | None = None
    edition: str | None = None
    severity: Levels = field(default_factory=dict)
    questions: dict[int, Levels] = field(default_factory=dict)
    problems: tuple[str, ...] = ()


NONE = ProjectConfig()
"""No table found: nothing overrides the defaults."""


def _levels(raw: Any, where: str, problems: list[str]) -> Levels:
    out: Levels = {}
    if not isinstance(raw, dict):
        problems.append(f"{where} must be a table of finding code = level")
        return out
    for code, value in raw.items():
        if code not in CODES:
            problems.append(f"{where}: unknown finding code {code!r}")
        elif value == "off":
            out[code] = None
        elif isinstance(value, str) and value.lower() in LEVELS:
            out[code] = LEVELS[value.lower()]
        else:
            problems.append(f"{where}: {code} must be one of {', '.join(LEVEL_NAMES)}")
    return out


def parse_table(table: Any, path: Path | None = None) -> ProjectConfig:
    """Read a `[tool.mlops-report]` table, keeping what is valid and saying what is not."""
    problems: list[str] = []
    if not isinstance(table, dict):
        return ProjectConfig(path, problems=("[tool.mlops-report] must be a table",))
    for key in table:
        if key not in KEYS:
            problems.append(f"unknown key {key!r} (known: {', '.join(KEYS)})")
    edition = table.get("edition")
    if edition is not None and edition not in ("auto", *EDITION_NAMES):
        names = ", ".join(EDITION_NAMES)
        problems.append(f"edition must be auto or one of {names}, not {edition!r}")
        edition = None
    severity = _levels(table.get("severity", {}), "severity", problems)
    questions: dict[int, Levels] = {}
    raw_questions = table.get("questions", {})
    if isinstance(raw_questions, dict):
        for key, levels in raw_questions.items():
            if not (isinstance(key, str) and key.isdigit() and int(key) >= 1):
                problems.append(f"questions: {key!r} is not a question number")
                continue
            questions[int(key)] = _levels(levels, f"questions.{key}", problems)
    else:
        problems.append("questions must be a table of question number = { code = level }")
    return ProjectConfig(path, edition, severity, questions, tuple(problems))


def read_file(path: Path) -> ProjectConfig | None:
    """Return the table of one `pyproject.toml`, or None when it has no `[tool.mlops-report]`."""
    if sys.version_info >= (3, 11):  # imported here: most reports have no pyproject.toml
        import tomllib
    else:  # pragma: no cover - Python 3.10 only
        import tomli as tomllib
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        return ProjectConfig(path, problems=(f"cannot be read ({exc})",))
    except tomllib.TOMLDecodeError as exc:
        return ProjectConfig(path, problems=(f"is not valid TOML ({exc})",))
    tool = data.get("tool")
    if not isinstance(tool, dict) or TABLE not in tool:
        return None
    return parse_table(tool[TABLE], path)


def candidates(report: Path) -> list[Path]:
    """Return the `pyproject.toml` paths that may hold a report's table, nearest first."""
    folder = Path(os.path.abspath(report)).parent
    out = []
    for parent in (folder, *folder.parents):
        out.append(parent / FILE)
        if (parent / ".git").exists():
            break
    return out


class ConfigFinder:
    """Finds and reads the table for a report, reading each file again only when it changed.

    The language server asks on every analysis: the folders to look in are worked out once per
    report folder, and each keystroke costs one `stat` per folder; a file is parsed again only
    when its modification time or size changed.
    """

    def __init__(self) -> None:
        """Start with nothing read."""
        self._walks: dict[str, list[str]] = {}
        self._files: dict[str, tuple[tuple[int, int], ProjectConfig | None]] = {}

    def _read(self, path: str) -> ProjectConfig | None:
        try:
            st = os.stat(path)
        except OSError:
            self._files.pop(path, None)
            return None
        stamp = (st.st_mtime_ns, st.st_size)
        cached = self._files.get(path)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        config = read_file(Path(path))
        self._files[path] = (stamp, config)
        return config

    def find(self, report: Path) -> ProjectConfig:
        """Return the nearest table above `report` (NONE when there is none)."""
        folder = os.path.dirname(report)
        walk = self._walks.get(folder)
        if walk is None:
            walk = self._walks[folder] = [str(p) for p in candidates(report)]
        for path in walk:
            config = self._read(path)
            if config is not None:
                return config
        return NONE

    def forget(self) -> None:
        """Drop everything worked out and read (a watched file changed)."""
        self._walks.clear()
        self._files.clear()


def apply(settings: Settings, config: ProjectConfig) -> Settings:
    """Return `settings` (flags or the editor's) over `config`, over the defaults.

    A code the settings name is decided by them for every question; the edition of the settings
    counts unless it is `auto`.
    """
    if config is NONE or (not config.severity and not config.questions and not config.edition):
        return settings
    severity = {**config.severity, **settings.severity}
    questions = {
        number: {code: lv for code, lv in levels.items() if code not in settings.severity}
        for number, levels in config.questions.items()
    }
    edition = settings.edition
    if edition == "auto" and config.edition is not None:
        edition = config.edition
    return dataclasses.replace(
        settings,
        edition=edition,
        severity=severity,
        questions={n: lv for n, lv in questions.items() if lv},
    )
