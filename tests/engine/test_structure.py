"""A bent template (checks/structure.py): headings, `Answer:` lines, truncation, answer count."""

from __future__ import annotations

from mlops_report.engine.findings import Severity
from mlops_report.engine.fixes import FixContext, apply_edits
from mlops_report.engine.mend import fix_all_edits, fixes_for
from mlops_report.engine.pipeline import analyze

from ..fixtures.reports import filler_words
from .helpers import codes, covered, lsp, of, one, pos, report, span

STRUCTURE_CODES = {
    "answer-count",
    "heading-missing",
    "heading-duplicate",
    "heading-order",
    "heading-level",
    "heading-form",
    "answer-marker-missing",
    "answer-marker-inside",
    "answer-truncated",
}


def _line(text: str, needle: str, after: str = "") -> tuple[tuple[int, int], tuple[int, int]]:
    """Return the range of the whole line that starts with `needle`."""
    line, char = pos(text, needle, after)
    assert char == 0
    return (line, 0), (line, len(text.splitlines()[line]))


def _duplicate(text: str, number: int) -> str:
    start = text.index(f"### Question {number}\n")
    end = text.index(f"### Question {number + 1}\n")
    return text[:end] + text[start:end] + text[end:]


def test_a_template_shaped_report_has_no_structure_findings() -> None:
    analysis = analyze(report())
    assert analysis.result.error is None
    assert not codes(analysis) & STRUCTURE_CODES


def test_sub_heading_in_an_answer_truncates_it_and_says_how_many_words_are_lost() -> None:
    answer = filler_words(60) + "\n\n#### Details\n\n" + filler_words(60, seed=3)
    text = report(answers={4: answer})
    analysis = analyze(text)
    f = one(analysis, "answer-truncated")
    assert f.question == 4
    assert lsp(analysis, f) == span(text, "#### Details")
    assert "`###`" in f.message
    assert "62 words" in f.message  # `####`, `Details` and the 60 words after them
    assert f.data == {"marker": "###", "lost": 62}
    assert f.severity is Severity.WARNING
    # report.py sees only the first 60 words.
    assert "60 words" in one(analysis, "words-under").message
    assert analysis.result.error is None


def test_double_hash_in_a_fenced_code_block_truncates_the_answer() -> None:
    answer = filler_words(100) + "\n\n```bash\n## build the image\ndocker build .\n```"
    text = report(answers={5: answer})
    analysis = analyze(text)
    f = one(analysis, "answer-truncated")
    assert f.question == 5
    assert lsp(analysis, f) == span(text, "## build the image")
    assert "`##`" in f.message
    assert "8 words" in f.message  # `##`, `build`, ..., the closing fence
    assert f.data["lost"] == 8
    # report.py keeps the 100 words and the opening fence: 101 words, inside 100-200.
    assert analysis.answers[5].words == 101
    assert "words-under" not in codes(analysis)


def test_hash_comment_in_a_fenced_block_does_not_end_the_question() -> None:
    answer = filler_words(100) + "\n\n```bash\n# install\npip install .\n```\n\n[l](figures/l.png)"
    analysis = analyze(report(answers={5: answer}))
    assert "install" not in [s.title for s in analysis.model.sections]
    question = next(q for q in analysis.model.questions if q.number == 5)
    assert [im.kind for im in question.images] == ["link"]
    assert one(analysis, "image-as-link").question == 5


def test_literal_answer_marker_in_an_answer_drops_the_words_before_it() -> None:
    answer = filler_words(50) + "\nThe Answer: is that " + filler_words(50, seed=4)
    text = report(answers={6: answer})
    analysis = analyze(text)
    f = one(analysis, "answer-marker-inside")
    assert f.question == 6
    assert covered(analysis, f) == "Answer:"
    assert lsp(analysis, f) == span(text, "Answer:", after="The Answer:")
    assert "only the 52 words after it count" in f.message
    assert "not the 51 before" in f.message
    assert f.data["replacement"] == "answer:"
    # No extra answer: the piece before it has no `###`, so report.py never takes it.
    assert analysis.result.error is None
    assert "answer-count" not in codes(analysis)
    # The numbers are report.py's: 52 words, checked as question 6.
    under = one(analysis, "words-under")
    assert under.question == 6
    assert "52 words" in under.message
    assert analysis.result.answers[5].words == 52


