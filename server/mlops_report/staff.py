"""`mlops-report summary PATH...`: one row per report, for staff checking every group at once.

A row says what `report.py check` will do (N/M questions pass, or the error it stops with),
which questions fail and how, which are unanswered, how many images will not show and how many
hand-in breakages there are. A file that cannot be checked gets a row saying why; nothing stops
the run. Rows read no group's `[tool.mlops-report]`: a group cannot hide a finding from staff.
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from .engine.analysis import Analysis, Answer

HANDIN_PREFIX = "handin-"
"""Codes of where the hand-in page (`report.py html`) differs from what GitHub shows."""
COLUMNS = (
    "path",
    "group",
    "edition",
    "report_py",
    "failing",
    "unanswered",
    "broken_images",
    "handin",
    "errors",
    "warnings",
    "problem",
)


@dataclass(slots=True)
class Failing:
    """A question `report.py` fails: its number, what fails and the counts against the limits."""

    question: int
    failed: list[str]
    words: int
    images: int
    limits: str

    def __str__(self) -> str:
        """Render as `Q5 words 225 (100-200 words)`."""
        counts = [f"{k} {self.words if k == 'words' else self.images}" for k in self.failed]
        return f"Q{self.question} {', '.join(counts)} ({self.limits})"


@dataclass(slots=True)
class Row:
    """One report's line in the summary."""

    path: str
    group: str | None = None
    edition: str | None = None
    passed: int | None = None
    total: int | None = None
    error: str | None = None
    failing: list[Failing] = field(default_factory=list)
    unanswered: list[int] = field(default_factory=list)
    broken_images: int = 0
    handin: int = 0
    errors: int = 0
    warnings: int = 0
    problem: str | None = None

    @property
    def report_py(self) -> str:
        """Return `27/31`, `stops: ...`, or empty when the file could not be checked."""
        if self.problem is not None:
            return ""
        if self.error is not None:
            return f"stops: {self.error}"
        return f"{self.passed}/{self.total}"

    def cells(self) -> dict[str, str]:
        """Return the row as text cells (CSV and Markdown)."""
        return {
            "path": self.path,
            "group": self.group or "",
            "edition": self.edition or "",
            "report_py": self.report_py,
            "failing": "; ".join(map(str, self.failing)),
            "unanswered": " ".join(f"Q{n}" for n in self.unanswered),
            "broken_images": "" if self.problem else str(self.broken_images),
            "handin": "" if self.problem else str(self.handin),
            "errors": "" if self.problem else str(self.errors),
            "warnings": "" if self.problem else str(self.warnings),
            "problem": self.problem or "",
        }

    def to_json(self) -> dict[str, Any]:
        """Return the row as JSON values."""
        out = asdict(self)
        out["report_py"] = self.report_py
        return out


_DIGITS = re.compile(r"\d+")


def group_of(analysis: Analysis) -> str | None:
    """Return the group number Question 1 states (its first number), if any."""
    answer = analysis.answers.get(1)
    if answer is None or answer.is_placeholder_only:
        return None
    m = _DIGITS.search(analysis.source.text[answer.start : answer.end])
    return m.group(0).lstrip("0") or "0" if m else None


def row_of(name: str, analysis: Analysis) -> Row:
    """Return the summary row of an analysed report."""
    from .engine.analysis import short_error
    from .engine.findings import Severity

    result = analysis.result
    row = Row(name, group_of(analysis), analysis.edition.name, total=analysis.edition.questions)
    if result.error is not None:
        row.error = short_error(result)
    else:
        row.passed = result.passed
        for a in result.answers:
            if a.failed:
                limits = analysis.edition.constraint(a.index).describe()
                row.failing.append(Failing(a.index, list(a.failed), a.words, a.images, limits))
    row.unanswered = sorted(
        n for n, answer in analysis.answers.items() if answer.is_placeholder_only or _empty(answer)
    )
    row.broken_images = images_not_shown(analysis)
    for f in analysis.findings:
        # a breakage of the page: the hand-in codes of warning or error level, not the advice
        row.handin += f.code.startswith(HANDIN_PREFIX) and f.severity <= Severity.WARNING
        row.errors += f.severity == Severity.ERROR
        row.warnings += f.severity == Severity.WARNING
    return row


def images_not_shown(analysis: Analysis) -> int:
    """Return how many images will not show on the hand-in page graders read.

    An image counts once however many of its findings say so (a plain link to a missing file
    has two); which codes say so, their declarations do (`Code.hides_image`).
    """
    from .engine.registry import HIDES_IMAGE

    spans = [im.span for q in analysis.model.questions for im in q.images]
    hidden: set[tuple[int, int]] = set()
    for f in analysis.findings:
        if f.code in HIDES_IMAGE:
            image = next((s for s in spans if s.start <= f.start and f.end <= s.end), None)
            hidden.add((image.start, image.end) if image is not None else (f.start, f.end))
    return len(hidden)


def _empty(answer: Answer) -> bool:
    return answer.reader_words == 0 and answer.images == 0


