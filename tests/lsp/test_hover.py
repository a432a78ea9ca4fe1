"""Unit tests of the hover: question summaries and image files."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types

from mlops_report.engine.text import PositionEncoding
from mlops_report.lsp.hover import hover, image_markdown, question_markdown, resolve_image

from .feature_helpers import BASE, IMAGE, UTF16, analysis, at, filler, report


def sizes(**files: int) -> dict[Path, int]:
    return {BASE / name: size for name, size in files.items()}


def value(h: types.Hover | None) -> str:
    assert h is not None and isinstance(h.contents, types.MarkupContent)
    return h.contents.value


def test_an_answer_hover_gives_counts_limits_and_the_reader_view() -> None:
    text = report({14: filler(150) + " <!-- a note --> ![a](figures/figure.png)"})
    a = analysis(text)
    h = value(hover(a, at(text, "### Question 14", plus=4), UTF16))
    assert h.splitlines()[0] == "**Question 14** (B3): ✗ fails report.py check"
    assert "- Words: **155** (limit 200-300) ✗" in h
    assert "- Images: **1** (limit 1-3) ✓" in h
    assert "A reader sees **150** words" in h


def test_a_hover_anywhere_in_the_block_is_the_same_and_only_the_heading_has_a_range() -> None:
    text = report()
    a = analysis(text)
    on_heading = hover(a, at(text, "### Question 5", plus=2), UTF16)
    in_body = hover(a, at(text, "> Answer:", after="### Question 5", plus=12), UTF16)
    assert value(on_heading) == value(in_body)
    assert on_heading is not None and on_heading.range is not None
    assert on_heading.range.start.character == 0
    assert in_body is not None and in_body.range is None


def test_no_hover_outside_the_questions() -> None:
    text = report()
    a = analysis(text)
    assert hover(a, text.index("\n\n") + 3, UTF16) is None  # the paragraph under the title


def test_the_template_title_says_what_report_py_html_cuts_and_that_it_is_fine() -> None:
    # No finding says it (nothing to do); hovering over the title does.
    text = report()
    a = analysis(text)
    assert not [f for f in a.findings if f.code == "handin-title-cut"]
    h = hover(a, 3, UTF16)
    assert value(h) == (
        "`report.py html` drops the first 43 characters (the length of the first templates' "
        "front matter), so the hand-in loses `# Exam template for 02476 Machine Learning` and "
        "begins with “Operations”. Every group's page starts so: nothing to do."
    )
    assert h is not None and h.range is not None
    assert (h.range.start.line, h.range.end.line) == (0, 0)


def test_questions_without_limits_and_placeholders() -> None:
    text = report({5: "--- question 5 fill here ---"})
    a = analysis(text)
    q1 = question_markdown(a, a.answers[1])
    assert "(B3): no limits" in q1 and "- Words: **1** (no limit)" in q1
    q5 = question_markdown(a, a.answers[5])
    assert "- Words: **6** (limit 100-200) ✗" in q5
    assert "Not answered yet" in q5


def test_the_stop_is_noted() -> None:
    text = report({5: filler(120) + "\n\n#### Details\n\nAnswer: " + filler(10)})
    a = analysis(text)
    assert a.result.error is not None
    h = question_markdown(a, a.answers[5])
    assert "not checked: report.py check stops" in h
    assert "- Words: **120** (limit 100-200)\n" in h  # neither ✓ nor ✗: nothing was checked
    assert "✓" not in h and "✗" not in h
    assert "report.py check stops before checking any question: found 32 answers, expected 31" in h


def test_checking_against_another_questions_limits_is_noted() -> None:
    # Q5 loses its `Answer:` (one answer fewer), Q10 splits in two (one more): the count is
    # right again, and the answers between are checked one position early.
    text = report({10: filler(100) + "\n\n#### Details\n\nAnswer: " + filler(100)})
    text = text.replace("> Answer:", "> (none)", 5).replace("> (none)", "> Answer:", 4)
    a = analysis(text)
    assert a.result.error is None
    assert a.answers[6].checked_as == 5
    h = question_markdown(a, a.answers[6])
    assert "report.py checks this text as question 5" in h
    q5 = question_markdown(a, a.answers[5])
    assert "report.py takes no answer from here on its own" in q5


def test_a_duplicated_heading_says_so() -> None:
    text = report().replace("### Question 8\n", "### Question 7\n")
    a = analysis(text)
    second = text.index("### Question 7", text.index("### Question 7") + 1)
    assert "appears twice" in value(hover(a, second + 2, UTF16))


def test_an_existing_image_shows_size_and_preview() -> None:
    text = report({21: "![build](figures/figure.png)"})
    a = analysis(text)
    h = hover(
        a, at(text, "![build]", plus=3), UTF16, size_of=sizes(**{"figures/figure.png": 2048}).get
    )
    v = value(h)
    assert "counted by report.py" in v
    assert "exists, 2.0 KB" in v
    assert "![](file:///report/figures/figure.png)" in v
    assert h is not None and h.range is not None
    assert h.range.end.character - h.range.start.character == len("![build](figures/figure.png)")


def test_an_angled_image_path_with_parentheses_is_found() -> None:
    markup = "![build](<figures/my build (1).png>)"
    text = report({21: markup})
    a = analysis(text)
    got = sizes(**{"figures/my build (1).png": 2048}).get
    h = hover(a, at(text, "![build]", plus=3), UTF16, size_of=got)
    assert "exists, 2.0 KB" in value(h)
    assert h is not None and h.range is not None
    assert h.range.end.character - h.range.start.character == len(markup)


def test_a_backslash_path_is_the_file_it_means_on_every_system() -> None:
    text = report({21: "![build](figures\\figure.png)"})
    a = analysis(text)
    got = sizes(**{"figures/figure.png": 2048}).get
    v = value(hover(a, at(text, "![build]", plus=3), UTF16, size_of=got))
    assert "exists, 2.0 KB" in v  # as the diagnostic says: write `figures/figure.png`
    assert "![](file:///report/figures/figure.png)" in v


def test_a_missing_image_has_no_preview() -> None:
    text = report({21: "![build](figures/gone.png)"})
    a = analysis(text)
    v = value(hover(a, at(text, "![build]", plus=3), UTF16, size_of=sizes().get))
    assert "**does not exist**" in v and "file://" not in v


def test_image_kinds_and_unresolvable_targets() -> None:
    text = report(
        {
            19: '[link](figures/figure.png) <img src="https://x.org/a.png">',
            20: "![a](data:image/png;base64,AAAA) ![b](figures/<image>.<extension>)",
        }
    )
    a = analysis(text)
    link, html = a.answers[19].question.images
    assert "not counted" in image_markdown(a, link, sizes().get)
    assert resolve_image(a, html) == (None, "loaded from the web (not checked)")
    data, example = a.answers[20].question.images
    assert resolve_image(a, data)[1] == "inline data"
    assert resolve_image(a, example)[1] == "the template's example path"
    unsaved = analysis(text, saved=False)
    assert resolve_image(unsaved, unsaved.answers[19].question.images[0])[0] is None


def test_an_image_hover_says_how_the_hand_in_and_github_each_show_it() -> None:
    text = report(
        {
            19: '<img src="figures/figure.png">\n![next](figures/figure.png)',
            20: "![a](figures/figure.png) `![b](figures/figure.png)`",
        }
    )
    a = analysis(text)
    after_tag = value(hover(a, at(text, "![next]", plus=2), UTF16, size_of=sizes().get))
    assert "counted by report.py; GitHub shows it as text (the hand-in shows it)" in after_tag
    in_code = value(hover(a, at(text, "![b]", plus=2), UTF16, size_of=sizes().get))
    assert "**not shown in the hand-in**: inside code, its markup shows as text" in in_code


def _shifted() -> str:
    """Q9's heading deleted and Q12's section pasted twice: report.py finds 31 answers again."""
    own_8, text_9 = "Own eight " + filler(61, seed=8) + "\n\n" + IMAGE, filler(80, seed=9)
    text = report({8: own_8, 9: text_9}).replace("### Question 9\n", "", 1)
    a, b = text.index("### Question 12\n"), text.index("### Question 13\n")
    return text[:b] + text[a:b] + text[b:]


def test_hovering_a_dropped_answer_says_so_and_what_report_py_checks_instead() -> None:
    text = _shifted()
    a = analysis(text)
    own = value(hover(a, at(text, "Own eight", plus=2), UTF16))
    lines = own.splitlines()
    assert lines[0] == "**Question 8** (B3): **not counted** by report.py"
    assert "- Words: **64** (limit 100-200)" in lines  # its own words, neither passing nor failing
    assert "- Images: **1** (no limit)" in lines
    assert "its words and images count nowhere" in own
    assert "- As question 8 report.py checks Q9's answer:" in lines
    assert "  - Words: **80** (limit 100-200) ✗" in lines
    assert value(hover(a, at(text, "### Question 8", plus=2), UTF16)).startswith(lines[0])


def test_hovering_the_text_of_a_question_without_heading_names_it_and_its_check() -> None:
    text = _shifted()
    a = analysis(text)
    nine = at(text, "> Answer:", after="Own eight") + 20
    h = value(hover(a, nine, UTF16)).splitlines()
    assert h[0] == "**Question 9** (B3, no heading): ✗ fails report.py check"
    assert "- Words: **80** (limit 100-200) ✗" in h
    assert any("report.py checks this text as question 8" in line for line in h)


def test_hovering_a_pasted_copy_says_which_question_report_py_checks_it_as() -> None:
    text = _shifted()
    a = analysis(text)
    second = text.index("### Question 12", text.index("### Question 12") + 1) + 20
    h = value(hover(a, second, UTF16))
    assert "- report.py checks this copy's text as question 12:" in h
    assert "  - Words: **50** (limit 50-100) ✓" in h


def test_plain_text_when_the_client_has_no_markdown() -> None:
    text = report()
    a = analysis(text)
    h = hover(a, at(text, "### Question 5", plus=2), UTF16, markdown=False)
    assert h is not None and isinstance(h.contents, types.MarkupContent)
    assert h.contents.kind == types.MarkupKind.PlainText


def test_hover_positions_in_every_encoding() -> None:
    text = report({21: "😀😀 ![build](figures/figure.png)"})
    a = analysis(text)
    start = at(text, "![build]")
    end = start + len("![build](figures/figure.png)")
    for enc, width in (
        (PositionEncoding.UTF16, 2),
        (PositionEncoding.UTF8, 4),
        (PositionEncoding.UTF32, 1),
    ):
        h = hover(a, end - 1, enc, size_of=sizes().get)
        assert h is not None and h.range is not None
        assert h.range.start.character == 2 * width + 1
        assert h.range.end.character == 2 * width + 1 + len("![build](figures/figure.png)")


def test_hovering_a_short_answer_shows_its_problem_and_what_it_means() -> None:
    text = report({5: filler(60)})
    a = analysis(text)
    h = value(hover(a, at(text, filler(60), plus=10), UTF16))
    assert "- Words: **60** (limit 100-200) ✗" in h
    assert "**Answer shorter than its word limit** (`words-under`): The answer has fewer" in h
    # Away from any finding, the hover has the counts only.
    clean = value(hover(a, at(text, "### Question 6", plus=4), UTF16))
    assert "`words-under`" not in clean and "---" not in clean
