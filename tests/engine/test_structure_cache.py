"""Block structure reused by line shape is always what a fresh markdown-it parse finds."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from mlops_report.engine.caches import clear_all
from mlops_report.engine.model.patterns import CODE_SPAN_RE
from mlops_report.engine.model.regions import Cover, block_structure, inline_code
from mlops_report.engine.model.types import Span

FULL = MarkdownIt("commonmark").enable("table")  # every rule on, inline parsing included

LINES = [
    "", "text here", "more words", "    indented", "\tab", "```", "```python", "~~~", "<div>",
    "</div>", "<pre>", "</pre>", "<!-- note", "-->", "<?php", "?>", "<![CDATA[", "]]>",
    "| a | b |", "|---|---|", "- item", "1. first", "2) second", "> quote", "# h", "===", "---",
    "***", "[ref]: /url", "a <b> c", "x > y", "`code`", "![i](figures/a.png)", "  two",
    "- a `b` c", "* **bold** text", "-     code", "  - nested", "> - quoted item", "1.5 million",
    "10) tenth", "- ```", "- <div>", "- # in a list", "#tag", "## heading `x`", "_x_ text",
    "+ plus", "- - -", ":--", "a | b", "<!--", "    ```", "-", "1.", "\t- tab item", "__init__",
    "a -> b", "text > more", "> > nested", ">     code in a quote", ">", "<!DOCTYPE x", "<script>",
    "  ```", "     ```", "   ~~~~", "1.  ```", "   - ```", "> ```", "<?x", "text", "text",
]  # fmt: skip
CHARS = [
    "a", " ", "<", ">", "|", "`", "-", "#", "\t", "[", "]", "/", "!", "=", "*", "1", ".", "_",
    "+", "~", ":", ")", "    ", "-->", "?>", "]]>", "</pre>", "</SCRIPT>", "> ", "\n",
]  # fmt: skip


def fresh(block: str) -> tuple[tuple[str, int, int], ...]:
    return tuple(
        (tok.type, tok.map[0], tok.map[1])
        for tok in FULL.parse(block)
        if tok.type in ("fence", "code_block", "html_block") and tok.map
    )


@pytest.mark.slow
@settings(max_examples=1000, deadline=None)
@given(
    st.lists(st.sampled_from(LINES), min_size=1, max_size=14),
    st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1), st.sampled_from(CHARS)), max_size=12),
)
def test_cached_structure_equals_a_fresh_parse(
    lines: list[str], edits: list[tuple[float, float, str]]
) -> None:
    clear_all()
    for fl, fc, ch in [(0.0, 0.0, ""), *edits]:
        i = int(fl * (len(lines) - 1))
        at = int(fc * len(lines[i]))
        lines[i] = lines[i][:at] + ch + lines[i][at:]
        block = "\n".join(lines)
        assert block_structure(block, block.split("\n")) == fresh(block)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 60), st.integers(0, 30)), max_size=12),
    st.integers(0, 90),
    st.integers(0, 20),
)
def test_a_cover_holds_a_range_exactly_when_one_of_its_spans_does(
    spans: list[tuple[int, int]], start: int, length: int
) -> None:
    # Code blocks, HTML blocks and inline code overlap and nest in any order.
    regions = tuple(Span(a, a + n) for a, n in spans)
    expected = any(s.start <= start and start + length <= s.end for s in regions)
    assert Cover(regions).holds(start, start + length) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*LINES, "``", "`a``b`", "x `y", "z` w", "\n"]), max_size=20))
def test_inline_code_found_per_paragraph_is_found_in_the_whole_block(lines: list[str]) -> None:
    block = "\n".join(lines)
    whole = [Span(*m.span()) for m in CODE_SPAN_RE.finditer(block)]
    assert inline_code(block) == whole
