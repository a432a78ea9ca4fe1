"""handin-* on every report of ../shared: precision, recall and nothing on template text.

The test renders each question block both ways on its own (`rendering.shape`, not the engine's
units or probes) and finds the broken structure there: list items, code blocks and tables GitHub
shows that the hand-in does not show the same way. Those are the instances the engine must find.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from mlops_report.engine import Analysis, analyze
from mlops_report.engine.findings import Finding
from mlops_report.engine.model import Question

from ..conftest import SHARED, corpus_reports, needs_shared
from .rendering import github, handin, shape, text_of

REPORTS = corpus_reports()
TEMPLATES = sorted((SHARED / "templates").glob("*.md")) if (SHARED / "templates").is_dir() else []
STRUCTURE = {
    "handin-list-blank-line",
    "handin-fenced-code",
    "handin-table",
    "handin-list-indent",
    "handin-list-continuation",
    "handin-list-paren",
}
_LINK_DEST_RE = re.compile(r"\]\([^)]*\)")
_MARKER_RE = re.compile(r"^[ \t>]*(?:[*+-]|\d{1,9}[.)])[ \t]+")


@cache
def analysed(path: Path) -> Analysis:
    return analyze(path.read_bytes().decode("utf-8"))


def handin_findings(analysis: Analysis) -> list[Finding]:
    return [f for f in analysis.findings if f.code.startswith("handin-")]


def question_of(analysis: Analysis, f: Finding) -> Question:
    q = analysis.model.question_at(f.start)
    assert q is not None, f
    return q


def block_text(analysis: Analysis, q: Question) -> str:
    return analysis.source.text[q.heading.start : q.end]


def words_of(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", text))


def differs_at(analysis: Analysis, f: Finding) -> bool:
    """Whether the construct of `f` shows differently in the two renderings of its question."""
    text = analysis.source.text
    q = question_of(analysis, f)
    block = block_text(analysis, q)
    pm, gh = handin(block), github(block)
    covered = text[f.start : f.end]
    if f.code in STRUCTURE - {"handin-fenced-code", "handin-table"}:
        line = _LINK_DEST_RE.sub("]", covered.split("\n", 1)[0])
        head = words_of(_MARKER_RE.sub("", line))[:3]
        pm_shape, gh_shape = Counter(shape(pm)), Counter(shape(gh))
        return any(
            path.endswith("li") and ws[: len(head)] == head and n > pm_shape[(path, ws)]
            for (path, ws), n in gh_shape.items()
        )
    if f.code == "handin-fenced-code":
        code = words_of("\n".join(covered.split("\n")[1:-1]))
        return Counter(shape(gh))[("pre", code)] > Counter(shape(pm))[("pre", code)] or (
            code not in {ws for path, ws in shape(pm) if path.endswith("pre")}
        )
    if f.code == "handin-table":
        return "<table>" in gh and "<table>" not in pm
    if f.code == "handin-list-start":
        return ("ol-start", (covered[:-1],)) in shape(gh) and "<ol start" not in pm
    if f.code == "handin-math":
        return covered.replace("\\_", "_") in text_of(pm)
    if f.code == "handin-angle-text":
        return covered in text_of(gh) and covered not in text_of(pm)
    if f.code == "handin-escape":
        return text_of(pm).count(covered) > text_of(gh).count(covered)
    if f.code == "handin-bare-url":
        # The whole address: one going on past a `<...>` (`https://api-<region>.run.app`) would
        # be linked cut.
        whole = not text.startswith("<", f.end)
        return (
            whole and linked_by_github(covered) and covered in pm and f'href="{covered}' not in pm
        )
    if f.code == "handin-link-outside":
        return f'href="{covered.strip("<>")}"' in pm
    raise AssertionError(f"no independent check for {f.code}")


def linked_by_github(url: str) -> bool:
    """GFM's valid domain, read apart from the engine: no `_` in the host's last two labels."""
    host = re.split(r"[/:?#]", re.sub(r"^[A-Za-z]+://", "", url), maxsplit=1)[0]
    return "_" not in "".join(host.split(".")[-2:])


@needs_shared
@pytest.mark.corpus
@pytest.mark.parametrize("path", REPORTS, ids=[p.name for p in REPORTS])
def test_every_finding_really_differs(path: Path) -> None:
    analysis = analysed(path)
    wrong = [
        (f.code, analysis.source.text[f.start : f.end][:60])
        for f in handin_findings(analysis)
        if f.code != "handin-title-cut" and not differs_at(analysis, f)
    ]
    assert wrong == []


@cache
def template_lines() -> frozenset[str]:
    return frozenset(
        line.strip()
        for t in TEMPLATES
        for line in t.read_text("utf-8").splitlines()
        if len(line.strip()) > 3
    )


@needs_shared
@pytest.mark.corpus
@pytest.mark.parametrize("path", REPORTS, ids=[p.name for p in REPORTS])
def test_nothing_on_template_text(path: Path) -> None:
    analysis = analysed(path)
    text = analysis.source.text
    on_template = []
    for f in handin_findings(analysis):
        if f.code == "handin-title-cut":
            continue
        start = text.rfind("\n", 0, f.start) + 1
        end = text.find("\n", f.end)
        lines = [ln.strip() for ln in text[start : end if end != -1 else None].split("\n")]
        if all(ln in template_lines() or not ln for ln in lines):
            on_template.append((f.code, lines[0][:60]))
    assert on_template == []


@needs_shared
@pytest.mark.corpus
@pytest.mark.parametrize("path", TEMPLATES, ids=[p.name for p in TEMPLATES])
def test_blank_templates_get_only_the_title_cut(path: Path) -> None:
    codes = [f.code for f in handin_findings(analysed(path))]
    assert set(codes) <= {"handin-title-cut"}
    assert codes.count("handin-title-cut") <= 1


# -- recall ----------------------------------------------------------------------------------------


def _locate(
    out: list[tuple[str, int, str]],
    body: str,
    base: int,
    used: set[int],
    kind: str,
    pattern: str,
    ws: tuple[str, ...],
    flags: int,
) -> None:
    """Add the first match of `pattern` in `body` not located before (at its group 1, if any)."""
    for m in re.finditer(pattern, body, flags):
        if m.start() not in used:
            used.add(m.start())
            at = m.start(1) if m.groups() else m.start()
            out.append((kind, base + at, " ".join(ws[:6])))
            return


_DELIMITER_RE = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*\|", re.M)


def broken_structure(analysis: Analysis) -> list[tuple[str, int, str]]:
    """Return (kind, offset, words) of each list item, code block and table that GitHub shows
    and the hand-in does not show alike, in the answers, located in the source."""
    text = analysis.source.text
    out = []
    seen: set[int] = set()
    for q in analysis.model.questions:
        if q.heading.start in seen or q.body.end <= q.body.start:
            continue
        seen.add(q.heading.start)
        block = block_text(analysis, q)
        gh_html, pm_html = github(block), handin(block)
        gh, pm = shape(gh_html), shape(pm_html)
        body, base = text[q.body.start : q.body.end], q.body.start
        used: set[int] = set()

        def locate(kind: str, pattern: str, ws: tuple[str, ...], flags: int = 0) -> None:
            _locate(out, body, base, used, kind, pattern, ws, flags)  # noqa: B023

        pm_items = [(path, ws[:3]) for path, ws in pm if path.endswith("li")]
        for path, ws in gh:
            if path.endswith("li") and ws and (path, ws[:3]) not in pm_items:
                words = r"\W+".join(map(re.escape, ws[:3]))
                locate("li", rf"^[ \t>]*((?:[*+-]|\d{{1,9}}[.)])[ \t]+\W*{words})", ws, re.M)
        pm_code = Counter(ws for path, ws in pm if path.endswith("pre"))
        for path, ws in gh:
            if path.endswith("pre") and ws:
                if pm_code[ws]:
                    pm_code[ws] -= 1
                    continue
                locate("pre", r"\W+".join(map(re.escape, ws[:3])), ws)
        tables = gh_html.count("<table>") - pm_html.count("<table>")
        for m in list(_DELIMITER_RE.finditer(body))[:tables]:
            header = body.rfind("\n", 0, max(0, m.start() - 1)) + 1
            out.append(("table", q.body.start + header, body[header : m.start()].strip()[:40]))
    return out


@needs_shared
@pytest.mark.corpus
def test_recall_of_broken_structure_is_at_least_95_percent() -> None:
    total = found = 0
    missed = []
    for path in REPORTS:
        analysis = analysed(path)
        ranges = [(f.start, f.end) for f in analysis.findings if f.code in STRUCTURE]
        for kind, at, ws in broken_structure(analysis):
            total += 1
            if any(s <= at <= e for s, e in ranges):
                found += 1
            else:
                missed.append((path.name, kind, ws))
    print(f"broken-structure instances: {total}, found: {found}, missed: {missed}")
    assert total >= 50
    assert found / total >= 0.95, missed
