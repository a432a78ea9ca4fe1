"""Fixes keep the student's words, and never make report.py fail a question that passed."""

from __future__ import annotations

import pytest

from mlops_report.engine.analysis import Analysis
from mlops_report.engine.findings import Finding
from mlops_report.engine.fixes import Edit, Fix, FixContext, apply_edits
from mlops_report.engine.mend import conflicts, fix_all_edits, fixes_for
from mlops_report.engine.registry import CODES

from ..fixtures.reports import filler_words, placeholder
from ..lsp.feature_helpers import IMAGE, FakeFS, analysis, report


def _only(a: Analysis, code: str) -> Finding:
    [f] = [f for f in a.findings if f.code == code]
    return f


def test_an_edited_placeholder_loses_only_the_template_words() -> None:
    a = analysis(report({2: "--- s123456, question 2 fill here ---"}))
    [fix] = fixes_for(a, _only(a, "placeholder-leftover"), FixContext())
    assert fix.title == "Remove the template's words, keeping `s123456,`"
    assert fix.safe
    out = apply_edits(a.source.text, fix.edits)
    assert "> Answer:\n\ns123456,\n" in out
    assert "fill here" not in out.split("### Question 2")[1].split("### Question 3")[0]


def test_a_placeholder_that_keeps_an_answer_at_its_minimum_is_not_removed_by_fix_all() -> None:
    # 96 words of the student's and the placeholder's 6: report.py counts 102 of 100-200.
    a = analysis(report({5: filler_words(96) + "\n\n" + placeholder(5)}))
    assert not a.answers[5].failed
    [fix] = fixes_for(a, _only(a, "placeholder-leftover"), FixContext())
    assert fix.title == "Remove the placeholder (removes 6 words: Q5 drops to 96, under 100)"
    assert not fix.safe and not fix.preferred
    assert fix_all_edits(a, FixContext()) == []


