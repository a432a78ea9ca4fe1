"""*Fix all* on every real report: it keeps every word the student wrote, and never makes
`report.py` fail a question that passed."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from mlops_report.engine.filesystem import LocalFileSystem
from mlops_report.engine.fixes import FixContext, apply_edits
from mlops_report.engine.mend import fix_all_edits
from mlops_report.engine.pipeline import analyze
from mlops_report.engine.reportpy import run

from .conftest import SHARED, corpus_reports, needs_shared

REPORTS = corpus_reports()

# What a safe fix may take away: a placeholder's template words, heading hashes, list markers,
# and the path of an image it mends. Every other word is the student's (markup aside: `_words`).
TEMPLATE_TOKEN = re.compile(r"question|\d+[.)]?|fill|here|#+|.*\]\(.*|.*\.(png|jpe?g)\)?", re.I)


def _words(text: str) -> Counter[str]:
    """The words of `text`; dashes, an image's `!`, `<...>` around a URL and escapes are markup."""
    text = text.replace("![", "[").replace("&lt;", "<")
    return Counter(re.sub(r"-{3,}", " ", re.sub(r"[<>\\]", "", text)).split())


def _fixed(path: Path, edition: str) -> tuple[str, str, str]:
    text = path.read_bytes().decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    analysis = analyze(text, path=path, edition=edition)
    fs = LocalFileSystem()
    base = path.parent
    ctx = FixContext(lambda rel: fs.is_file(base / rel), ())
    return text, apply_edits(text, fix_all_edits(analysis, ctx)), analysis.edition.name


@needs_shared
@pytest.mark.corpus
@pytest.mark.parametrize("path", REPORTS, ids=[p.name for p in REPORTS])
@pytest.mark.parametrize("edition", ["auto", "A1", "B3"])
def test_fix_all_keeps_every_word_and_every_pass(path: Path, edition: str) -> None:
    before, after, name = _fixed(path, edition)
    removed = _words(before) - _words(after)
    students = [token for token in removed.elements() if not TEMPLATE_TOKEN.fullmatch(token)]
    assert students == [], f"fix-all removed the student's words {students}"
    from mlops_report.engine.editions import EDITIONS

    old, new = run(before, EDITIONS[name]), run(after, EDITIONS[name])
    if old.error is None:
        assert new.error is None
        passed = {a.index for a in old.answers if not a.failed}
        now_failing = sorted(a.index for a in new.answers if a.index in passed and a.failed)
        assert now_failing == [], f"fix-all makes questions {now_failing} fail"


@needs_shared
def test_the_edited_placeholder_of_question_2_keeps_its_study_number() -> None:
    [path] = (SHARED / "corpus" / "real").glob("HonzaCuhel__*.md")
    before, after, _ = _fixed(path, "auto")
    assert "s240507," in before
    assert after.count("s240507") == before.count("s240507")


@needs_shared
@pytest.mark.corpus
def test_a_fixs_cost_counted_in_its_answer_equals_report_py_run_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from mlops_report.engine import mend
    from mlops_report.engine.registry import CODES

    def full(analysis: object, edits: object) -> None:
        return None  # never the shortcut: report.py's emulation runs on the whole text

    compared = 0
    for path in REPORTS:
        analysis = analyze(path.read_bytes().decode("utf-8"), path=path)
        for f in analysis.findings:
            code = CODES[f.code]
            for fix in code.fix(analysis, f, FixContext()) if code.fix else []:
                counted = mend.cost_of(analysis, fix.edits)
                with monkeypatch.context() as m:
                    m.setattr(mend, "_within_one_answer", full)
                    assert mend.cost_of(analysis, fix.edits) == counted, (path.name, fix.title)
                compared += 1
    assert compared > 100