def find_reports(paths: Iterable[str]) -> Iterator[tuple[str, Path | None, str | None]]:
    """Yield (name, report path or None, why not) for files, folders and folders of repositories.

    A folder with a report (its `reports/README.md`, or a `README.md` that is the report) is one
    report; a group's repository without one (see `_one_repository`) is one row saying why; any
    other folder is taken as a folder of group repositories, one row per subfolder (hidden ones
    skipped), each with its report or why there is none.
    """
    from .locate import find_in, not_found

    for name in paths:
        path = Path(name)
        if not path.is_dir():
            yield name, path, None
            continue
        found = find_in(path)
        if found is not None:
            yield str(found), found, None
            continue
        children = sorted(
            (c for c in _subfolders(path) if not c.name.startswith(".")), key=lambda c: c.name
        )
        reports = [find_in(child) for child in children]
        if not children or _one_repository(path, children, reports):
            yield name, None, not_found([path])
            continue
        for child, found in zip(children, reports, strict=True):
            if found is None:
                yield str(child), None, not_found([child])
            else:
                yield str(found), found, None


def _one_repository(path: Path, children: list[Path], reports: list[Path | None]) -> bool:
    """Return whether a folder without a report is one group's repository, not a folder of them.

    So it is when it has a `reports`-named folder (in any letter case, or `report`: the course's
    layout, the report missing or misnamed in it) and no other subfolder holds a report, or, with
    no report in any subfolder, when it is a git repository or holds a report under a name
    `report.py` misses. Its subfolders (`src`, `tests`, a misnamed `report/`) are then not groups
    of their own; a folder of groups' repositories may have a `reports/` of its own beside them.
    """
    from .locate import near_miss

    named = [child.name.lower() in _REPORT_FOLDERS for child in children]
    others = any(found for found, own in zip(reports, named, strict=True) if not own)
    if any(named) and not others:
        return True
    return not any(reports) and ((path / ".git").exists() or near_miss(path) is not None)


_REPORT_FOLDERS = frozenset(["report", "reports"])


def _subfolders(path: Path) -> list[Path]:
    try:
        return [c for c in path.iterdir() if c.is_dir()]
    except OSError:
        return []


def summarize(name: str, path: Path | None, problem: str | None, edition: str) -> Row:
    """Return one report's row; any failure becomes the row's `problem`, never an exception."""
    from .cli import NOT_A_REPORT, InputError, read_report
    from .engine.detect import report_py_beside
    from .engine.pipeline import analyze

    if path is None:
        return Row(name, problem=problem or "no report")
    try:
        text = read_report(path)
        analysis = analyze(text, path=path, edition=edition, report_py=report_py_beside(path))
    except InputError as exc:
        return Row(name, problem=str(exc))
    except Exception as exc:  # a report that breaks the checker must not stop the other 499
        return Row(name, problem=f"could not be checked: {type(exc).__name__}: {exc}")
    if not analysis.is_report:
        return Row(name, problem=NOT_A_REPORT)
    return row_of(name, analysis)


class Progress:
    """A one-line progress bar on a terminal (nothing when the stream is not one)."""

    WIDTH = 30

    def __init__(self, stream: TextIO, total: int) -> None:
        """Draw on `stream` if it is a terminal."""
        self.stream, self.total = stream, total
        self.active = total > 1 and stream.isatty()
        self._last = 0.0

    def update(self, done: int, name: str) -> None:
        """Show `done` of `total` (at most ten times a second, and always the last)."""
        if not self.active:
            return
        now = time.monotonic()
        if done < self.total and now - self._last < 0.1:
            return
        self._last = now
        filled = self.WIDTH * done // self.total
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        tail = name if len(name) <= 40 else "..." + name[-37:]
        self.stream.write(f"\r[{bar}] {done}/{self.total} {tail}\x1b[K")
        self.stream.flush()

    def close(self) -> None:
        """Clear the bar's line."""
        if self.active:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def markdown_table(rows: list[Row]) -> str:
    """Return the rows as a GitHub Markdown table."""
    lines = [
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "---|" * len(COLUMNS),
    ]
    for row in rows:
        cells = row.cells()
        lines.append("| " + " | ".join(_md_cell(cells[c]) for c in COLUMNS) + " |")
    return "\n".join(lines) + "\n"


def markdown_summary(rows: list[Row]) -> str:
    """Return a job summary: a heading, one verdict line per report and the table."""
    passing = sum(1 for r in rows if r.problem is None and r.error is None and not r.failing)
    out = [f"### mlops-report: {passing} of {len(rows)} reports pass report.py check", ""]
    for row in rows:
        if row.problem is not None:
            verdict = f"cannot be checked: {row.problem}"
        elif row.error is not None:
            verdict = f"report.py check would stop: {row.error}"
        else:
            verdict = f"{row.passed}/{row.total} questions pass ({row.edition})"
            if row.failing:
                verdict += "; failing: " + ", ".join(f"Q{f.question}" for f in row.failing)
        out.append(f"- `{row.path}`: {verdict}")
    out += ["", markdown_table(rows)]
    return "\n".join(out)


def write(rows: list[Row], fmt: str, out: TextIO) -> None:
    """Write the rows as csv, json or markdown."""
    if fmt == "json":
        json.dump([r.to_json() for r in rows], out, indent=2, ensure_ascii=False)
        out.write("\n")
    elif fmt == "markdown":
        out.write(markdown_table(rows))
    else:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(row.cells())
        out.write(buffer.getvalue())


def run(paths: list[str], fmt: str, edition: str, out: TextIO, err: TextIO) -> int:
    """Summarize every report under `paths`; return 0 (rows carry any problem) or 2 for none."""
    found = list(find_reports(paths))
    progress = Progress(err, len(found))
    rows = []
    for done, (name, path, problem) in enumerate(found, 1):
        rows.append(summarize(name, path, problem, edition))
        progress.update(done, name)
    progress.close()
    write(rows, fmt, out)
    return 0 if rows else 2
