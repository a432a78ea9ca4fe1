"""Images written so that report.py does not count them or Markdown does not show them."""

from __future__ import annotations

from mlops_report.engine.pipeline import analyze

from .helpers import IMAGE, codes, covered, lsp, one, report, span

SYNTAX_CODES = {"image-as-link", "image-html", "image-reference", "image-in-code"}


def test_proper_images_and_plain_links_give_no_syntax_findings() -> None:
    answer = f"{IMAGE} See [the docs](https://example.com/guide) and [![a](figures/a.png)](x.png)"
    analysis = analyze(report(answers={19: answer}))
    assert not codes(analysis) & SYNTAX_CODES


def test_image_in_backticks_is_image_in_code_and_still_counted() -> None:
    markup = "![shown as text](figures/a.png)"
    text = report(answers={19: f"{IMAGE} and `{markup}`"})
    analysis = analyze(text)
    f = one(analysis, "image-in-code")
    assert f.question == 19
    assert covered(analysis, f) == markup
    assert lsp(analysis, f) == span(text, markup)
    assert "report.py still counts it" in f.message
    assert analysis.answers[19].images == 2


def test_image_in_a_fenced_block_is_image_in_code() -> None:
    markup = "![in a fence](figures/a.png)"
    text = report(answers={19: f"{IMAGE}\n\n```markdown\n{markup}\n```"})
    analysis = analyze(text)
    f = one(analysis, "image-in-code")
    assert lsp(analysis, f) == span(text, markup)


def test_html_image_in_code_says_report_py_ignores_it() -> None:
    tag = '<img src="figures/a.png">'
    analysis = analyze(report(answers={19: f"{IMAGE} `{tag}`"}))
    f = one(analysis, "image-in-code")
    assert covered(analysis, f) == tag
    assert "report.py ignores it" in f.message
    assert "image-html" not in codes(analysis)


def test_image_as_link_covers_the_link() -> None:
    link = "[x](figures/a.png)"
    text = report(answers={19: f"{IMAGE} {link}"})
    analysis = analyze(text)
    f = one(analysis, "image-as-link")
    assert f.question == 19
    assert lsp(analysis, f) == span(text, link)
    assert "Add `!`" in f.message
    assert f.data == {"kind": "link", "alt": "x", "path": "figures/a.png"}


def test_image_as_link_alone_also_leaves_the_question_without_images() -> None:
    analysis = analyze(report(answers={19: "[bucket](figures/bucket.png)"}))
    assert {"image-as-link", "images-missing"} <= codes(analysis)


def test_image_html_covers_the_whole_tag() -> None:
    tag = '<img src="figures/a.png" width="300">'
    text = report(answers={19: f"Our bucket: {tag}"})
    analysis = analyze(text)
    f = one(analysis, "image-html")
    assert f.question == 19
    assert lsp(analysis, f) == span(text, tag)
    assert f.message == (
        "Q19: an HTML <img> shows, but report.py counts only `![alt](path)`: "
        "Q19 has no counted image, needs 1-2."
    )
    assert f.data["path"] == "figures/a.png"


def test_image_html_where_it_costs_nothing_is_not_reported() -> None:
    tag = '<img src="figures/logo.svg" width="20">'
    # Q19 already has the image it needs; Q5 has no image limit at all. Both show the <img>.
    analysis = analyze(report(answers={19: f"{IMAGE} and {tag}", 5: f"{tag} Our tool."}))
    assert not codes(analysis) & SYNTAX_CODES


def test_image_html_alone_on_its_line_is_html_not_code() -> None:
    # An <img> starting a line opens an HTML block; it renders, so it is image-html.
    tag = '<img src="figures/a.png" alt="a">'
    text = report(answers={19: f"Our bucket:\n\n{tag}\n"})
    analysis = analyze(text)
    f = one(analysis, "image-html")
    assert lsp(analysis, f) == span(text, tag)
    assert "image-in-code" not in codes(analysis)


def test_markdown_image_inside_an_html_block_is_shown_as_text() -> None:
    image = "![inside](figures/inside.png)"
    text = report(answers={19: f"<div>\n{image}\n</div>\n"})
    analysis = analyze(text)
    assert lsp(analysis, one(analysis, "image-in-code")) == span(text, image)


def test_image_reference_covers_the_reference_image() -> None:
    ref = "![diagram][arch]"
    text = report(answers={19: f"Our bucket: {ref}\n\n[arch]: figures/a.png"})
    analysis = analyze(text)
    f = one(analysis, "image-reference")
    assert f.question == 19
    assert lsp(analysis, f) == span(text, ref)
    assert "reference-style image" in f.message


def test_image_reference_where_the_count_holds_is_not_reported() -> None:
    ref = "![diagram][arch]"
    analysis = analyze(report(answers={19: f"{IMAGE} {ref}\n\n[arch]: figures/a.png"}))
    assert "image-reference" not in codes(analysis)
