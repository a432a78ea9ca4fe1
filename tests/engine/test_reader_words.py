"""The reader's word count, summed per paragraph, equals counting the whole text at once."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from mlops_report.engine import analysis
from mlops_report.engine.pipeline import clear_caches

PIECES = [
    "word", "two words", " ", "\n", "\n\n", "\n\n\n", "  \n \n", "<!--", "-->", "---", "- ",
    "fill", "here", "question 3", "--- question 3 fill", "--- s1 fill here ---", "![a](b.png)",
    "![a", "](b.png)", "[link](u)", "[", "](", ")", "<b>", "</b>", "<img src='x'>", "<", ">",
    "_", "|", "`code`", "é", "😀", "\t",
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
@example("--- s123 question 3 fill\n\nhere ---\n\nmy answer")  # a placeholder split by a blank
@example("before <!-- a\n\nb --> after")  # a comment over a blank line
def test_paragraph_counts_add_up_to_the_whole(text: str) -> None:
    clear_caches()
    # `_reader_words` on the whole text is the definition; `reader_words` may split it.
    assert analysis.reader_words(text) == analysis._reader_words(text)
