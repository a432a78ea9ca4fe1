"""Unit tests of the status strings shared by hover, inlay hints and the outline."""

from __future__ import annotations

from mlops_report.lsp.summary import answer_of, has_limits, inlay_label, outline_detail, stop_note

from .feature_helpers import analysis, filler, report


def test_labels_and_details() -> None:
    a = analysis(report({4: filler(99), 14: filler(250) + " ![a](figures/figure.png)"}))
    assert inlay_label(a, a.answers[4]) == "99/100-200 words ✗"
    assert outline_detail(a, a.answers[4]) == "99 words (100-200) ✗"
    assert inlay_label(a, a.answers[14]) == "251/200-300 words, 1/1-3 images ✓"
    assert outline_detail(a, a.answers[14]) == "251 words (200-300), 1 image (1-3) ✓"
    assert inlay_label(a, a.answers[20]) == "1/1-2 images ✓"
    assert outline_detail(a, a.answers[1]) == "1 word"
    assert not has_limits(a.answers[1]) and has_limits(a.answers[20])
    assert stop_note(a) is None


def test_answer_of_a_duplicate_is_none() -> None:
    text = report().replace("### Question 8\n", "### Question 7\n")
    a = analysis(text)
    first, second = [q for q in a.model.questions if q.number == 7]
    assert answer_of(a, first) is a.answers[7]
    assert answer_of(a, second) is None


def test_the_stop_note() -> None:
    a = analysis(report({5: filler(120) + "\n\n#### Details\n\nAnswer: " + filler(10)}))
    assert stop_note(a) == (
        "report.py check stops before checking any question: found 32 answers, expected 31."
    )


def test_a_tick_only_where_nothing_is_wrong() -> None:
    # Within its limits, but its image file is missing and a placeholder is left beside it.
    answer = "![a](figures/gone.png)\n\nWords.\n\n--- question 19 fill here ---"
    a = analysis(report({19: answer}))
    assert not a.answers[19].failed
    label = inlay_label(a, a.answers[19])
    assert label == "1/1-2 images ⚠ Image file does not exist (1 more problem)"
    assert outline_detail(a, a.answers[19]).endswith("⚠ Image file does not exist (1 more problem)")
    # A question without limits says what is wrong too, and nothing when nothing is.
    q2 = analysis(report({2: "all of us"}))
    assert outline_detail(q2, q2.answers[2]) == "3 words ⚠ Question 2 should list study numbers"
    assert outline_detail(q2, q2.answers[1]) == "1 word"


def test_more_problems_are_counted_as_problems() -> None:
    # Two missing files and a placeholder: the hint names the first, and says 2 more problems.
    answer = (
        "![a](figures/gone.png) ![b](figures/lost.png)\n\nWords.\n\n--- question 19 fill here ---"
    )
    a = analysis(report({19: answer}))
    assert inlay_label(a, a.answers[19]).endswith("⚠ Image file does not exist (2 more problems)")


def _shifted() -> str:
    """Q9's heading deleted and Q12's section pasted twice: report.py finds 31 answers again."""
    text = report({8: filler(64, seed=8), 9: filler(80, seed=9), 10: filler(90, seed=10)})
    text = text.replace("### Question 9\n", "", 1)
    a, b = text.index("### Question 12\n"), text.index("### Question 13\n")
    return text[:b] + text[a:b] + text[b:]


def test_a_shifted_text_says_whose_limits_it_is_counted_against() -> None:
    a = analysis(_shifted())
    assert inlay_label(a, a.answers[10]) == "90/100-200 words (checked as Q9) ✗"
    assert outline_detail(a, a.answers[12]) == "50 words (200-300) (checked as Q11) ✗"
    assert inlay_label(a, a.answers[13]) == "100/100-200 words ✓"
    # Question 8's own text is not counted at all: no tick, and the hint says why.
    assert inlay_label(a, a.answers[8]) == "64/100-200 words ⚠ Answer not counted by report.py"
