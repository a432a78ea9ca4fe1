"""Unfilled and leftover placeholders (checks/placeholders.py)."""

from __future__ import annotations

import pytest

from mlops_report.engine.findings import Severity
from mlops_report.engine.pipeline import analyze

from ..fixtures.reports import filler_words, placeholder
from .helpers import codes, covered, lsp, of, one, report, span

PLACEHOLDER_CODES = {"placeholder-unfilled", "placeholder-leftover"}


def test_a_filled_report_has_no_placeholder_findings() -> None:
    assert not codes(analyze(report())) & PLACEHOLDER_CODES


def test_placeholder_unfilled_covers_the_placeholder_and_replaces_words_under() -> None:
    text = report(answers={27: placeholder(27)})
    analysis = analyze(text)
    f = one(analysis, "placeholder-unfilled")
    assert f.question == 27
    assert covered(analysis, f) == "--- question 27 fill here ---"
    assert lsp(analysis, f) == span(text, "--- question 27 fill here ---")
    assert "6 words" in f.message
    assert "needs 100-200 words" in f.message
    # report.py fails it, but the placeholder finding says so once: no separate words-under.
    assert analysis.result.passed == 30
    assert not [x for x in analysis.findings if x.question == 27 and x.code != f.code]


def test_placeholder_unfilled_on_an_unchecked_question_does_not_claim_a_failure() -> None:
    analysis = analyze(report(answers={1: placeholder(1)}))
    f = one(analysis, "placeholder-unfilled")
    assert f.question == 1
    assert f.message == "Q1: not answered yet."
    assert f.severity == Severity.WARNING  # report.py does not fail a question without limits
    assert "group-number" not in codes(analysis)


def test_placeholder_leftover_beside_an_answer_covers_just_the_placeholder() -> None:
    answer = filler_words(100) + "\n\n" + placeholder(5)
    text = report(answers={5: answer})
    analysis = analyze(text)
    f = one(analysis, "placeholder-leftover")
    assert f.question == 5
    assert lsp(analysis, f) == span(text, "--- question 5 fill here ---")
    assert "(+6 words for report.py)" in f.message
    assert "edited" not in f.message
    assert "placeholder-unfilled" not in codes(analysis)


def test_a_leftover_that_keeps_the_answer_passing_says_what_to_write_before_removing_it() -> None:
    # 47 words and the placeholder's 6: report.py counts 53 of 50-100; without it, 47.
    analysis = analyze(report(answers={12: filler_words(47) + "\n\n" + placeholder(12)}))
    assert not analysis.answers[12].failed
    f = one(analysis, "placeholder-leftover")
    assert f.message == (
        "Q12: placeholder left beside the answer (+6 words for report.py). "
        "Without it Q12 has 47 words, needs 50-100: write 3 more before removing it."
    )


def test_the_words_a_leftover_adds_are_counted_in_the_answer_as_report_py_counts_them() -> None:
    # `---Our` is one word to report.py: the placeholder adds 5 words here, not its own 6.
    answer = placeholder(5) + "Our " + filler_words(100)
    analysis = analyze(report(answers={5: answer}))
    assert analysis.answers[5].words == 106
    f = one(analysis, "placeholder-leftover")
    assert "(+5 words for report.py)" in f.message


def test_a_leftover_glued_to_the_answer_says_what_to_write_from_report_py_s_count() -> None:
    # report.py counts 101 (`---Our` is one word); without the placeholder, 96 of 100-200.
    analysis = analyze(report(answers={5: placeholder(5) + "Our " + filler_words(95)}))
    assert analysis.answers[5].words == 101
    f = one(analysis, "placeholder-leftover")
    assert "(+5 words for report.py)" in f.message
    assert "Without it Q5 has 96 words, needs 100-200: write 4 more" in f.message


def test_a_leftover_in_an_answer_already_short_is_simply_removed() -> None:
    # 40 + 6 words fail 50-100 either way: removing the placeholder costs no pass.
    analysis = analyze(report(answers={12: filler_words(40) + "\n\n" + placeholder(12)}))
    assert one(analysis, "placeholder-leftover").message.endswith("Remove it.")


def test_edited_placeholder_beside_text_is_a_leftover_marked_edited() -> None:
    edited = "--- s123456, question 2 fill here ---"
    text = report(answers={2: "s123456, s654321\n\n" + edited})
    analysis = analyze(text)
    f = one(analysis, "placeholder-leftover")
    assert f.question == 2
    assert lsp(analysis, f) == span(text, edited)
    assert "edited placeholder" in f.message
    assert "7 words" in f.message
    assert "Keep `s123456,`, remove the rest." in f.message


def test_an_answer_written_into_the_placeholder_is_not_unanswered() -> None:
    # The study number is inside the edited placeholder: the question is answered.
    edited = "--- s123456, question 2 fill here ---"
    text = report(answers={2: edited})
    analysis = analyze(text)
    assert "placeholder-unfilled" not in codes(analysis)
    f = one(analysis, "placeholder-leftover")
    assert lsp(analysis, f) == span(text, edited)
    assert "study-numbers" not in codes(analysis)


def test_two_unfilled_placeholders_are_one_finding_over_both() -> None:
    both = placeholder(8) + "\n\n" + placeholder(8)
    analysis = analyze(report(answers={8: both}))
    f = one(analysis, "placeholder-unfilled")
    assert covered(analysis, f) == both
    assert "12 words" in f.message


def test_leftover_placeholder_that_report_py_never_sees_does_not_claim_words() -> None:
    # After a `####` sub-heading report.py has already ended the answer.
    answer = filler_words(100) + "\n\n#### Notes\n\n" + placeholder(9)
    analysis = analyze(report(answers={9: answer}))
    f = one(analysis, "placeholder-leftover")
    assert "words for report.py" not in f.message
    assert of(analysis, "answer-truncated")


@pytest.mark.parametrize(
    "written",
    [
        "--- Question 5 Fill Here ---",  # letter case as students retype it
        "--- question 5 fill  here ---",  # two spaces
        "--- question 5 fill\there ---",  # a tab
        "--- QUESTION 5 FILL HERE ---",
    ],
)
def test_a_retyped_placeholder_is_still_a_placeholder(written: str) -> None:
    analysis = analyze(report(answers={5: written}))
    f = one(analysis, "placeholder-unfilled")
    assert covered(analysis, f) == written