def test_literal_answer_marker_after_a_sub_heading_adds_an_answer() -> None:
    answer = filler_words(100) + "\n\n#### Result\n\nAnswer: " + filler_words(10, seed=5)
    text = report(answers={6: answer})
    analysis = analyze(text)
    f = one(analysis, "answer-marker-inside")
    assert lsp(analysis, f) == span(text, "Answer:", after="#### Result")
    assert "become an extra answer" in f.message
    count = one(analysis, "answer-count")
    assert "found 32 answers, expected 31" in count.message
    assert "literal `Answer:` splits an answer (Q6)" in count.message
    assert count.data == {"found": 32, "expected": 31}


def test_literal_answer_marker_before_question_one_adds_an_answer() -> None:
    text = report(preamble="Read this first. Answer: every question below.")
    analysis = analyze(text)
    f = one(analysis, "answer-marker-inside")
    assert f.question is None
    assert lsp(analysis, f) == span(text, "Answer:")
    count = one(analysis, "answer-count")
    assert lsp(analysis, count) == lsp(analysis, f)
    assert "found 32 answers, expected 31" in count.message
    assert "literal `Answer:` splits an answer (before Q1)" in count.message


def test_deleted_answer_line_is_answer_marker_missing() -> None:
    text = report()
    start = text.index("> Answer:", text.index("### Question 7\n"))
    text = text[:start] + text[start + len("> Answer:\n") :]
    analysis = analyze(text)
    f = one(analysis, "answer-marker-missing")
    assert f.question == 7
    assert lsp(analysis, f) == span(text, "### Question 7")
    [fix] = fixes_for(analysis, f, FixContext())
    [edit] = fix.edits
    assert text[: edit.start].endswith("Recommended answer length: 50-100 words.\n>")
    assert edit.text == "\n>\n> Answer:"
    count = one(analysis, "answer-count")
    assert "found 30 answers, expected 31" in count.message
    assert "`Answer:` line missing (Q7)" in count.message
    assert lsp(analysis, count) == lsp(analysis, f)


def test_deleted_heading_points_at_the_orphaned_prompt() -> None:
    text = report().replace("### Question 9\n", "")
    analysis = analyze(text)
    f = one(analysis, "heading-missing")
    assert f.question == 9
    assert lsp(analysis, f) == _line(text, "> **Did you work with branches")
    assert "above this prompt" in f.message
    assert f.data == {"number": 9, "prompt": True}
    [fix] = fixes_for(analysis, f, FixContext())
    assert fix.title == "Insert `### Question 9` above the prompt"
    assert fix.safe and fix.preferred
    assert fix.edits[0].text == "### Question 9\n\n"
    assert analyze(apply_edits(text, fix.edits)).result.error is None
    # The prompt's own `Answer:` is not reported a second time as inside Question 8.
    assert "answer-marker-inside" not in codes(analysis)
    count = one(analysis, "answer-count")
    assert "found 30 answers, expected 31" in count.message
    assert "question heading missing (Q9)" in count.message


def test_a_whole_question_removed_is_heading_missing_at_the_next_heading() -> None:
    text = report()
    start, end = text.index("### Question 9\n"), text.index("### Question 10\n")
    text = text[:start] + text[end:]
    analysis = analyze(text)
    f = one(analysis, "heading-missing")
    assert lsp(analysis, f) == span(text, "### Question 10")
    assert "belongs before Q10" in f.message


