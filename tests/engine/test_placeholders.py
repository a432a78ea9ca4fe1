"""Unfilled and leftover placeholders (checks/placeholders.py)."""

from __future__ import annotations

import pytest

from mlops_report.engine.findings import Severity
from mlops_report.engine.fixes import FixContext, apply_edits
from mlops_report.engine.mend import fixes_for
from mlops_report.engine.pipeline import analyze

from ..fixtures.reports import filler_words, placeholder
from .helpers import codes, covered, lsp, of, one, report, span
from .test_incremental import fingerprint

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
    # report.py counts 2 + 7 words; with only `s123456,` kept, 3: the placeholder adds 6.
    assert "(+6 words for report.py)" in f.message
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


def test_an_answer_written_into_the_placeholder_adds_only_the_template_s_words() -> None:
    # report.py counts `--- s123456, question 2 fill here ---` as 7 words; keeping `s123456,`, 1.
    analysis = analyze(report(answers={2: "--- s123456, question 2 fill here ---"}))
    assert analysis.answers[2].words == 7
    f = one(analysis, "placeholder-leftover")
    assert f.message == (
        "Q2: edited placeholder left beside the answer (+6 words for report.py). "
        "Keep `s123456,`, remove the rest."
    )


_WORDS = filler_words(60)
_MORE = filler_words(60, seed=1)
_P = placeholder(5)


@pytest.mark.parametrize(
    ("answer", "added"),
    [
        pytest.param(f"{_WORDS}\n\n{_P}", [6], id="alone-on-its-line"),
        pytest.param(f"{_WORDS}{_P}", [5], id="glued-left"),  # `word---` is one word
        pytest.param(f"{_P}{_WORDS}", [5], id="glued-right"),
        pytest.param(f"{_WORDS}{_P}{_MORE}", [4], id="glued-both"),
        pytest.param(f"{_WORDS} {_P}{_MORE}", [5], id="space-left-glued-right"),
        pytest.param(f"{_WORDS}{_P} {_MORE}", [5], id="glued-left-space-right"),
        pytest.param(f"{_WORDS} {_P} {_MORE}", [6], id="spaces-both"),
        pytest.param(
            f"{_WORDS}\n\n--- see below, question 5 fill here ---", [6], id="kept-words-alone"
        ),
        pytest.param(
            f"{_WORDS}--- see below question 5 fill here ---{_MORE}", [4], id="kept-words-glued"
        ),
        pytest.param(f"{_WORDS}\n\n{_P}\n\n{_P}", [6, 6], id="twice"),
        pytest.param(f"{_WORDS}{_P}{_P}{_MORE}", [4, 4], id="twice-glued"),
    ],
)
def test_the_words_a_leftover_adds_are_what_its_fix_takes_from_report_py_s_count(
    answer: str, added: list[int]
) -> None:
    # The +N is report.py's count of the answer less its count of the answer mended by the fix:
    # the placeholder's own words gone, the words the student wrote kept, none glued together.
    before = analyze(report(answers={5: answer}))
    found = [f for f in before.findings if f.code == "placeholder-leftover"]
    assert [f.data["words"] for f in found] == added
    for f, n in zip(found, added, strict=True):
        assert f"(+{n} words for report.py)" in f.message
        fix = fixes_for(before, f, FixContext())[0]
        after = analyze(apply_edits(before.source.text, fix.edits))
        assert after.answers[5].words == before.answers[5].words - n
        assert after.answers[5].reader_words == before.answers[5].reader_words  # no word lost


def _stopping(answers: dict[int, str]) -> str:
    """Return a report with `answers` whose Question 10 is duplicated: report.py stops."""
    text = report(answers=answers)
    cut, end = text.index("### Question 10"), text.index("### Question 11")
    return text[:end] + text[cut:end] + text[end:]


def test_placeholder_unfilled_says_it_is_not_checked_while_report_py_stops() -> None:
    analysis = analyze(_stopping({4: filler_words(60), 27: placeholder(27)}))
    assert analysis.result.error is not None
    f = one(analysis, "placeholder-unfilled")
    # The same note as words-under's, in the same place: after the limits it names.
    note = "(not checked while report.py stops)"
    assert one(analysis, "words-under").message.endswith(f"(40 more) {note}")
    assert f.message == f"Q27: not answered yet: 6 words, needs 100-200 words {note}."
    assert "report.py counts" not in f.message


def test_a_leftover_keeping_an_answer_passing_notes_that_report_py_stops() -> None:
    analysis = analyze(_stopping({12: filler_words(47) + "\n\n" + placeholder(12)}))
    assert analysis.result.error is not None
    f = one(analysis, "placeholder-leftover")
    assert f.message == (
        "Q12: placeholder left beside the answer (+6 words for report.py). "
        "Without it Q12 has 47 words, needs 50-100 (not checked while report.py stops): "
        "write 3 more before removing it."
    )


