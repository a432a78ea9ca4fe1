"""Answers that shift: which text report.py counts for which question, said the same everywhere.

The report: Question 9's heading deleted (its prompt stays) and Question 12's section pasted
twice. report.py then finds 31 answers again, but takes none from Question 8's own text, checks
Question 9's text as Q8, Question 10's as Q9, and so on up to the first copy of Question 12.
"""

from __future__ import annotations

from mlops_report.engine.analysis import Analysis
from mlops_report.engine.findings import Severity
from mlops_report.engine.pipeline import analyze

from ..fixtures.reports import filler_words, placeholder
from .helpers import IMAGE, covered, of, one, report

OWN_8 = filler_words(63, seed=8) + "\n\n" + IMAGE  # 64 words, one image
TEXT_9 = filler_words(80, seed=9)


def shifted(answers: dict[int, str] | None = None) -> str:
    """Return a B3 report with Q9's heading deleted and Q12's section pasted twice."""
    text = report(answers={8: OWN_8, 9: TEXT_9, **(answers or {})})
    text = text.replace("### Question 9\n", "", 1)
    a, b = text.index("### Question 12\n"), text.index("### Question 13\n")
    return text[:b] + text[a:b] + text[b:]


def under(analysis: Analysis, n: int) -> list[str]:
    return [f.message for f in analysis.findings if f.question == n and f.code == "words-under"]


def test_report_py_still_counts_31_answers_and_checks_question_9s_text_as_q8() -> None:
    analysis = analyze(shifted())
    result = analysis.result
    assert result.error is None and len(result.answers) == 31
    eighth = result.answers[7]
    assert (eighth.words, eighth.images, eighth.failed) == (80, 0, ("words",))
    assert analysis.source.text[eighth.start : eighth.end] == TEXT_9


def test_question_8s_own_answer_is_its_own_text_and_dropped() -> None:
    analysis = analyze(shifted())
    own = analysis.answers[8]
    assert own.dropped and own.extracted is None and own.checked_as is None
    assert (own.words, own.images) == (64, 1)
    assert own.body == OWN_8
    assert own.failed == ()  # report.py does not check it: nothing of it fails
    [stray] = own.strays
    assert stray.owner == 9
    assert stray.answer.checked_as == 8 and stray.answer.body == TEXT_9


def test_the_text_report_py_counts_for_q8_is_said_to_be_q9s_checked_as_q8() -> None:
    analysis = analyze(shifted())
    [f] = [f for f in of(analysis, "words-under") if f.start < analysis.answers[10].start]
    assert f.message == "Q9: 80 words, needs 100-200 (20 more) (checked as Q8)"
    assert f.question == 9 and f.severity == Severity.ERROR
    assert covered(analysis, f) == TEXT_9
    assert under(analysis, 8) == []


def test_the_dropped_answer_says_it_is_not_counted_and_what_is_checked_instead() -> None:
    analysis = analyze(shifted())
    f = one(analysis, "answer-dropped")
    assert f.question == 8 and f.severity == Severity.WARNING
    assert covered(analysis, f) == OWN_8
    assert f.message == (
        "Q8: report.py does not count this answer (64 words, 1 image): with no `### Question 9` "
        "heading above Q9's prompt, nothing ends it before Q9's `Answer:`. It checks Q9's answer "
        "as Q8 instead."
    )
    missing = one(analysis, "heading-missing")
    assert missing.message == (
        "Q9: no `### Question 9` heading above this prompt, so report.py does not count Q8's "
        "answer above it."
    )


def test_every_shifted_text_says_checked_as_and_only_those() -> None:
    # Outside the limits it is checked against: each text says whose limits they are.
    answers = {10: filler_words(90, seed=10), 11: filler_words(220, seed=11)}
    analysis = analyze(shifted(answers))
    words = {
        f.question: f.message for f in analysis.findings if f.code in ("words-under", "words-over")
    }
    assert words == {
        9: "Q9: 80 words, needs 100-200 (20 more) (checked as Q8)",
        10: "Q10: 90 words, needs 100-200 (10 more) (checked as Q9)",
        11: "Q11: 220 words, allows 100-200 (20 too many) (checked as Q10)",
        12: "Q12: 50 words, needs 200-300 (150 more) (checked as Q11)",
    }


def test_an_unanswered_shifted_question_says_whose_limits_report_py_applies() -> None:
    analysis = analyze(shifted({10: placeholder(10)}))
    f = one(analysis, "placeholder-unfilled")
    assert f.message == "Q10: not answered yet: report.py counts 6 words here as Q9's answer."


def test_the_text_of_a_question_without_heading_is_judged_as_its_own_while_report_py_stops() -> (
    None
):
    text = report(answers={8: OWN_8, 9: filler_words(40, seed=9)}).replace(
        "### Question 9\n", "", 1
    )
    analysis = analyze(text)
    assert analysis.result.error is not None
    assert under(analysis, 9) == [
        "Q9: 40 words, needs 100-200 (60 more) (not checked while report.py stops)"
    ]
    assert analysis.answers[8].words == 64  # its own text, not Q9's prompt with it
    assert "It checks" not in one(analysis, "answer-dropped").message


def test_a_question_without_its_answer_line_says_its_answer_is_not_counted() -> None:
    text = report(answers={9: filler_words(40, seed=9), 10: filler_words(90, seed=10)})
    at = text.index("Answer:", text.index("### Question 9"))
    text = text[:at] + text[at + len("Answer:") :]
    a, b = text.index("### Question 12\n"), text.index("### Question 13\n")
    analysis = analyze(text[:b] + text[a:b] + text[b:])
    assert analysis.result.error is None
    f = one(analysis, "answer-marker-missing")
    assert f.message == "Q9 has no `Answer:` line: report.py does not count its answer."
    assert under(analysis, 9) == []  # its 40 words are checked nowhere: nothing of them fails
    assert under(analysis, 10) == ["Q10: 90 words, needs 100-200 (10 more) (checked as Q9)"]


def test_a_literal_answer_inside_an_answer_is_judged_alike_whether_report_py_stops_or_not() -> None:
    # Q20 holds a literal `Answer:` before its image: report.py checks the text after it (with
    # the image), and answer-marker-inside says the word before is lost. Q9's missing heading
    # makes report.py stop; that must not turn Q20's split into a dropped, imageless answer.
    q20 = "Before Answer: after it " + IMAGE
    runs = analyze(report(answers={20: q20}))
    stops = analyze(
        report(answers={8: OWN_8, 9: filler_words(120, seed=9), 20: q20}).replace(
            "### Question 9\n", "", 1
        )
    )
    assert runs.result.error is None and stops.result.error is not None
    for analysis in (runs, stops):
        at_20 = {f.code for f in analysis.findings if f.question == 20}
        assert at_20 == {"answer-marker-inside"}, [f.message for f in analysis.findings]
        assert analysis.answers[20].images == 1
    assert [f.question for f in of(stops, "answer-dropped")] == [8]
