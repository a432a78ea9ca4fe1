"""The hand-in page and its block map: exact HTML, each top-level block on the lines it shows."""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlops_report.engine.handin.page import HandinPage, handin_page
from mlops_report.engine.text import SourceText

from ..conftest import ORACLE_SETS, needs_shared

HEAD = "x" * 43  # what report.py html cuts


def blocks_of(text: str) -> list[tuple[str, str]]:
    """Each block as (its source lines, its HTML)."""
    page = handin_page(text)
    assert page.html == markdown.markdown(text[43:])
    return [(text[b.start : b.end], page.html[b.html_start : b.html_end]) for b in page.blocks]


def test_a_list_after_a_paragraph_is_one_block_of_both_lines() -> None:
    assert blocks_of(HEAD + "We used:\n- a\n- b\n\nNext.\n") == [
        ("We used:\n- a\n- b", "<p>We used:\n- a\n- b</p>"),
        ("Next.", "<p>Next.</p>"),
    ]


def test_a_paragraph_and_the_heading_under_it_keep_their_own_lines() -> None:
    assert blocks_of(HEAD + "Text\n### Question 2\nMore\n\n---\n") == [
        ("Text", "<p>Text</p>"),
        ("### Question 2", "<h3>Question 2</h3>"),
        ("More", "<p>More</p>"),
        ("---", "<hr />"),
    ]


def test_a_block_that_grows_over_blank_lines_spans_them() -> None:
    text = HEAD + "- item\n\n    more of it\n\n> a\n\n> b\n\n    code\n\n\n    more code\n"
    assert [src for src, _ in blocks_of(text)] == [
        "- item\n\n    more of it",
        "> a\n\n> b",
        "    code\n\n\n    more code",
    ]


def test_raw_html_is_one_block_over_its_lines_even_with_blank_lines_inside() -> None:
    text = HEAD + "Before\n\n<div>\nraw\n\nhtml</div>\n\n<!-- note -->\nAfter *it*\n"
    assert blocks_of(text) == [
        ("Before", "<p>Before</p>"),
        ("<div>\nraw\n\nhtml</div>", "<div>\nraw\n\nhtml</div>"),
        ("<!-- note -->", "<!-- note -->"),
        ("After *it*", "<p>After <em>it</em></p>"),
    ]


def test_link_definitions_make_no_block_and_move_nothing() -> None:
    text = HEAD + "See [the docs][d].\n[d]: https://example.org\nAfter\n\nLast\n"
    assert blocks_of(text) == [
        ("See [the docs][d].", '<p>See <a href="https://example.org">the docs</a>.</p>'),
        ("After", "<p>After</p>"),
        ("Last", "<p>Last</p>"),
    ]


def test_the_first_block_starts_where_the_cut_falls() -> None:
    text = "# Exam template for 02476 Machine Learning Operations\n\nIntro\n"
    page = handin_page(text)
    assert page.html == "<p>Operations</p>\n<p>Intro</p>"
    assert [text[b.start : b.end] for b in page.blocks] == ["Operations", "Intro"]


@pytest.mark.parametrize("text", ["", "short", HEAD, HEAD + "\n\n  \n"])
def test_nothing_to_show_is_an_empty_page(text: str) -> None:
    assert handin_page(text) == HandinPage("", ())


def test_tabs_and_unicode_keep_their_lines() -> None:
    text = HEAD + "Æble 😀\n\n\tcode\twith tab\n\nafter ✓\n"
    assert [src for src, _ in blocks_of(text)] == ["Æble 😀", "\tcode\twith tab", "after ✓"]


# -- invariants ----------------------------------------------------------------------------------


def check_map(text: str) -> HandinPage:
    """The page is report.py's; its blocks, if told, are in order and show their own lines."""
    page = handin_page(text)
    assert page.html == markdown.markdown(text[43:])
    source = SourceText(text)
    html_at = start = end = 0
    for b in page.blocks:
        assert not page.html[html_at : b.html_start].strip()  # only whitespace between blocks
        # In order; two blocks share lines only where one line makes both.
        assert start <= b.start < b.end <= len(text) and b.start >= 43 and end <= b.end
        assert b.start >= end or source.line_of(b.start) == source.line_of(end)
        html_at, start, end = b.html_end, b.start, b.end
        assert words(page.html[b.html_start : b.html_end]) <= set(
            re.findall(r"[^\W_]+", text[b.start : b.end])
        )
    assert not page.html[html_at:].strip()
    if page.blocks:  # every line the page can show lies in a block
        shown = {
            line
            for b in page.blocks
            for line in range(source.line_of(b.start), source.line_of(b.end) + 1)
        }
        for line in range(source.line_of(43) + 1, source.line_count):
            shows = re.search(r"[^\W_]", source.line_text(line))  # a bare `>` may show nothing
            if shows and not _definition(source.line_text(line)):
                assert line in shown, source.line_text(line)
    return page


def words(html: str) -> set[str]:
    return set(re.findall(r"[^\W_]+", html_lib.unescape(re.sub(r"<[^>]*>", " ", html))))


def _definition(line: str) -> bool:
    return re.match(r" {0,3}\[[^\]]*\]:", line) is not None


LINES = st.sampled_from(
    [
        "Some text here",
        "More *words* and `code`",
        "",
        "",
        "- item",
        "* star item",
        "1. first",
        "2) paren",
        "    indented code",
        "        deeper",
        "> quoted",
        ">",
        "# Heading",
        "### Question 3",
        "Setext",
        "---",
        "***",
        "```",
        "~~~",
        "| a | b |",
        "|---|---|",
        "<div>",
        "</div>",
        "<p>raw</p>",
        "<!-- comment -->",
        "[ref]: https://example.org",
        "See [ref] and <https://x.org>",
        "\ttabbed",
        "  * nested item",
        "    - deeper item",
        "===",
        "<div>inline</div> and after",
        "<!--",
        "-->",
        "![img](figures/a.png)",
        "  ",
        "Æble 😀",
    ]
)


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(st.lists(LINES, max_size=30))
def test_any_text_gets_report_pys_page_and_a_true_map(lines: list[str]) -> None:
    page = check_map(HEAD + "\n".join(lines) + "\n")
    assert page.blocks or not page.html


REPORTS = sorted(
    p
    for _, folder in ORACLE_SETS
    if folder.is_dir()
    for p in folder.iterdir()
    if p.name != "INDEX.tsv"
)


@needs_shared
@pytest.mark.corpus
@pytest.mark.parametrize("readme", REPORTS, ids=[p.name for p in REPORTS])
def test_every_real_report_gets_a_full_map(readme: Path) -> None:
    text = SourceText(readme.read_text("utf-8")).text
    page = check_map(text)
    assert len(page.blocks) > 50


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab #>-*1.)`~|</!\n\n\t []():=_\\&$")), max_size=120))
def test_any_characters_get_report_pys_page_and_a_true_map(body: str) -> None:
    page = check_map(HEAD + body)
    assert page.blocks or not page.html
