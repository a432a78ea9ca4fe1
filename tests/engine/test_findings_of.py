"""`Analysis.findings_of` is `findings` filtered by question, however the findings are kept."""

from __future__ import annotations

from pathlib import Path

from mlops_report.engine.findings import Severity
from mlops_report.engine.pipeline import analyze

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "reports" / "README.md"


def test_the_findings_of_a_question_are_its_findings_in_order() -> None:
    text = SAMPLE.read_text("utf-8")
    previous = analyze(text, path=SAMPLE)
    for at in (len(text) // 3, len(text) // 2, len(text) - 10):
        text = text[:at] + "x ```\n- y" + text[at:]
        analysis = analyze(text, path=SAMPLE, previous=previous)
        numbers = {f.question for f in analysis.findings} | {
            q.number for q in analysis.model.questions
        }
        fresh = analyze(text, path=SAMPLE, previous=previous)  # asked before `findings` is
        for n in sorted(numbers, key=lambda n: -1 if n is None else n):
            expected = [f for f in analysis.findings if f.question == n]
            assert fresh.findings_of(n) == expected, n
        assert any(analysis.findings_of(q.number) for q in analysis.model.questions)
        previous = analysis


def test_findings_set_by_hand_are_the_ones_asked_for() -> None:
    analysis = analyze(SAMPLE.read_text("utf-8"), path=SAMPLE)
    n = next(f.question for f in analysis.findings if f.question is not None)
    analysis.findings_of(n)  # indexed before the command line filters them
    analysis.findings = [f for f in analysis.findings if f.severity == Severity.ERROR]
    assert analysis.findings_of(n) == [
        f for f in analysis.findings if f.question == n and f.severity == Severity.ERROR
    ]