def _prompt_gone(text: str, number: int, answer_line: str) -> str:
    """Return `text` with question `number`'s heading and prompt replaced by `answer_line`."""
    start = text.index(f"### Question {number}\n")
    end = text.index("> Answer:\n", start) + len("> Answer:")
    return text[:start] + answer_line + text[end:]


def test_an_answer_line_left_of_a_question_gets_its_heading_above_it() -> None:
    for answer_line in ("Answer:", "**Answer:**"):
        text = _prompt_gone(report(), 9, answer_line)
        analysis = analyze(text)
        f = one(analysis, "heading-missing")
        assert f.question == 9
        assert covered(analysis, f) == answer_line
        assert f.message == (
            "Q9: this `Answer:` is all that is left of the question: its `### Question 9` "
            "heading and prompt are gone. report.py does not count Q8's answer above it."
        )
        # Not also a literal `Answer:` splitting Question 8: one cause, said once.
        assert "answer-marker-inside" not in codes(analysis)
        assert "question heading missing (Q9)" in one(analysis, "answer-count").message
        [fix] = fixes_for(analysis, f, FixContext())
        assert fix.title == "Insert `### Question 9` above this `Answer:` line"
        assert fix.preferred
        # It may be a literal `Answer:` of Question 8's with Question 9 deleted: asked, not
        # applied by Fix all.
        assert not fix.safe
        assert fix_all_edits(analysis, FixContext()) == []
        fixed = apply_edits(text, fix.edits)
        assert f"### Question 9\n\n{answer_line}" in fixed
        after = analyze(fixed)
        assert after.result.error is None
        # Every word stays where report.py counts it: Question 8's and 9's as in the template
        # (and the `**` after a bold `Answer:`, a word for report.py, with Question 9's).
        template = [a.words for a in analyze(report()).result.answers[7:9]]
        extra = len(answer_line.split("Answer:")[1].split())
        assert [a.words for a in after.result.answers[7:9]] == [template[0], template[1] + extra]


def test_without_its_prompt_and_answer_line_a_question_gets_no_heading_inserted() -> None:
    # Its words, if any, run on at the end of Question 8's answer and nothing says where they
    # begin; and a heading alone would leave report.py one answer short: no fix to offer.
    text = report()
    start = text.index("### Question 9\n")
    end = text.index("> Answer:\n", start) + len("> Answer:\n")
    analysis = analyze(text[:start] + text[end:])
    f = one(analysis, "heading-missing")
    assert f.message == "Q9: no `### Question 9` heading (it belongs before Q10)."
    assert fixes_for(analysis, f, FixContext()) == []


def test_a_prompt_far_from_a_missing_question_is_not_taken_for_its_own() -> None:
    # Question 9 is gone whole; a quoted `> Answer:` in Question 2's answer is no prompt of it.
    text = report(answers={2: "s123456\n\n> Answer: we wrote this as a quote"})
    start, end = text.index("### Question 9\n"), text.index("### Question 10\n")
    analysis = analyze(text[:start] + text[end:])
    f = one(analysis, "heading-missing")
    assert f.question == 9 and "belongs before Q10" in f.message
    assert fixes_for(analysis, f, FixContext()) == []
    assert one(analysis, "answer-marker-inside").question == 2


def test_duplicated_question_is_heading_duplicate_on_the_copy() -> None:
    text = _duplicate(report(), 10)
    analysis = analyze(text)
    f = one(analysis, "heading-duplicate")
    assert f.question == 10
    assert lsp(analysis, f) == span(text, "### Question 10", nth=1)
    assert "appears twice" in f.message
    count = one(analysis, "answer-count")
    assert "found 32 answers, expected 31" in count.message
    assert "question heading duplicated (Q10)" in count.message


def test_level_two_question_heading_is_an_error_that_drops_an_answer() -> None:
    text = report().replace("### Question 5\n", "## Question 5\n")
    analysis = analyze(text)
    f = one(analysis, "heading-level")
    assert f.question == 5
    assert lsp(analysis, f) == span(text, "## Question 5")
    assert f.severity is Severity.ERROR
    assert f.data == {"replacement": "### Question 5", "hashes": 2}
    assert "drops an answer" in f.message
    count = one(analysis, "answer-count")
    assert "found 30 answers, expected 31" in count.message
    assert "question heading not at level ### (Q5)" in count.message


