"""Unit tests of the question list (`mlopsReport/questions`)."""

from __future__ import annotations

from mlops_report.lsp.questions import questions_json

from .feature_helpers import UTF16, analysis, filler, report


def test_every_question_in_order_with_its_status_and_place() -> None:
    text = report({5: filler(250), 19: ""})
    questions = questions_json(analysis(text), UTF16)
    assert [q["number"] for q in questions] == list(range(1, 32))
    lines = text.split("\n")
    for q in questions:
        start, end = q["range"]["start"], q["range"]["end"]
        assert lines[start["line"]][start["character"] : end["character"]] == f"### {q['title']}"
        assert q["title"] == f"Question {q['number']}"
        assert q["prompt"] and "**" not in q["prompt"] and ">" not in q["prompt"]
    by = {q["number"]: q for q in questions}
    assert [n for n, q in by.items() if q["failing"]] == [5, 19]
    assert [n for n, q in by.items() if q["problems"]] == [5, 19]
    assert by[5]["status"] == "250 words (100-200) ✗"
    assert by[19]["status"] == "0 images (1-2) ✗"
    assert (by[1]["limits"], by[1]["failing"], by[1]["status"]) == (False, False, "1 word")
    assert by[14]["limits"] and not by[14]["failing"]
    assert by[1]["section"] == by[2]["section"] != by[5]["section"]


def test_a_duplicated_heading() -> None:
    text = report().replace("### Question 8\n", "### Question 7\n")
    sevens = [q for q in questions_json(analysis(text), UTF16) if q["number"] == 7]
    assert [(q["status"], q["failing"]) for q in sevens][1] == ("duplicate", False)


def test_no_question_fails_when_report_py_stops_before_checking() -> None:
    text = report({5: filler(250)})
    cut = text.index("Answer:", text.index("### Question 9"))
    stopped = analysis(text[:cut] + text[cut + len("Answer:") :])
    assert stopped.result.error is not None
    assert not any(q["failing"] for q in questions_json(stopped, UTF16))


def test_no_status_passes_or_fails_when_report_py_stops() -> None:
    text = report({5: filler(250), 9: filler(120) + "\n\n#### Details\n\nAnswer: " + filler(10)})
    a = analysis(text)
    assert a.result.error is not None
    statuses = [q["status"] for q in questions_json(a, UTF16)]
    assert not any("✓" in s or "✗" in s for s in statuses)
    assert "100 words (100-200) · not checked" in statuses


def test_the_block_holding_a_failing_text_without_heading_is_failing() -> None:
    # Q9's heading deleted, Q12 pasted twice: Q9's text, in Q8's block, fails as Q8.
    text = report({9: filler(80, seed=9)}).replace("### Question 9\n", "", 1)
    a, b = text.index("### Question 12\n"), text.index("### Question 13\n")
    by = {q["number"]: q for q in questions_json(analysis(text[:b] + text[a:b] + text[b:]), UTF16)}
    assert by[8]["failing"]
    assert by[8]["status"] == "100 words (100-200) ⚠ Answer not counted by report.py"
    assert by[8]["problems"] == 3  # its own answer dropped; Q9's heading missing and text short
