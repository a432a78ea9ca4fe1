"""The engine's entry point: text in, a report model, `report.py`'s verdict and findings out."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .analysis import Analysis, build_answers, resolve_edition
from .caches import clear_all
from .checks import CHECKS, Check
from .detect import misfit
from .filesystem import FileSystem, LocalFileSystem
from .findings import in_order
from .gaps import find_gaps
from .handin.render import prepare_renderers
from .model import build_model
from .model.regions import prepare_parser
from .placed import place
from .reportpy import run
from .text import SourceText

clear_caches = clear_all
"""Forget every text-keyed cache of the engine (the next analysis starts cold)."""


def prepare() -> None:
    """Build now the parsers and renderers the first analysis would build.

    A server calls this while it waits for its first document (docs/performance.md: Start).
    """
    prepare_parser()
    prepare_renderers()


def analyze(
    text: str | SourceText,
    *,
    path: Path | None = None,
    edition: str = "auto",
    report_py: str | None = None,
    fs: FileSystem | None = None,
    checks: Iterable[Check] | None = None,
    previous: Analysis | None = None,
) -> Analysis:
    """Analyse one document.

    `text` may be given as an already indexed `SourceText` (the language server keeps one per
    version of a document); `path` locates the report so image paths can be resolved (None: no
    file checks);
    `report_py` is the source of a `report.py` beside it, if any (read, never run);
    `previous` is the analysis of an earlier version of the same document, whose unchanged parts
    are reused (the result is the same as without it).
    """
    source = text if isinstance(text, SourceText) else SourceText(text)
    model = build_model(source, previous.model if previous is not None else None)
    detection, notes = resolve_edition(model, edition, report_py)
    result = run(
        source.text,
        detection.edition,
        previous.result if previous is not None else None,
        model.change,
    )
    judged = detection.edition
    # An edition chosen for a report of the other template: the report's own questions count.
    unfit = misfit(model, judged) if result.error is not None else None
    own = judged.questions if unfit is None else min(judged.questions, unfit.edition.questions)
    gaps = find_gaps(source.text, model.questions, own)
    analysis = Analysis(
        source, model, detection, result, build_answers(source, model, judged, result, gaps),
        notes=notes, base_dir=path.parent if path is not None else None, gaps=gaps, unfit=unfit,
    )  # fmt: skip
    if not model.is_report:
        return analysis
    filesystem = fs or LocalFileSystem()
    chosen = CHECKS if checks is None else tuple(checks)
    for check in chosen:
        if check.find is not None:
            analysis.found.extend(check.find(analysis, filesystem))
    analysis.found.sort(key=in_order)
    analysis.placed = place(analysis, chosen, filesystem)
    return analysis