def test_level_four_question_heading_is_only_a_warning() -> None:
    text = report().replace("### Question 5\n", "#### Question 5\n")
    analysis = analyze(text)
    f = one(analysis, "heading-level")
    assert lsp(analysis, f) == span(text, "#### Question 5")
    assert f.severity is Severity.WARNING
    assert analysis.result.error is None


def test_swapped_questions_are_heading_order_and_checked_by_position() -> None:
    text = report(answers={10: filler_words(150)})
    q10, q11, q12 = (text.index(f"### Question {n}\n") for n in (10, 11, 12))
    text = text[:q10] + text[q11:q12] + text[q10:q11] + text[q12:]
    analysis = analyze(text)
    f = one(analysis, "heading-order")
    assert f.question == 10
    assert lsp(analysis, f) == span(text, "### Question 10")
    assert "after Q11" in f.message
    # Q10's 150 words are checked against Q11's 200-300 by report.py.
    under = one(analysis, "words-under")
    assert under.question == 10
    assert "(checked as Q11)" in under.message


def test_question_number_past_the_edition_is_heading_order() -> None:
    text = report() + "\n### Question 32\n\n> Answer:\n\nmore\n"
    analysis = analyze(text)
    f = one(analysis, "heading-order")
    assert f.question == 32
    assert "this edition has 31 questions" in f.message
    assert "found 32 answers" in one(analysis, "answer-count").message


def test_heading_in_the_last_answer_makes_report_py_count_it_twice() -> None:
    answer = filler_words(60) + "\n\n### Extra notes\n\n" + filler_words(10)
    text = report(answers={31: answer})
    analysis = analyze(text)
    f = one(analysis, "answer-truncated")
    assert f.question == 31
    assert lsp(analysis, f) == span(text, "### Extra notes")
    assert "twice" in f.message
    count = one(analysis, "answer-count")
    assert "found 32 answers, expected 31" in count.message
    assert "`##`/`###` inside an answer cuts it short (Q31)" in count.message


def test_no_answer_marker_at_all_is_report_py_index_error() -> None:
    text = report().replace("Answer:", "Reply:")
    analysis = analyze(text)
    assert analysis.result.error == "IndexError: list index out of range"
    count = one(analysis, "answer-count")
    assert "IndexError" in count.message
    assert len(of(analysis, "answer-marker-missing")) == 31


def test_structure_ranges_are_the_same_with_crlf_line_endings() -> None:
    lf = report().replace("### Question 9\n", "")
    crlf = lf.replace("\n", "\r\n")
    a, b = analyze(lf), analyze(crlf)
    assert [(f.code, lsp(a, f)) for f in a.findings] == [(f.code, lsp(b, f)) for f in b.findings]
    assert of(b, "heading-missing")


def test_an_unclosed_fence_ends_at_the_next_question() -> None:
    answer = filler_words(100) + "\n\n```python\n# never closed\nprint('x')"
    text = report(answers={5: answer, 6: filler_words(20)})
    analysis = analyze(text)
    # Question 6 after it is still read: its short answer is found, its section intact.
    assert one(analysis, "words-under").question == 6
    assert [s.title for s in analysis.model.sections][-5:] == [
        "Version control",
        "Running code and tracking experiments",
        "Working in the cloud",
        "Deployment",
        "Overall discussion of project",
    ]
    assert not codes(analysis) & STRUCTURE_CODES


def test_literal_answer_marker_in_the_last_answer_keeps_only_the_text_after_it() -> None:
    answer = filler_words(60) + "\nOur Answer: " + filler_words(20, seed=7)
    analysis = analyze(report(answers={31: answer}))
    f = one(analysis, "answer-marker-inside")
    assert f.question == 31
    assert "not the 61 before" in f.message
    assert analysis.result.error is None
    under = one(analysis, "words-under")
    assert "20 words, needs 50-300" in under.message


