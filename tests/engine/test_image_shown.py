"""Images each renderer shows as text: the hand-in (graded) and GitHub judged apart."""

from __future__ import annotations

from pathlib import Path

from mlops_report.engine.findings import Severity
from mlops_report.engine.handin.render import handin_html
from mlops_report.engine.pipeline import analyze
from mlops_report.staff import images_not_shown

from .helpers import IMAGE, codes, covered, figures, of, one, report

IMG_LINE = '<img src="figures/a.png" width="600">'
SECOND = "![second](figures/b.png)"


def test_an_image_after_an_img_line_shows_in_the_hand_in_and_is_no_image_in_code(
    tmp_path: Path,
) -> None:
    # GitHub: the `<img>` line opens an HTML block that shows the next line as text. The hand-in:
    # Python-Markdown shows both images.
    text = report(answers={19: f"{IMG_LINE}\n{SECOND}"})
    assert '<img alt="second" src="figures/b.png" />' in handin_html(text)
    analysis = analyze(text, path=figures(tmp_path, "a.png", "b.png"))
    assert "image-in-code" not in codes(analysis)
    note = one(analysis, "image-preview-text")
    assert covered(analysis, note) == SECOND
    assert note.severity == Severity.INFORMATION
    assert "GitHub" in note.message and "the hand-in shows the image" in note.message
    assert images_not_shown(analysis) == 0


def test_the_file_of_an_image_only_github_shows_as_text_is_checked(tmp_path: Path) -> None:
    text = report(answers={19: f"{IMG_LINE}\n{SECOND}"})
    analysis = analyze(text, path=figures(tmp_path, "a.png"))  # no b.png
    missing = one(analysis, "image-not-found")
    assert covered(analysis, missing) == "figures/b.png"
    assert images_not_shown(analysis) == 1


def test_an_image_in_backticks_is_text_in_both_and_says_so() -> None:
    analysis = analyze(report(answers={19: f"{IMAGE} `![x](figures/figure.png)`"}))
    f = one(analysis, "image-in-code")
    assert f.severity == Severity.WARNING
    assert "in the hand-in and on GitHub" in f.message
    assert images_not_shown(analysis) == 1


def test_an_image_inside_a_block_html_tag_is_text_in_the_hand_in_only(tmp_path: Path) -> None:
    # GitHub ends the `<p>` block at the blank line and shows the image; Python-Markdown keeps
    # the whole `<p>...</p>` as raw HTML, so the graders' page shows `![c](...)` as text.
    markup = "![c](figures/figure.png)"
    text = report(answers={19: f'{IMAGE}\n\n<p align="center">\n\n{markup}\n\n</p>'})
    assert "![c](figures/figure.png)" in handin_html(text)
    analysis = analyze(text, path=figures(tmp_path))
    f = one(analysis, "image-in-code")
    assert covered(analysis, f) == markup
    assert "HTML block" in f.message and "GitHub shows the image" in f.message
    assert "image-preview-text" not in codes(analysis)
    assert images_not_shown(analysis) == 1


def test_an_image_in_an_html_comment_does_not_show_anywhere() -> None:
    analysis = analyze(report(answers={19: f"{IMAGE}\n\n<!-- ![old](figures/old.png) -->"}))
    f = one(analysis, "image-in-code")
    assert "does not show in the hand-in or on GitHub" in f.message
    assert "report.py still counts it" in f.message
    assert "image-not-found" not in codes(analysis)  # nothing loads it


def test_a_fence_with_a_blank_line_shows_its_image_in_the_hand_in_only(tmp_path: Path) -> None:
    # Python-Markdown has no fences: with a blank line inside, what is between is Markdown again.
    text = report(answers={19: f"{IMAGE}\n\n```\n![f](figures/f.png)\n\nmore\n```"})
    analysis = analyze(text, path=figures(tmp_path))
    assert "image-in-code" not in codes(analysis)
    assert "inside code" in one(analysis, "image-preview-text").message
    assert [covered(analysis, f) for f in of(analysis, "image-not-found")] == ["figures/f.png"]


def test_a_plain_link_github_shows_as_text_is_still_a_link_in_the_hand_in() -> None:
    analysis = analyze(report(answers={19: f"{IMG_LINE}\n[second](figures/figure.png)"}))
    assert "image-as-link" in codes(analysis)  # the hand-in shows a link, not the image
    assert "link" in one(analysis, "image-preview-text").message