def test_a_cost_is_said_the_same_whatever_the_title_ends_with(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A title that ends in a `)` of its own must not take the cost inside it.
    def write_a_call(a: Analysis, f: Finding, ctx: FixContext) -> list[Fix]:
        return [Fix("Write it as f(x)", (Edit(f.start, f.end, "f(x)"),), safe=True)]

    code = CODES["placeholder-leftover"]
    monkeypatch.setitem(CODES, code.name, code._replace(fix=write_a_call))
    a = analysis(report({5: filler_words(96) + "\n\n" + placeholder(5)}))
    [fix] = fixes_for(a, _only(a, "placeholder-leftover"), FixContext())
    assert fix.title == "Write it as f(x) (removes 5 words: Q5 drops to 97, under 100)"
    assert not fix.safe


def test_a_fix_that_notes_a_change_says_its_cost_in_the_same_parentheses() -> None:
    # 98 words and a fence of two: dropping the fence lines leaves 99 of 100-200.
    a = analysis(report({5: filler_words(98) + "\n\n```bash\nls\n```"}))
    [fix] = fixes_for(a, _only(a, "handin-fenced-code"), FixContext())
    assert fix.title == (
        "Turn the fenced code into a code block indented 4 spaces "
        "(drops the `bash` label; removes 2 words: Q5 drops to 99, under 100)"
    )
    assert not fix.safe and not fix.preferred


def test_a_link_that_would_be_one_image_too_many_is_not_shown_by_fix_all() -> None:
    # The link stands alone, so only the image limit keeps it out of Fix all.
    a = analysis(report({19: f"{IMAGE} {IMAGE}\n\n[third](figures/figure.png)"}))
    assert not a.answers[19].failed
    [fix] = fixes_for(a, _only(a, "image-as-link"), FakeFS("figures/figure.png").ctx())
    assert fix.title == "Show the image: add `!` (Q19 would have 3 images, over 2)"
    assert not fix.safe and not fix.preferred
    assert fix_all_edits(a, FakeFS("figures/figure.png").ctx()) == []


def test_a_link_inside_a_sentence_at_the_image_limit_says_both_costs() -> None:
    a = analysis(report({19: f"{IMAGE} {IMAGE} and [third](figures/figure.png)"}))
    [fix] = fixes_for(a, _only(a, "image-as-link"), FakeFS("figures/figure.png").ctx())
    assert fix.title == (
        "Show the image: add `!` (the word “third” becomes the image's alt text, gone from the "
        "sentence; Q19 would have 3 images, over 2)"
    )
    assert not fix.safe and not fix.preferred


@pytest.mark.parametrize(
    "answer",
    [
        "[Here](figures/figure.png) is what our sweep looked like.",
        "Our sweep:\n[the sweep](figures/figure.png)",
        "- a list item with words\n[the sweep](figures/figure.png)",
        "- [the sweep](figures/figure.png)\n  and words that go on in the item",
        "> See [the sweep](figures/figure.png) here.",
        "[a](figures/figure.png)\n[b](figures/figure.png)\nand a sentence after them",
    ],
)
def test_a_link_among_words_is_not_fixed_by_fix_all(answer: str) -> None:
    a = analysis(report({19: answer}))
    ctx = FakeFS("figures/figure.png").ctx()
    fixes = [fix for f in a.findings if f.code == "image-as-link" for fix in fixes_for(a, f, ctx)]
    assert fixes
    for fix in fixes:
        assert "the image's alt text, gone from the sentence" in fix.title
        assert not fix.safe and not fix.preferred
    assert not any(e.text == "!" for e in fix_all_edits(a, ctx))


@pytest.mark.parametrize(
    "answer",
    [
        "[the sweep](figures/figure.png)",
        "Our sweep:\n\n[the sweep](figures/figure.png)  \n\nAnd more words after it.",
        "- some item\n- [the sweep](figures/figure.png)\n- another item",
        "1. [the sweep](figures/figure.png)",
        "> [the sweep](figures/figure.png)",
        "[the sweep](figures/figure.png)\n[the bucket](figures/figure.png)",
    ],
)
def test_a_link_standing_alone_is_fixed_by_fix_all(answer: str) -> None:
    a = analysis(report({19: answer}))
    ctx = FakeFS("figures/figure.png").ctx()
    links = [f for f in a.findings if f.code == "image-as-link"]
    for f in links:
        [fix] = fixes_for(a, f, ctx)
        assert fix.title == "Show the image: add `!`"
        assert fix.safe and fix.preferred
    out = apply_edits(a.source.text, fix_all_edits(a, ctx))
    assert out.count("![the sweep](figures/figure.png)") == 1


@pytest.mark.parametrize(
    "answer",
    [
        '[the sweep](<figures/my sweep (1).png>\n"The sweep")',
        '[the sweep](figures/run(2).png)\n[the bucket](figures/run\\(3\\).png "A title")',
    ],
)
def test_a_link_with_parentheses_or_a_title_standing_alone_is_fixed_by_fix_all(
    answer: str,
) -> None:
    # Where the link ends is CommonMark's reading of its destination and title.
    a = analysis(report({19: answer}))
    ctx = FakeFS().ctx()
    links = [f for f in a.findings if f.code == "image-as-link"]
    assert len(links) == answer.count("](")
    for f in links:
        [fix] = fixes_for(a, f, ctx)
        assert fix.safe and fix.preferred
    out = apply_edits(a.source.text, fix_all_edits(a, ctx))
    assert out.count("![the ") == len(links)
    assert not [f for f in analysis(out).findings if f.code == "image-as-link"]


def test_a_link_on_the_line_before_a_heading_stands_alone() -> None:
    text = report({19: "[the sweep](figures/figure.png)"})
    text = text.replace(
        "[the sweep](figures/figure.png)\n\n###", "[the sweep](figures/figure.png)\n###"
    )
    a = analysis(text)
    [fix] = fixes_for(a, _only(a, "image-as-link"), FakeFS("figures/figure.png").ctx())
    assert fix.safe


def test_fix_all_takes_one_of_two_placeholders_when_both_would_cost_the_pass() -> None:
    # 94 words of the student's and two placeholders: 106. One may go (100); both may not (94).
    answer = placeholder(5) + "\n\n" + filler_words(94) + "\n\n" + placeholder(5)
    a = analysis(report({5: answer}))
    fixes = [fixes_for(a, f, FixContext()) for f in a.findings if f.code == "placeholder-leftover"]
    assert [fix.safe for [fix] in fixes] == [True, True]
    out = apply_edits(a.source.text, fix_all_edits(a, FixContext()))
    assert not analysis(out).answers[5].failed
    assert out.count(placeholder(5)) == 1


@pytest.mark.parametrize(
    ("answer", "paragraphs"),
    [
        ("First words.\n{p}\n\nSecond words.", ["First words.", "Second words."]),
        ("First words.\n\n{p}\nSecond words.", ["First words.", "Second words."]),
        ("First words.\n\n{p}\n\nSecond words.", ["First words.", "Second words."]),
        ("First words.\n{p}\nSecond words.", ["First words.\nSecond words."]),
        ("First words. {p} Second words.", ["First words. Second words."]),
    ],
)
def test_removing_a_placeholder_keeps_the_paragraphs_apart(
    answer: str, paragraphs: list[str]
) -> None:
    lead = filler_words(110)
    a = analysis(report({5: lead + "\n\n" + answer.format(p=placeholder(5))}))
    [fix] = fixes_for(a, _only(a, "placeholder-leftover"), FixContext())
    out = apply_edits(a.source.text, fix.edits)
    body = out.split(lead + "\n\n")[1].split("\n\n### Question 6")[0]
    assert body.split("\n\n") == paragraphs


def test_edits_that_overlap_or_insert_at_one_point_conflict() -> None:
    assert conflicts(Edit(0, 5, "a"), Edit(3, 6, "b"))
    assert conflicts(Edit(3, 6, "b"), Edit(0, 5, "a"))
    assert conflicts(Edit(5, 5, "a"), Edit(5, 5, "b"))
    assert conflicts(Edit(0, 5, "a"), Edit(5, 5, "b"))
    assert not conflicts(Edit(0, 5, "a"), Edit(5, 7, "b"))


def test_a_placeholder_fix_keeps_the_students_own_template_like_words() -> None:
    # The student's own `question 4` and `---` stay; only the template's words go.
    written = "We used DVC --- as in question 4 --- question 5 fill here --- end"
    a = analysis(report({5: filler_words(110) + " " + written}))
    [fix] = fixes_for(a, _only(a, "placeholder-leftover"), FixContext())
    out = apply_edits(a.source.text, fix.edits)
    assert "We used DVC as in question 4 --- end" in out


def test_prose_that_looks_like_a_placeholder_is_never_mended_unasked() -> None:
    # `--- I will fill here later, see question 4 ---` matches the placeholder pattern, but it
    # is no template text for Question 5: its fix is offered, never applied by Fix all.
    written = "--- I will fill here later, see question 4 --- question 5 fill here ---"
    a = analysis(report({5: filler_words(110) + " " + written}))
    fixes = [fixes_for(a, f, FixContext()) for f in a.findings if f.code == "placeholder-leftover"]
    assert fixes and all(not fix.safe for [fix] in fixes)
    assert "I will fill here later, see question 4" in apply_edits(
        a.source.text, fix_all_edits(a, FixContext())
    )


def test_a_placeholder_between_two_words_leaves_them_apart() -> None:
    a = analysis(report({5: filler_words(110) + " word--- question 5 fill here ---word"}))
    out = apply_edits(a.source.text, fix_all_edits(a, FixContext()))
    assert " word word" in out


def test_a_fix_that_would_stop_report_py_is_neither_preferred_nor_in_fix_all() -> None:
    # Two slips that cancel out: a literal `Answer:` before Question 1 adds an answer and Question
    # 5's missing `Answer:` line takes one away, so report.py finds its 31 and checks them.
    text = report()
    at = text.index("### Question 5")
    text = text[:at] + text[at:].replace("> Answer:", ">", 1)
    at = text.index("### Question 1")
    text = text[:at] + "Answer: a note to ourselves.\n\n" + text[at:]
    a = analysis(text)
    assert a.result.error is None
    fixes = [
        fix
        for code in ("answer-marker-inside", "answer-marker-missing")
        for fix in fixes_for(a, _only(a, code), FixContext())
    ]
    # Each fix alone would make report.py stop: the editor must not offer it as the one to apply.
    assert [fix.title.endswith("(report.py check would then stop)") for fix in fixes] == [
        True,
        True,
    ]
    assert not any(fix.preferred or fix.safe for fix in fixes)
    assert fix_all_edits(a, FixContext()) == []