def test_a_bend_that_costs_no_answer_claims_none() -> None:
    # `##` on Question 1: report.py still finds every answer, so no answer is said to be lost.
    analysis = analyze(report().replace("### Question 1\n", "## Question 1\n", 1))
    assert analysis.result.error is None
    f = one(analysis, "heading-level")
    assert f.message == "Q1: the heading is `##`, not `###`."
    assert f.severity == Severity.WARNING


def test_the_answer_count_names_each_cause_once_with_its_questions_in_ranges() -> None:
    text = report()
    blocks = [
        text[text.index(f"### Question {n}\n") : text.index(f"### Question {n + 1}\n")]
        for n in (3, 4, 5, 9)
    ]
    analysis = analyze(text + "\n" + "".join(blocks))  # a student pasted four answers again
    count = one(analysis, "answer-count")
    assert count.message.endswith("Cause: question heading duplicated (Q3-Q5, Q9)."), count.message
    pasted = one(analyze(text + "\n" + text), "answer-count")
    assert pasted.message.endswith("Cause: question heading duplicated (Q1-Q31)."), pasted.message


def _bend(text: str, number: int, heading: str) -> str:
    return text.replace(f"### Question {number}\n", heading + "\n", 1)


def test_short_q_headings_are_the_questions_headings_and_report_py_is_unchanged() -> None:
    text = report()
    bent = text
    for n in range(1, 32):
        bent = _bend(bent, n, f"### Q{n}")
    analysis = analyze(bent)
    # report.py does not look at the heading's words: its verdict is the template's.
    assert analysis.result.to_json() == analyze(text).result.to_json()
    assert [q.number for q in analysis.model.questions] == list(range(1, 32))
    assert all(q.bent for q in analysis.model.questions)
    forms = of(analysis, "heading-form")
    assert [f.question for f in forms] == list(range(1, 32))
    assert all(f.severity is Severity.INFORMATION for f in forms)
    assert lsp(analysis, forms[4]) == span(bent, "### Q5")
    assert forms[4].message == (
        "Q5: `### Q5` is not the template's `### Question 5` (report.py does not mind)."
    )
    # Nothing about missing headings or a literal `Answer:`: the answers are where they belong.
    assert not codes(analysis) & (STRUCTURE_CODES - {"heading-form"})
    [fix] = fixes_for(analysis, forms[4], FixContext())
    assert fix.title == "Change the heading to `### Question 5`"
    assert fix.safe and fix.preferred
    assert apply_edits(bent, fix_all_edits(analysis, FixContext())) == text


def test_a_bent_heading_keeps_the_words_after_its_number() -> None:
    for written, fixed in [
        ("###Question 5", "### Question 5"),
        ("### Q.5:", "### Question 5"),
        ("###Question 5 and how we test", "### Question 5 and how we test"),
        ("### q 5", "### Question 5"),
        ("###Q5 ###", "### Question 5"),
    ]:
        text = _bend(report(), 5, written)
        analysis = analyze(text)
        f = one(analysis, "heading-form")
        assert f.question == 5
        assert covered(analysis, f) == written
        assert f.data == {"replacement": fixed}, written
        assert codes(analysis) & STRUCTURE_CODES == {"heading-form"}, written
        assert [q.number for q in analysis.model.questions] == list(range(1, 32))


def test_a_short_heading_at_another_level_is_no_question_but_is_put_right() -> None:
    # `##Q5` is how no sub-heading is written either, but only `###` is taken bent: above Q5's
    # prompt it names the question, and the fix writes the template's heading in its place.
    text = _bend(report(), 5, "##Q5")
    analysis = analyze(text)
    assert 5 not in [q.number for q in analysis.model.questions]
    f = one(analysis, "heading-missing")
    assert covered(analysis, f) == "##Q5"
    assert "heading-form" not in codes(analysis)
    [fix] = fixes_for(analysis, f, FixContext())
    assert fix.safe
    assert apply_edits(text, fix.edits) == report()


