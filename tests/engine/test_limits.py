"""Word and image limits (checks/limits.py): words-over, words-under, images-missing/-too-many."""

from __future__ import annotations

from mlops_report.engine.pipeline import analyze

from ..fixtures.reports import filler_words
from .helpers import IMAGE, codes, covered, lsp, of, one, pos, report, span

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
    assert "by 6" in f.message
    assert f.data["words"] == 106


def test_words_exactly_at_the_maximum_pass_and_one_more_is_over() -> None:
    assert "words-over" not in codes(analyze(report(answers={12: filler_words(100)})))
    analysis = analyze(report(answers={12: filler_words(100) + " ONEMORE"}))
    f = one(analysis, "words-over")
    assert covered(analysis, f) == "ONEMORE"
    assert "by 1" in f.message


def test_words_over_message_gives_the_reader_count_when_markup_counts() -> None:
    # Image markup is a word for report.py but no word for a reader.
    answer = filler_words(99) + " " + IMAGE + " " + IMAGE
    analysis = analyze(report(answers={12: answer}))
    f = one(analysis, "words-over")
    assert "101 words" in f.message
    assert "A reader sees 99 words" in f.message
    assert f.data["reader_words"] == 99


def test_words_under_points_at_the_question_heading() -> None:
    text = report(answers={4: filler_words(60)})
    analysis = analyze(text)
    f = one(analysis, "words-under")
    assert f.question == 4
    assert lsp(analysis, f) == span(text, "### Question 4")
    assert covered(analysis, f) == "### Question 4"
    assert "60 words" in f.message
    assert "100-200" in f.message
    assert "by 40" in f.message


def test_words_under_zero_minimum_never_fires() -> None:
    # B3 widened Q3 to 0-200: an empty answer is fine for report.py.
    analysis = analyze(report(answers={3: ""}))
    assert not of(analysis, "words-under")


def test_images_missing_points_at_the_heading_and_names_the_range() -> None:
    text = report(answers={19: "We kept the data in a bucket but forgot the screenshot."})
    analysis = analyze(text)
    f = one(analysis, "images-missing")
    assert f.question == 19
    assert lsp(analysis, f) == span(text, "### Question 19")
    assert "0 image(s)" in f.message
    assert "1-2" in f.message
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
    assert "report.py currently stops before checking" in f.message
