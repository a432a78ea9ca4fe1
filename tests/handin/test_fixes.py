"""handin-* quick-fixes: after each, the construct renders alike both ways and no word is lost.

Checked with the test's own rendering (`rendering.shape`) on hand-written answers and on every
fixable finding of every report in ../shared.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mlops_report.engine import Analysis, analyze
from mlops_report.engine.findings import Finding
from mlops_report.engine.fixes import FixContext
from mlops_report.engine.handin.fixes import HandinFix, apply, handin_fixes
from mlops_report.engine.mend import fix_all_edits, fixes_for
from mlops_report.engine.registry import CODES

from ..conftest import corpus_reports, needs_shared
from ..engine.helpers import report
from .rendering import github, same_both_ways, shape

SAFE = {name for name, code in CODES.items() if code.fix_all}


def seen_words(markdown_text: str) -> list[str]:
    """Every word the student's (GitHub) preview shows, in order (`__init__` as `init`: shown
    as code the underscores stay, as text they are bold markup)."""
    return [part for w in _words(markdown_text) for part in re.findall(r"[^\W_]+", w)]


def _words(markdown_text: str) -> list[str]:
    return [
        w for path, ws in shape(github(markdown_text)) if path not in ("a", "ol-start") for w in ws
    ]


def answer_of(text: str, analysis: Analysis, f: Finding) -> str:
    q = analysis.model.question_at(f.start)
    assert q is not None
    return text[q.body.start : q.body.end]


CASES = [
    ("We used:\n- Cloud Run\n- Vertex AI", "handin-list-blank-line"),
    ("Steps we took\n1. build\n2. push", "handin-list-blank-line"),
    ("1. step\n\n    more about it\n2. next\n3. third", "handin-list-continuation"),
    ("- a point\n\n  more words\n- b point", "handin-list-continuation"),
    ("- Data\n  - raw\n  - processed\n- Models", "handin-list-indent"),
    ("1. one\n   - sub point\n2. two", "handin-list-indent"),
    ("1) one\n2) two", "handin-list-paren"),
    ("Run:\n\n```bash\npython train.py\n```", "handin-fenced-code"),
    ("```python\nimport os\n\n# a comment\nprint(os.sep)\n```\nAfter it.", "handin-fenced-code"),
    ("- build it:\n\n  ```\n  docker build .\n  ```\n- then push", "handin-fenced-code"),
    ("| Model | Acc |\n|---|---|\n| CNN | 0.9 |", "handin-table"),
    ("See https://example.com for more.", "handin-bare-url"),
    ("It costs \\$5 in all.", "handin-escape"),
    ("Logs go to <reports\\log.txt> now.", "handin-angle-text"),
]


@pytest.mark.parametrize(("answer", "code"), CASES)
def test_fix_mends_and_keeps_every_word(answer: str, code: str) -> None:
    text = report("B3", {5: answer})
    analysis = analyze(text)
    f = next(f for f in analysis.findings if f.code == code)
    [fix] = handin_fixes(analysis, f)
    fixed = apply(text, fix.edits)
    after = analyze(fixed)
    new_answer = answer_of(fixed, after, f)
    assert same_both_ways(new_answer), new_answer
    assert seen_words(new_answer) == seen_words(answer)
    assert code not in {g.code for g in after.findings}
    assert fix.safe is (code in SAFE)
    # report.py's counts are kept by the safe ones
    if fix.safe:
        assert len(new_answer.split()) == len(answer.split())


@pytest.mark.parametrize(
    "url",
    ["https://my-api-<region>.a.run.app/predict", "https://github.com/<user>/<repo>"],
)
def test_a_url_running_into_angle_brackets_gets_no_cut_link(url: str) -> None:
    # Wrapping the part before `<` links a cut address; there is no right fix to offer.
    text = report("B3", {5: f"Call {url} with curl."})
    analysis = analyze(text)
    assert "handin-bare-url" not in {f.code for f in analysis.findings}
    edits = fix_all_edits(analysis, FixContext())
    assert url in apply(text, [(e.start, e.end, e.text) for e in edits])


def test_the_fence_fix_says_it_drops_the_label() -> None:
    text = report("B3", {5: "```bash\nls\n```"})
    analysis = analyze(text)
    [fix] = handin_fixes(analysis, next(f for f in analysis.findings if f.code.endswith("code")))
    assert "drops the `bash` label" in fix.title


def test_a_deeper_level_moves_along() -> None:
    answer = "- a\n  - b\n    - c"
    text = report("B3", {5: answer})
    analysis = analyze(text)
    first = min(
        (f for f in analysis.findings if f.code == "handin-list-indent"), key=lambda f: f.start
    )
    [fix] = handin_fixes(analysis, first)
    assert fix.safe
    assert "- a\n    - b\n      - c" in apply(text, fix.edits)


def test_fix_all_applies_the_safe_handin_fixes() -> None:
    answer = "We used:\n- Cloud Run\n\nSee https://example.com and 1) x\n\n```\ncode\n```"
    text = report("B3", {5: answer})
    analysis = analyze(text)
    edits = fix_all_edits(analysis, FixContext())
    fixed = apply(text, [(e.start, e.end, e.text) for e in edits])
    codes = {f.code for f in analyze(fixed).findings if f.question == 5}
    assert "handin-list-blank-line" not in codes and "handin-bare-url" not in codes
    assert "handin-fenced-code" in codes  # offered, never applied unasked


RISKY = "(GitHub may then show the text up to another `$` as math)"


@pytest.mark.parametrize(
    "answer",
    [
        "Between \\$a and b\\$ it is.",  # each alone is harmless; Fix all would make both one span
        "It cost \\$x in all, and y$ too.",  # the `$` after pairs with this one
    ],
)
def test_dropping_an_escape_that_may_make_math_is_offered_but_not_unasked(answer: str) -> None:
    text = report("B3", {5: answer})
    analysis = analyze(text)
    escapes = [f for f in analysis.findings if f.code == "handin-escape"]
    assert escapes
    for f in escapes:
        [fix] = fixes_for(analysis, f, FixContext())
        assert fix.title.endswith(RISKY)
        assert not fix.safe and not fix.preferred
    fixed = apply(text, [(e.start, e.end, e.text) for e in fix_all_edits(analysis, FixContext())])
    assert answer in fixed


@pytest.mark.parametrize(
    "answer",
    [
        "It cost \\$13.01 in all, \\$0 for us. The top was \\$4.14, so.",  # a digit after: no math
        "It cost \\$5 in all.",
        "It cost \\$5 and the $x value.",  # `$ x` cannot close: a space before it
    ],
)
def test_dropping_an_escape_that_cannot_make_math_is_safe(answer: str) -> None:
    text = report("B3", {5: answer})
    analysis = analyze(text)
    for f in (f for f in analysis.findings if f.code == "handin-escape"):
        [fix] = fixes_for(analysis, f, FixContext())
        assert fix.safe and fix.preferred and RISKY not in fix.title
    fixed = apply(text, [(e.start, e.end, e.text) for e in fix_all_edits(analysis, FixContext())])
    assert answer.replace("\\$", "$") in fixed


# -- on every report of ../shared ------------------------------------------------------------------

REPORTS = corpus_reports()


def _region(text: str, fix: HandinFix) -> tuple[int, int]:
    start = text.rfind("\n", 0, min(e[0] for e in fix.edits)) + 1
    end = max(e[1] for e in fix.edits)
    stop = text.find("\n", end)
    return start, len(text) if stop == -1 else stop


@needs_shared
@pytest.mark.corpus
@pytest.mark.parametrize("path", REPORTS, ids=[p.name for p in REPORTS])
def test_every_fix_on_the_corpus(path: Path) -> None:
    """Each fix keeps every word of its answer, mends its construct and adds no hand-in finding."""
    analysis = analyze(path.read_bytes().decode("utf-8"))
    text = analysis.source.text  # newlines translated: the offsets' text
    problems = []
    for f in analysis.findings:
        for fix in handin_fixes(analysis, f) if f.code.startswith("handin-") else []:
            fixed = apply(text, fix.edits)
            again = analyze(fixed)
            before = answer_of(text, analysis, f)
            after = answer_of(fixed, again, f)
            start, end = _region(text, fix)
            growth = sum(len(t) - (e - s) for s, e, t in fix.edits)
            left = [
                g.code
                for g in again.findings
                if g.code == f.code
                and g.question == f.question
                and g.start < end + growth
                and g.end > start
            ]
            if seen_words(after) != seen_words(before):
                problems.append(("words", f.code, text[start:end][:80]))
            elif left and f.code not in ("handin-bare-url", "handin-escape", "handin-angle-text"):
                problems.append(("still", f.code, text[start:end][:80]))
            elif fix.safe and len(after.split()) != len(before.split()):
                problems.append(("counts", f.code, text[start:end][:80]))
    assert problems == []