def test_a_q_heading_with_words_after_it_is_a_sub_heading_not_a_question() -> None:
    # How FAQs and sub-headings are written: report.py cuts the answer there, and that is what
    # the student must hear, not that Q1 appears twice.
    for sub_heading in ("### Q1 results", "### Q1: what we kept", "#### Q1: results", "# Q1: x"):
        answer = filler_words(60) + f"\n\n{sub_heading}\n\n" + filler_words(60, seed=3)
        analysis = analyze(report(answers={4: answer}))
        assert [q.number for q in analysis.model.questions] == list(range(1, 32)), sub_heading
        if sub_heading.startswith(("###", "##")):
            assert one(analysis, "answer-truncated").question == 4, sub_heading
        found = codes(analysis)
        assert not found & {"heading-form", "heading-duplicate", "heading-level"}, sub_heading


def test_a_template_heading_gets_no_heading_form() -> None:
    text = _bend(report(), 5, "### Question 5 (revised)")
    assert "heading-form" not in codes(analyze(text))


def test_one_bent_heading_loses_no_words_of_the_question_before() -> None:
    for written in ("### Q5", "###Question 5"):
        analysis = analyze(_bend(report(), 5, written))
        assert "answer-truncated" not in codes(analysis), written
        assert "heading-missing" not in codes(analysis), written
        assert one(analysis, "heading-form").question == 5


def test_a_heading_with_other_words_above_a_prompt_is_missing_the_question_s_name() -> None:
    text = _bend(report(), 5, "### Fifth question")
    analysis = analyze(text)
    assert analysis.result.error is None
    # report.py ends Question 4's answer at this `###`, as it should: nothing is lost.
    assert "answer-truncated" not in codes(analysis)
    assert "heading-form" not in codes(analysis)
    f = one(analysis, "heading-missing")
    assert f.question == 5
    assert covered(analysis, f) == "### Fifth question"
    # The report no longer names Q5 there: not a note that all is well.
    assert f.severity is Severity.WARNING
    assert "the report no longer names Q5 here" in f.message
    [fix] = fixes_for(analysis, f, FixContext())
    assert fix.title == "Change the heading to `### Question 5` (replaces `### Fifth question`)"
    assert fix.preferred
    assert not fix.safe  # it drops the line's own words
    assert fix_all_edits(analysis, FixContext()) == []


def test_the_answer_under_a_heading_with_other_words_is_checked_as_its_own() -> None:
    short = filler_words(40)
    text = _bend(report(answers={5: short}), 5, "### Fifth question")
    analysis = analyze(text)
    f = one(analysis, "words-under")
    assert f.question == 5
    assert covered(analysis, f) == short
    assert f.message.startswith("Q5: 40 words, needs 100-200 (60 more)")
    assert "checked as" not in f.message


def test_a_line_naming_the_question_above_its_prompt_is_fixed_into_its_heading() -> None:
    text = _bend(report(), 5, "**Question 5**")
    analysis = analyze(text)
    assert analysis.result.error is not None
    f = one(analysis, "heading-missing")
    assert covered(analysis, f) == "**Question 5**"
    assert "report.py needs `### Question 5` here" in f.message
    [fix] = fixes_for(analysis, f, FixContext())
    assert fix.safe and fix.preferred
    assert apply_edits(text, fix.edits) == report()


def test_a_cut_before_a_missing_heading_counts_only_the_answers_words() -> None:
    answer = filler_words(100) + "\n\n#### Details\n\n" + filler_words(10, seed=3)
    text = _bend(report(answers={4: answer}), 5, "### Fifth question")
    analysis = analyze(text)
    f = one(analysis, "answer-truncated")
    assert f.question == 4
    assert f.data == {"marker": "###", "lost": 12}  # `####`, `Details` and 10 words, no prompt


