"""Link destinations (model/links.py) read as CommonMark reads them: markdown-it-py's the judge."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from mlops_report.engine.model.links import inline_links, read_destination

_MD = MarkdownIt("commonmark", {"html": False})


def _commonmark(text: str) -> list[tuple[bool, str]]:
    """Return markdown-it's links and images of a paragraph's text: (image, href or src)."""
    [inline] = _MD.parseInline(text)
    return [
        (t.type == "image", str(t.attrGet("src") if t.type == "image" else t.attrGet("href")))
        for t in inline.children or []
        if t.type in ("image", "link_open")
    ]


def _ours(text: str) -> list[tuple[bool, str]]:
    return [(link.image, _MD.normalizeLink(link.destination.url)) for link in inline_links(text)]


# What a destination and title are made of; labels are plain words (brackets nest otherwise).
TAIL = ["(", ")", "<", ">", '"', "'", " ", "\n", "\\", "\\(", "\\)", '\\"', "\\>", "&amp;", "x"]
TAIL += ["&#41;", ".png", "a b", "\t", "%20", "!", "]", "[a](", "\\\\"]


@settings(max_examples=600, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["", "see ", "x\n"]),
            st.booleans(),
            st.lists(st.sampled_from(TAIL), max_size=10).map("".join),
        ),
        min_size=1,
        max_size=3,
    )
)
def test_links_and_their_destinations_are_markdown_its(
    parts: list[tuple[str, bool, str]],
) -> None:
    text = "".join(f"{lead}{'!' if image else ''}[a]({tail}" for lead, image, tail in parts)
    if re.search(r"\n[ \t>]*\n", text):
        return  # a blank line (in a quote or not) ends the paragraph
    assert _ours(text) == _commonmark(text)


def test_a_destination_is_where_it_is_written() -> None:
    text = '![a](  <figures/my shot (1).png>\n  "The title" )!'
    dest = read_destination(text, text.index("(") + 1)
    assert dest is not None
    assert text[dest.start : dest.end] == "<figures/my shot (1).png>"
    assert dest.url == "figures/my shot (1).png"
    assert text[dest.close :] == "!"


def test_no_link_across_a_blank_line_or_without_its_closing_parenthesis() -> None:
    assert read_destination('figures/x.png\n\n"t")', 0) is None
    assert read_destination("figures/x.png", 0) is None
    assert read_destination("<figures/x.png", 0) is None
    assert read_destination("figures/a b.png)", 0) is None


def test_escapes_decide_where_links_start() -> None:
    assert [(link.start, link.image) for link in inline_links(r"\[a](x.png) \![b](y.png)")] == [
        (14, False)
    ]
