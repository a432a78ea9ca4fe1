"""Word and image limits (checks/limits.py): words-over, words-under, images-missing/-too-many."""

from __future__ import annotations

from mlops_report.engine.pipeline import analyze

from ..fixtures.reports import filler_words
from .helpers import IMAGE, codes, covered, lsp, of, one, pos, report

LIMIT_CODES = {"words-over", "words-under", "images-missing", "images-too-many"}


def test_a_report_inside_every_limit_has_no_limit_findings() -> None:
    analysis = analyze(report())
    assert analysis.result.passed == 31
    assert not codes(analysis) & LIMIT_CODES


def test_words_over_marks_from_the_first_word_past_the_limit_to_the_end() -> None:
    # Q12 allows 50-100 words; the 101st word is the first one marked.
    answer = filler_words(100) + "\nPASTLIMIT " + filler_words(4, seed=9) + " LASTWORD"
    text = report(answers={12: answer})
    analysis = analyze(text)
    f = one(analysis, "words-over")
    assert f.question == 12
    assert covered(analysis, f).split()[0] == "PASTLIMIT"
    assert covered(analysis, f).endswith("LASTWORD")
    start = pos(text, "PASTLIMIT")
    end_line, end_char = pos(text, "LASTWORD")
    assert lsp(analysis, f) == (start, (end_line, end_char + len("LASTWORD")))
    assert "106 words" in f.message
    assert "50-100" in f.message
    assert "(6 too many)" in f.message
    assert f.data["words"] == 106


def test_words_exactly_at_the_maximum_pass_and_one_more_is_over() -> None:
    assert "words-over" not in codes(analyze(report(answers={12: filler_words(100)})))
    analysis = analyze(report(answers={12: filler_words(100) + " ONEMORE"}))
    f = one(analysis, "words-over")
    assert covered(analysis, f) == "ONEMORE"
    assert "(1 too many)" in f.message


def test_words_over_counts_markup_as_report_py_does_and_keeps_the_reader_count() -> None:
    # Image markup is a word for report.py but no word for a reader (the hover explains).
    answer = filler_words(99) + " " + IMAGE + " " + IMAGE
    analysis = analyze(report(answers={12: answer}))
    f = one(analysis, "words-over")
    assert f.message == "Q12: 101 words, allows 50-100 (1 too many)"
    assert f.data["reader_words"] == 99


def test_words_under_covers_the_short_answer_and_says_how_many_more() -> None:
    text = report(answers={4: filler_words(60)})
    analysis = analyze(text)
    f = one(analysis, "words-under")
    assert f.question == 4
    assert covered(analysis, f) == filler_words(60)
    assert f.message == "Q4: 60 words, needs 100-200 (40 more)"


def test_words_under_gives_what_a_reader_sees_when_it_differs() -> None:
    # Only images: report.py counts each `![..](..)` as words, a reader sees none.
    answer = "![the chart](figures/chart.png)\n![the system](figures/system.png)"
    f = one(analyze(report(answers={14: answer})), "words-under")
    assert f.message == (
        "Q14: 4 words, needs 200-300 (196 more). "
        "Of these a reader sees 0: the rest are markup, placeholders or comments."
    )
    assert f.data["reader_words"] == 0


def test_words_under_on_an_empty_answer_covers_its_answer_line() -> None:
    text = report(answers={4: ""})
    analysis = analyze(text)
    f = one(analysis, "words-under")
    assert covered(analysis, f) == "> Answer:"
    assert f.message == "Q4: 0 words, needs 100-200 (100 more)"


def test_words_under_zero_minimum_never_fires() -> None:
    # B3 widened Q3 to 0-200: an empty answer is fine for report.py.
    analysis = analyze(report(answers={3: ""}))
    assert not of(analysis, "words-under")


def test_images_missing_covers_the_answer_and_names_the_range() -> None:
    answer = "We kept the data in a bucket but forgot the screenshot."
    text = report(answers={19: answer})
    analysis = analyze(text)
    f = one(analysis, "images-missing")
    assert f.question == 19
    assert covered(analysis, f) == answer
    assert f.message == "Q19: no image, needs 1-2"
    assert f.data["need"] == 1


def test_images_too_many_marks_exactly_the_extra_images() -> None:
    extra1 = "![third](figures/c.png)"
    extra2 = "![fourth](figures/d.png)"
    answer = f"![first](figures/a.png) ![second](figures/b.png) {extra1}\n{extra2}"
    text = report(answers={20: answer})
    analysis = analyze(text)
    f = one(analysis, "images-too-many")
    assert f.question == 20
    assert covered(analysis, f) == f"{extra1}\n{extra2}"
    end_line, end_char = pos(text, extra2)
    assert lsp(analysis, f) == (pos(text, extra1), (end_line, end_char + len(extra2)))
    assert "4 images" in f.message
    assert "at most 2" in f.message


def test_images_at_the_maximum_pass() -> None:
    answer = "![first](figures/a.png) ![second](figures/b.png)"
    analysis = analyze(report(answers={20: answer}))
    assert not codes(analysis) & LIMIT_CODES


def test_limits_say_when_report_py_stops_before_checking() -> None:
    # A duplicated heading makes report.py stop; the limit finding says so.
    text = report(answers={4: filler_words(60)})
    cut = text.index("### Question 10")
    end = text.index("### Question 11")
    text = text[:end] + text[cut:end] + text[end:]
    analysis = analyze(text)
    assert analysis.result.error is not None
    f = one(analysis, "words-under")
    assert "(not checked while report.py stops)" in f.message
