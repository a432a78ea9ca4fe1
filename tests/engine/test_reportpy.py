"""The exact emulation of `report.py check` (reportpy.py) on small hand-made texts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlops_report.engine.editions import EDITIONS, Constraint, Edition, Family, Limits
from mlops_report.engine.reportpy import count_images, count_words, run
from mlops_report.engine.text import TextChange

from ..fixtures.reports import build_report, filler_words, reference_answers
from .helpers import report


def _edition(family: Family, n: int) -> Edition:
    """Return an edition of `family` with `n` questions of 1-3 words each."""
    table = tuple(Constraint(words=Limits(1, 3)) for _ in range(n))
    return Edition(f"T{family}", family, table)


A3 = _edition("A", 3)
B3Q = _edition("B", 3)
HEADER = "h" * 43  # what an A edition cuts off unread


def test_b_family_takes_each_piece_up_to_the_next_heading() -> None:
    text = "# T\n> Answer:\none\n### Q2\n> Answer:\ntwo two\n### Q3\n> Answer:\nthree"
    result = run(text, B3Q)
    assert result.error is None
    assert [a.text for a in result.answers] == ["one", "two two", "three"]
    assert [a.words for a in result.answers] == [1, 2, 1]
    assert result.passed == 3
    first = result.answers[0]
    assert text[first.start : first.end] == "one"
    assert first.cut == "###"
    assert first.cut_at == text.index("### Q2")


def test_a_family_drops_the_first_43_characters_unread() -> None:
    # An `Answer:` inside the first 43 characters is never seen; one straddling them neither.
    text = "Answer: x " + "h" * 30 + "Answer:" + "\n### Q1\n> Answer:\na\n### Q2\n> Answer:\nb"
    result = run(text, _edition("A", 2))
    assert result.error is None
    assert [a.text for a in result.answers] == ["a", "b"]
    assert result.markers == (text.index("> Answer:\na") + 2, text.index("> Answer:\nb") + 2)
    b_result = run(text, _edition("B", 2))
    assert b_result.error is not None  # B keeps the header: extra answers


def test_b_family_without_any_answer_marker_raises_index_error() -> None:
    result = run("# Just a title\n\n### Question 1\nnothing\n", B3Q)
    assert result.error == "IndexError: list index out of range"
    assert result.passed is None
    assert result.to_json() == {
        "error": "IndexError: list index out of range",
        "passed": None,
        "answers": [],
    }


def test_a_family_without_any_answer_marker_is_a_count_error() -> None:
    result = run(HEADER + "# Title\n### Question 1\nnothing\n", A3)
    assert result.error is not None
    assert result.error.startswith("ValueError: Number of answers are different")
    assert "Have you filled out every field?" in result.error


def test_the_last_answer_is_appended_whole() -> None:
    text = "# T\n> Answer:\none\n### Q2\n> Answer:\ntwo\n\n## Section\n### Q3\n> Answer:\n3 ## x\n"
    result = run(text, B3Q)
    # A piece with `###` is cut there, then before `##`; the last piece is taken whole.
    assert [a.text for a in result.answers] == ["one", "two", "3 ## x"]
    assert result.answers[1].cut == "##"
    assert result.answers[2].cut is None


def test_a_heading_in_the_last_answer_counts_it_twice() -> None:
    text = "# T\n> Answer:\none\n### Q2\n> Answer:\ntwo\n### Q3\n> Answer:\nthree\n### More\nfour"
    result = run(text, B3Q)
    assert [a.text for a in result.answers] == ["one", "two", "three", "three\n### More\nfour"]
    assert result.error == (
        "ValueError: Number of answers are different from the expected 3. "
        "Have you changed the template?"
    )


def test_only_newlines_are_stripped() -> None:
    text = "# T\n> Answer: \n\nwords here \r\n\n### Q2\n> Answer:\n\n\tx\t\n\n### Q3\n> Answer:\ny"
    result = run(text, B3Q)
    assert [a.text for a in result.answers] == [" \n\nwords here \r", "\tx\t", "y"]
    first = result.answers[0]
    assert text[first.start : first.end] == first.text


def test_a0_names_failures_one_question_early() -> None:
    # Q5 is too short; A0 prints it as question 4, A1 as question 5.
    for name, label in (("A0", 4), ("A1", 5)):
        text = report(name, answers={5: filler_words(20)})
        result = run(text, EDITIONS[name])
        assert result.error is None
        assert result.answers[4].failed == ("words",)
        assert result.answers[4].label == label
        assert result.failed_by_label() == {label: ("words",)}
        failed = {a["q"]: a["failed"] for a in result.to_json()["answers"] if a["failed"]}
        assert failed == {label: ["words"]}


def test_a0_failure_of_question_1_is_printed_as_question_0() -> None:
    edition = Edition("T", "A", (Constraint(words=Limits(5, 9)),), label_start=0)
    result = run(HEADER + "# T\n### Q1\n> Answer:\ntoo short", edition)
    assert result.failed_by_label() == {0: ("words",)}
    assert result.to_json()["answers"] == [{"q": 1, "words": 2, "images": 0, "failed": []}]


@pytest.mark.parametrize(
    ("text", "images"),
    [
        ("![a](x.png)", 1),
        ("[![a](x.png)](x.png)", 1),
        ("![a](x.png) ![b](y.png)", 2),
        ("![a](x.png)![b](y.png)", 2),
        ("![a](x\n.png)", 0),
        ("![a\nb](x.png)", 0),
        ("[a](x.png)", 0),
        ('<img src="x.png">', 0),
        ("![a][ref]", 0),
        ("`![a](x.png)`", 1),
        ("![](x.png)", 1),
    ],
)
def test_the_image_regex(text: str, images: int) -> None:
    assert count_images(text) == images


def test_words_are_python_whitespace_split() -> None:
    assert count_words("![a](figures/x.png) --- question 5 fill here ---") == 7
    assert count_words("a\u00a0b\u2003c\td\n") == 4  # str.split() splits on Unicode spaces
    assert count_words("") == 0


@pytest.mark.parametrize("edition", list(EDITIONS))
def test_run_agrees_with_the_fixture_reference_on_a_bent_report(edition: str) -> None:
    answers = {
        4: filler_words(80) + "\n\n#### Sub\n\nmore words",
        5: "x ## y Answer: z",
        9: "```\n## in code\n```\n" + filler_words(30),
    }
    text = build_report(edition, answers)
    result = run(text, EDITIONS[edition])
    assert [a.text for a in result.answers] == reference_answers(text, edition)


# -- reuse after a change --------------------------------------------------------------------------

LINES = [
    "Answer:", "Answer: one two", "> Answer:", "### Q", "## S", "#", "", "text ![i](p.png) x",
    "two words", "Answer:### x", "h" * 20, "Answer: Answer:",
]  # fmt: skip
lines = st.lists(st.sampled_from(LINES), max_size=12)


@settings(max_examples=300, deadline=None)
@given(
    old=lines,
    new=lines,
    where=st.integers(0, 12),
    removed=st.integers(0, 12),
    edition=st.sampled_from([A3, B3Q, *EDITIONS.values()]),
)
def test_a_run_reusing_the_last_equals_a_fresh_run(
    old: list[str], new: list[str], where: int, removed: int, edition: Edition
) -> None:
    # Lines `[where, where + removed)` of the old text become `new`; the change lies between line
    # starts, as the model reports it. Answers may now start, end or be counted differently
    # anywhere, and a marker may open the changed text.
    where = min(where, len(old))
    removed = min(removed, len(old) - where)
    head, tail = old[:where], old[where + removed :]
    old_text = "".join(f"{line}\n" for line in old)
    new_text = "".join(f"{line}\n" for line in [*head, *new, *tail])
    start = sum(len(line) + 1 for line in head)
    change = TextChange(
        start, len(old_text) - sum(len(line) + 1 for line in tail),
        start + sum(len(line) + 1 for line in new),
    )  # fmt: skip
    previous = run(old_text, edition)
    assert run(new_text, edition, previous, change) == run(new_text, edition)
