"""Where the report is: from a folder, a repository root, or nothing at all (the current folder).

The course's layout puts the report at `reports/README.md` of the group's repository, and
`report.py` reads `README.md` of the folder it runs in. So a folder is searched for
`reports/README.md`, then for a `README.md` that is the exam report itself (a project's own
README is not).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

REPORT = Path("reports") / "README.md"
README = "README.md"


def is_report_file(path: Path) -> bool:
    """Return whether `path` is a readable Markdown file holding the exam report."""
    from .engine.model import build_model
    from .engine.text import SourceText

    try:
        text = path.read_text("utf-8", errors="replace")
    except OSError:
        return False
    return build_model(SourceText(text)).is_report


def find_in(folder: Path) -> Path | None:
    """Return the report of `folder`: its `reports/README.md`, else its `README.md` if a report."""
    candidate = folder / REPORT
    if candidate.is_file():
        return candidate
    candidate = folder / README
    if candidate.is_file() and is_report_file(candidate):
        return candidate
    return None


def find_from(cwd: Path) -> Path | None:
    """Return the report for a command run in `cwd` with no path.

    `cwd` itself first, then each folder above it up to the repository's root (the first with a
    `.git`), so that `mlops-report check` works from anywhere inside a group's repository.
    """
    for folder in (cwd, *cwd.parents):
        found = find_in(folder)
        if found is not None:
            return found
        if (folder / ".git").exists():
            break
    return None


@dataclass(frozen=True, slots=True)
class Target:
    """One report to check: the name to print and its path, or why there is none."""

    name: str
    path: Path | None
    problem: str | None = None


def _display(path: Path, cwd: Path) -> str:
    try:
        return str(path.relative_to(cwd))
    except ValueError:
        return str(path)


def targets(paths: list[str], cwd: Path) -> list[Target]:
    """Resolve the command line's paths (files or folders; none: guess from `cwd`)."""
    if not paths:
        found = find_from(cwd)
        if found is None:
            return [
                Target(
                    ".",
                    None,
                    f"no report found in {cwd} or above it up to the repository root "
                    f"(looked for {REPORT.as_posix()}, and a {README} that is the report); "
                    "give the report's path",
                )
            ]
        return [Target(_display(found, cwd), found)]
    out = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = find_in(path)
            if found is None:
                out.append(
                    Target(
                        name,
                        None,
                        f"no report in this folder (looked for {REPORT.as_posix()}, and a "
                        f"{README} that is the report)",
                    )
                )
            else:
                out.append(Target(str(path / found.relative_to(path)), found))
        else:
            out.append(Target(name, path))
    return out
