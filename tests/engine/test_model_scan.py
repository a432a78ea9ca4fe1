"""The fast line scan finds exactly the lines the whole-text regexes would."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from mlops_report.engine.model.headings import line_matches
from mlops_report.engine.model.patterns import CHECKLIST_RE, FENCE_RE, HEADING_RE

PIECES = ["#", "##", "###", " ", "  ", "    ", "\n", "\t", "a", "`", "```", "~~~", "x y", "é😀"]


def _reference(text: str, mark: str, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    return [
        m.span() for m in pattern.finditer(text) if text[m.start() :].lstrip(" ").startswith(mark)
    ]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60).map("".join))
def test_line_scan_equals_regex_scan(text: str) -> None:
    for mark, pattern in (("#", HEADING_RE), ("`", FENCE_RE), ("~", FENCE_RE)):
        got = [m.span() for m in line_matches(text, mark, pattern)]
        assert got == _reference(text, mark, pattern)


def test_line_scan_skips_marks_after_other_text() -> None:
    text = "~~~ `x`\n  ### h\nword # not\n    # too deep\n"
    assert [m.group(0) for m in line_matches(text, "`", FENCE_RE)] == []
    assert [m.group(0) for m in line_matches(text, "#", HEADING_RE)] == ["  ### h"]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(["* [", "- [x]", "]", " ", "\t", "\n", "a", "\x0c", "\r", "é"]), max_size=14
    )
)
def test_checklist_items_are_what_the_lazy_pattern_finds(pieces: list[str]) -> None:
    # The definition: the label is the rest of the line, without trailing spaces and tabs.
    text = "".join(pieces)
    direct = re.compile(r"^[ \t]*[*+-][ \t]+\[([^\]\n]*)\][ \t]*(.*?)[ \t]*$", re.M)
    found = [(m.span(), m.groups()) for m in CHECKLIST_RE.finditer(text)]
    assert found == [(m.span(), m.groups()) for m in direct.finditer(text)]
