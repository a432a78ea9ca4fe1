"""Where the report is: from a folder, a repository root, or nothing at all (the current folder).

The course's layout puts the report at `reports/README.md` of the group's repository, and
`report.py` reads `README.md` of the folder it runs in. So a folder is searched for
`reports/README.md`, then for a `README.md` that is the exam report itself (a project's own
README is not). When neither is there, a report under another name (`reports/readme.md`,
`report/README.md`) is named as a near miss, but not taken: `report.py` would not find it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

REPORT = Path("reports") / "README.md"
README = "README.md"
LOOKED_FOR = f"looked for {REPORT.as_posix()}, and a {README} that is the report"
"""What a search for the report looks for, as every message about a report not found says it."""
_MARKDOWN = (".md", ".markdown")
_NEAR_MISS_FILES = 20
"""At most this many Markdown files are read per folder when looking for a near miss."""


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


def near_miss(folder: Path) -> Path | None:
    """Return a file in `folder` that is the report under a name `report.py` will not find.

    That is a Markdown file holding the exam report in `folder` itself or in a subfolder named
    like `reports` in any letter case (`report/`, `Reports/`), under any name but the two
    `find_in` takes: `reports/readme.md`, `report/README.md`, `reports/report.md` and the like.
    """
    # a reports-like folder before the folder itself, where a project's own files are
    for place in [*sorted(_report_like(folder), key=lambda p: p.name), folder]:
        for path in _markdown_files(place):
            if path in (folder / REPORT, folder / README):
                continue
            if is_report_file(path):
                return path
    return None


def _report_like(folder: Path) -> list[Path]:
    try:
        return [c for c in folder.iterdir() if c.is_dir() and c.name.lower().startswith("report")]
    except OSError:
        return []


def _markdown_files(folder: Path) -> list[Path]:
    try:
        files = [f for f in folder.iterdir() if f.suffix.lower() in _MARKDOWN and f.is_file()]
    except OSError:
        return []
    # README-like names first: the likeliest report, and the one the message should name
    files.sort(key=lambda f: (not f.name.lower().startswith("readme"), f.name))
    return files[:_NEAR_MISS_FILES]


def not_found(folders: list[Path], where: str = "") -> str:
    """Return why no report was found in `folders`: what was looked for, and any near miss.

    `where` names the places searched (e.g. ` in /x or above it`); empty for one folder. A near
    miss is named relative to the first folder.
    """
    message = f"no report found{where} ({LOOKED_FOR})"
    for folder in folders:
        miss = near_miss(folder)
        if miss is not None:
            return (
                f"{message}; found {_display(miss, folders[0])}: report.py and the hand-in need "
                f"{REPORT.as_posix()}"
            )
    return message


def find_from(cwd: Path) -> Path | None:
    """Return the report for a command run in `cwd` with no path.

    `cwd` itself first, then each folder above it up to the repository's root (the first with a
    `.git`), so that `mlops-report check` works from anywhere inside a group's repository.
    """
    for folder in _searched_from(cwd):
        found = find_in(folder)
        if found is not None:
            return found
    return None


def _searched_from(cwd: Path) -> list[Path]:
    """Return `cwd` and the folders above it up to the repository's root (the first with a .git)."""
    out = []
    for folder in (cwd, *cwd.parents):
        out.append(folder)
        if (folder / ".git").exists():
            break
    return out


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
            where = f" in {cwd} or above it up to the repository root"
            searched = _searched_from(cwd)
            return [Target(".", None, f"{not_found(searched, where)}; give the report's path")]
        return [Target(_display(found, cwd), found)]
    out = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = find_in(path)
            if found is None:
                out.append(Target(name, None, not_found([path])))
            else:
                out.append(Target(str(path / found.relative_to(path)), found))
        elif misnamed(path):
            problem = f"report.py and the hand-in need {REPORT.as_posix()}: rename this file to it"
            out.append(Target(name, None, problem))
        else:
            out.append(Target(name, path))
    return out


def misnamed(path: Path) -> bool:
    """Return whether `path` is `reports/README.md` in the wrong letter case or `report/` folder.

    Such a file is what a group meant as its report, but `report.py` and the course's scraping
    of `reports/` miss it (`reports/readme.md`, `Reports/README.md`, `report/README.md`).
    """
    # The names on disk, not as typed: on a case-insensitive file system (macOS, Windows)
    # `reports/readme.md` typed for `reports/README.md` is the right file.
    folder = path.parent
    parent = _on_disk(folder)
    if folder.name and parent != folder.name:
        folder = folder.with_name(parent)
    name = _on_disk(folder / path.name)
    return (
        name.lower() == README.lower()
        and parent.lower() in ("report", "reports")
        and (name, parent) != (README, REPORT.parent.name)
    )


def _on_disk(path: Path) -> str:
    """Return `path`'s name as its folder lists it (the name as given when it is not there)."""
    try:
        listed = [c.name for c in path.parent.iterdir() if c.name.lower() == path.name.lower()]
    except OSError:
        return path.name
    return path.name if path.name in listed or len(listed) != 1 else listed[0]