def test_a_literal_answer_before_a_sub_heading_gives_report_py_s_count() -> None:
    answer = (
        filler_words(110)
        + "\n\nShort Answer: we trust it partly. Also a sub-heading:\n\n#### Details\n\n"
        + filler_words(10, seed=3)
    )
    text = report(answers={8: answer})
    analysis = analyze(text)
    inside = one(analysis, "answer-marker-inside")
    assert inside.question == 8
    assert "only the 7 words after it count, not the 111 before" in inside.message
    assert analysis.answers[8].words == 7  # what report.py counts, as words-under says
    assert "7 words" in one(analysis, "words-under").message
    cut = one(analysis, "answer-truncated")
    assert cut.question == 8
    assert lsp(analysis, cut) == span(text, "#### Details")
    assert cut.data == {"marker": "###", "lost": 12}


def test_the_answer_count_speaks_in_words_and_in_the_singular_for_one() -> None:
    text = "# Exam template for 02476 Machine Learning Operations\n\n"
    text += "### Question 1\n\n> Say who you are.\n>\n> Answer:\n\nWe are group 1.\n"
    analysis = analyze(text, edition="B3")
    count = one(analysis, "answer-count")
    assert "found 1 answer, expected 31" in count.message
    # Each cause in words a student reads, not the name of a finding code.
    assert "Cause: question heading missing (Q2-Q31)." in count.message
    assert not any(code in count.message for code in STRUCTURE_CODES)


# -- an edition that does not fit ----------------------------------------------------------------


def test_a_31_question_edition_chosen_for_a_27_question_report_says_it_does_not_fit() -> None:
    text = report("A1")
    analysis = analyze(text, edition="B3")
    assert analysis.result.error is not None  # report.py B3 stops on it: that much is true
    count = one(analysis, "answer-count")
    assert count.message == (
        "report.py check will stop: found 27 answers, expected 31. The edition does not fit the "
        "report: B3 (the edition chosen) expects 31 questions, and the report has 27, as A1 does."
    )
    assert lsp(analysis, count) == span(text, "### Question 1")
    # Questions 28-31 were never the report's: no heading of theirs is missing.
    assert "heading-missing" not in codes(analysis)


def test_a_27_question_edition_chosen_for_a_31_question_report_says_it_does_not_fit() -> None:
    analysis = analyze(report("B3"), edition="A1")
    assert one(analysis, "answer-count").message.endswith(
        "The edition does not fit the report: A1 (the edition chosen) expects 27 questions, and "
        "the report has 31, as B3 does."
    )
    assert "heading-order" not in codes(analysis)  # Questions 28-31 are the report's own


def test_a_report_py_beside_that_does_not_fit_is_named() -> None:
    from .test_drift import A1_TABLE

    analysis = analyze(report("B3"), report_py=A1_TABLE)
    assert "the report.py beside it (A1) expects 27 questions, and the report has 31" in (
        one(analysis, "answer-count").message
    )


def test_the_report_s_own_bends_are_said_after_the_edition_that_does_not_fit() -> None:
    text = _bend(report("A1"), 24, "## Question 24")
    analysis = analyze(text, edition="B3")
    assert one(analysis, "answer-count").message.endswith(
        "the report has 27, as A1 does. Also: question heading not at level ### (Q24)."
    )
    assert one(analysis, "heading-level").question == 24


def test_an_edition_s_report_with_its_last_questions_cut_away_still_fits_it() -> None:
    # Its prompts are B3's: Questions 28-31 are missing, not another template's.
    text = report("B3")
    text = text[: text.index("### Question 28")]
    analysis = analyze(text, edition="B3")
    assert [f.question for f in analysis.findings if f.code == "heading-missing"] == [
        28,
        29,
        30,
        31,
    ]
    assert "question heading missing (Q28-Q31)" in one(analysis, "answer-count").message
