"""Questions 1 and 2: group number and study numbers (checks/identity.py, hints only)."""

from __future__ import annotations

from mlops_report.engine.findings import Severity
from mlops_report.engine.pipeline import analyze

from ..fixtures.reports import placeholder
from .helpers import codes, lsp, of, one, report, span


def test_group_number_and_study_numbers_give_no_hints() -> None:
    analysis = analyze(report(answers={1: "Group 17", 2: "s123456, s234567 and S345678"}))
    assert not codes(analysis) & {"group-number", "study-numbers"}


def test_group_number_without_digits_is_hinted_over_the_answer() -> None:
    text = report(answers={1: "the blue team"})
    analysis = analyze(text)
    f = one(analysis, "group-number")
    assert f.question == 1
    assert f.severity is Severity.HINT
    assert lsp(analysis, f) == span(text, "the blue team")
    assert "group number" in f.message


def test_study_numbers_missing_is_hinted_over_the_answer() -> None:
    text = report(answers={2: "Alice, Bob and Carol"})
    analysis = analyze(text)
    f = one(analysis, "study-numbers")
    assert f.question == 2
    assert f.severity is Severity.HINT
    assert lsp(analysis, f) == span(text, "Alice, Bob and Carol")
    assert "s123456" in f.message


def test_study_number_with_wrong_digit_count_is_marked_alone() -> None:
    text = report(answers={2: "s123456, s24680, s1357911"})
    analysis = analyze(text)
    found = of(analysis, "study-numbers")
    assert [lsp(analysis, f) for f in found] == [span(text, "s24680"), span(text, "s1357911")]
    assert "`s24680` does not look like a study number" in found[0].message


def test_unanswered_identity_questions_are_left_to_placeholder_unfilled() -> None:
    analysis = analyze(report(answers={1: placeholder(1), 2: placeholder(2)}))
    assert not codes(analysis) & {"group-number", "study-numbers"}
    assert len(of(analysis, "placeholder-unfilled")) == 2