def _headless(answers: dict[int, str]) -> str:
    """Return a report with `answers` whose `### Question 5` line was deleted (its prompt stays)."""
    text = report(answers=answers)
    return text.replace("### Question 5\n", "", 1)


def test_the_placeholder_of_a_question_whose_heading_is_missing_is_that_question_s() -> None:
    text = _headless({4: "We kept it short.", 5: placeholder(5)})
    analysis = analyze(text)
    # report.py: the piece under Q4's heading runs on through Q5's prompt, has no `###` and is
    # no answer; Q5's placeholder is its 4th answer, and one answer is missing: it stops.
    assert analysis.result.error is not None
    fourth = analysis.result.answers[3]
    assert (fourth.index, fourth.text, fourth.words) == (4, placeholder(5), 6)
    f = one(analysis, "placeholder-unfilled")
    assert f.question == 5
    assert covered(analysis, f) == placeholder(5)
    assert f.message == (
        "Q5: not answered yet, and its `### Question 5` heading is missing: report.py counts "
        "6 words here as Q4's answer (not checked while report.py stops)."
    )
    assert f.severity == Severity.ERROR
    assert not of(analysis, "placeholder-leftover")
    assert one(analysis, "heading-missing").question == 5


def test_a_headless_question_s_placeholder_report_py_checks_as_its_own_says_its_verdict() -> None:
    # A `####` in Q4's answer ends it for report.py: Q4's piece is an answer, Q5's the 5th.
    analysis = analyze(_headless({4: filler_words(100) + "\n\n#### Notes", 5: placeholder(5)}))
    assert analysis.result.error is None
    assert analysis.result.answers[4].failed == ("words",)
    f = one(analysis, "placeholder-unfilled")
    assert f.question == 5
    assert f.message == (
        "Q5: not answered yet, and its `### Question 5` heading is missing. "
        "report.py counts 6 words, needs 100-200 words."
    )
    assert f.severity == Severity.ERROR  # report.py fails Q5


def test_a_headless_question_s_leftover_counts_in_the_answer_report_py_takes_it_for() -> None:
    before = analyze(_headless({4: "We kept it short.", 5: filler_words(20) + "\n\n" + _P}))
    f = one(before, "placeholder-leftover")
    assert f.question == 5
    assert f.message == (
        "Q5: placeholder left beside the answer (+6 words for report.py in Q4's answer), and "
        "its `### Question 5` heading is missing. Remove it."
    )
    fix = fixes_for(before, f, FixContext())[0]
    after = analyze(apply_edits(before.source.text, fix.edits))
    assert after.result.answers[3].words == before.result.answers[3].words - 6 == 20


def test_a_prompt_pasted_twice_leaves_its_placeholder_to_its_question() -> None:
    # Every heading is there: the second `Answer:` is Q4's own, and report.py checks the
    # placeholder after it as Q4's answer.
    text = report(answers={4: placeholder(4)})
    i, j = text.index("> **", text.index("### Question 4")), text.index("### Question 5")
    text = text[:j] + text[i:j] + text[j:]  # the prompt and its placeholder once more
    analysis = analyze(text)
    assert analysis.result.error is None
    assert [f.question for f in of(analysis, "placeholder-unfilled")] == [4]
    f = one(analysis, "placeholder-unfilled")
    assert f.message == "Q4: not answered yet. report.py counts 6 words, needs 100-200 words."


_SPLIT = "#### Notes\n\nAnswer: more\n\n"
"""Q1's answer cut by a `####` and split by an `Answer:`: report.py finds one answer more."""


def test_a_headless_placeholder_follows_edits_elsewhere_as_a_cold_analysis_does() -> None:
    # What report.py takes it as depends on the whole text: an `Answer:` added in Q1 moves it.
    text = report(answers={4: "We kept it short.", 5: placeholder(5)})
    steps = [
        lambda t: t.replace("### Question 5\n", "", 1),  # the heading goes
        lambda t: t.replace("### Question 2", f"{_SPLIT}### Question 2", 1),  # Q1 in two
        lambda t: t.replace(_SPLIT, "", 1),
        lambda t: t + "\n### Question 5\n",  # a stray heading: the prompt has its number
        lambda t: t[: t.rindex("\n### Question 5\n")],
    ]
    previous = analyze(text)
    messages = []
    for step in steps:
        text = step(text)
        previous = analyze(text, previous=previous)
        assert fingerprint(previous) == fingerprint(analyze(text))
        messages.append([f.message for f in of(previous, "placeholder-unfilled")])
    assert "as Q4's answer" in messages[0][0]
    # One answer more before it: report.py checks it as Q5's, and no longer stops.
    assert messages[1][0].endswith(". report.py counts 6 words, needs 100-200 words.")
    assert "heading is missing" not in " ".join(messages[3])
    assert messages[4] == messages[0]
