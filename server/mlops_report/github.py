"""`check --format github`: GitHub Actions annotations, the most important first, and a job summary.

GitHub makes annotations of only the first 10 `::error`, 10 `::warning` and 10 `::notice` lines
of a step (and 50 per job); the lines past those stay in the log and nobody sees them on the pull
request. So the findings are annotated in the order of what matters for the grade (errors first,
what makes `report.py` stop first of all: `registry.importance`), never more of a kind than GitHub
shows, and the rest are written to the log as text lines and to the job summary; a last notice
says how many there are and where to read them.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, NamedTuple, TextIO

from .cli import Unchecked, text_line
from .engine.findings import Severity
from .engine.registry import importance
from .engine.text import PositionEncoding

if TYPE_CHECKING:
    from .engine.analysis import Analysis
    from .engine.findings import Finding

ANNOTATIONS_PER_KIND = 10
"""How many annotations of each kind (error, warning, notice) GitHub makes of one step's log."""
SUMMARY_LIST_MAX = 500
"""At most this many findings are listed in the job summary (GitHub takes 1 MiB of it a step)."""
KINDS = ("error", "warning", "notice")
_KIND = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFORMATION: "notice",
    Severity.HINT: "notice",
}
TOOL_TITLE = "mlops-report"
"""The title of the annotations that are no finding: a file not checked, the closing count."""


def escape(value: str, prop: bool = False) -> str:
    """Escape a workflow command's message (or, with `prop`, one of its properties)."""
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


class Item(NamedTuple):
    """One thing to say: its annotation kind, its place in the order, and its three forms.

    `annotation` is the workflow command, `text` the line the text format writes, `markdown` the
    job summary's list item.
    """

    kind: str
    key: tuple[int, ...]
    annotation: str
    text: str
    markdown: str


def _finding(index: int, name: str, analysis: Analysis, f: Finding) -> Item:
    r = analysis.source.range(f.start, f.end, PositionEncoding.UTF32)
    line, col = r.start.line + 1, r.start.character + 1
    props = ",".join(
        [
            f"file={escape(name, True)}",
            f"line={line}",
            f"col={col}",
            f"endLine={r.end.line + 1}",
            f"endColumn={r.end.character + 1}",
            f"title={escape(f.code, True)}",
        ]
    )
    kind = _KIND[f.severity]
    return Item(
        kind,
        (*importance(f.code, f.severity), index, f.start, f.end),
        f"::{kind} {props}::{escape(f.message)}",
        text_line(name, line, col, f),
        f"`{name}:{line}:{col}` {f.severity.label} `{f.code}`: {_one_line(f.message)}",
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _unchecked(index: int, miss: Unchecked) -> Item:
    props = f"file={escape(miss.name, True)},title={TOOL_TITLE}"
    said = f"{miss.name}: {miss.problem}"
    # before every finding: nothing at all was checked in that file
    return Item(
        "error",
        (0, 0, index),
        f"::error {props}::{escape(said)}",
        said,
        f"`{miss.name}`: cannot be checked: {_one_line(miss.problem)}",
    )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def write(out: TextIO, checked: list[tuple[str, Analysis]], unchecked: list[Unchecked]) -> None:
    """Write the annotations, the findings GitHub would not annotate, and each report's verdict.

    With `GITHUB_STEP_SUMMARY` set, also append a summary table (and the findings not annotated)
    to the job summary.
    """
    items = [_unchecked(i, miss) for i, miss in enumerate(unchecked)]
    for i, (name, analysis) in enumerate(checked):
        items += [_finding(i, name, analysis, f) for f in analysis.findings]
    items.sort(key=lambda item: item.key)
    count = {kind: sum(1 for item in items if item.kind == kind) for kind in KINDS}
    overflow = any(n > ANNOTATIONS_PER_KIND for n in count.values())
    room = dict.fromkeys(KINDS, ANNOTATIONS_PER_KIND)
    if overflow:
        room["notice"] -= 1  # the closing notice must be one GitHub shows
    hidden: list[Item] = []
    for item in items:
        if room[item.kind] > 0:
            room[item.kind] -= 1
            out.write(item.annotation + "\n")
        else:
            hidden.append(item)
    if hidden:
        out.write(
            f"{_plural(len(hidden), 'more finding')}, past the {ANNOTATIONS_PER_KIND} of each kind "
            "GitHub annotates, the most important first:\n"
        )
        out.writelines(item.text + "\n" for item in hidden)
    for name, analysis in checked:
        for note in analysis.notes:
            out.write(f"{name}: note: {note}\n")
        out.write(f"{name}: {analysis.summary()}\n")
    summarized = step_summary(checked, unchecked, hidden)
    if hidden:
        out.write(_closing(hidden, summarized) + "\n")


def _closing(hidden: list[Item], summarized: bool) -> str:
    """Return the notice that says how many findings were not annotated, and where they are."""
    kinds = [_plural(n, kind) for kind in KINDS if (n := sum(1 for i in hidden if i.kind == kind))]
    where = "this step's log and the job summary" if summarized else "this step's log"
    message = (
        f"{_plural(len(hidden), 'more finding')} not annotated ({', '.join(kinds)}): GitHub "
        f"annotates {ANNOTATIONS_PER_KIND} errors, {ANNOTATIONS_PER_KIND} warnings and "
        f"{ANNOTATIONS_PER_KIND} notices per step, so these are the most important. Read them "
        f"all in {where}."
    )
    title = f"{TOOL_TITLE}: {_plural(len(hidden), 'more finding')}"
    return f"::notice title={escape(title, True)}::{escape(message)}"


def step_summary(
    checked: list[tuple[str, Analysis]], unchecked: list[Unchecked], hidden: list[Item]
) -> bool:
    """Append the verdicts (and the findings not annotated) to GitHub's job summary.

    Return whether they were written (False outside GitHub Actions or when it cannot be).
    """
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target or not (checked or unchecked):
        return False
    from .staff import Row, markdown_summary, row_of

    rows = [row_of(name, a) for name, a in checked]
    rows += [Row(miss.name, problem=miss.problem) for miss in unchecked]
    text = markdown_summary(rows)
    if hidden:
        text += _hidden_list(hidden)
    try:
        with open(target, "a", encoding="utf-8") as summary:
            summary.write(text)
    except OSError as exc:
        sys.stderr.write(f"mlops-report: cannot write the job summary {target}: {exc}\n")
        return False
    return True


def _hidden_list(hidden: list[Item]) -> str:
    """Return the job summary's list of the findings not annotated, the most important first."""
    shown = hidden[:SUMMARY_LIST_MAX]
    lines = [
        "",
        f"#### {_plural(len(hidden), 'finding')} not annotated",
        "",
        f"GitHub annotates {ANNOTATIONS_PER_KIND} of each kind per step; the rest, the most "
        "important first:",
        "",
    ]
    lines += [f"- {item.markdown}" for item in shown]
    if len(hidden) > len(shown):
        lines.append(f"- and {len(hidden) - len(shown)} more: see the log of the step")
    return "\n".join(lines) + "\n"
