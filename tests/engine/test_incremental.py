"""Incremental analysis never changes a result: after any edits, a warm analysis equals a cold one.

After an edit only the segments it touched are parsed again (the rest is reused from the previous
analysis, moved) and only changed answers are counted again (text-keyed caches); this is the proof
that doing so gives exactly the full analysis.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlops_report.engine.analysis import Analysis
from mlops_report.engine.pipeline import analyze, clear_caches

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "reports" / "README.md"
BASE = SAMPLE.read_text("utf-8")
INSERTS = [
    "x", " ", "\n", "word ", "\n\n", "#", "##", "### ", "`", "```\n", "Answer:", "> ", "!",
    "![a](figures/wandb.png)", "[b](figures/bucket.png)", "<img src='figures/x.png'>",
    "--- question 3 fill here ---", "\r\n", "😀", "\t", "    ", "<pre>", "</pre>", "-->",
    "<!--", "| a | b |\n|---|---|\n", "[x]: /u\n", "- ", "1. ", "===\n", "***\n", "~~~",
    "<div>\n", "\n    code\n", ">", "Q", "###Q5", "\n### Q9\n",
]  # fmt: skip


def fingerprint(a: Analysis) -> dict[str, Any]:
    """Everything an adapter reads from an analysis."""
    return {
        "edition": a.edition.name,
        "report_py": a.result,  # every answer's offsets, text, piece and cut, and every cut
        "findings": [
            (f.code, f.severity, f.message, f.start, f.end, f.question, sorted(f.data.items()))
            for f in a.findings
        ],
        "answers": {
            n: (x.words, x.images, x.reader_words, x.failed, x.start, x.end, x.checked_as)
            for n, x in a.answers.items()
        },
        "questions": list(a.model.questions),  # every field, images' `in_code` included
        "model": (a.model.title, a.model.sections, a.model.preamble_markers, a.model.checklist),
    }


# Anywhere (a fraction of the text), or among the first characters, which A editions drop.
places = st.one_of(st.floats(0, 1), st.integers(0, 80))
edits = st.lists(
    st.tuples(places, st.integers(0, 40), st.sampled_from(INSERTS)), min_size=1, max_size=8
)


@pytest.mark.slow
@pytest.mark.parametrize("edition", ["auto", "A0", "A1"])
@settings(max_examples=100, deadline=None)
@given(script=edits)
def test_warm_analysis_after_edits_equals_a_cold_one(
    edition: str, script: list[tuple[float | int, int, str]]
) -> None:
    text = BASE
    previous = analyze(text, path=SAMPLE, edition=edition)  # warm every cache
    for where, delete, insert in script:
        at = int(where * len(text)) if isinstance(where, float) else min(where, len(text))
        text = text[:at] + insert + text[at + delete :]
        previous = analyze(text, path=SAMPLE, edition=edition, previous=previous)
        warm = fingerprint(previous)
        clear_caches()
        cold = fingerprint(analyze(text, path=SAMPLE, edition=edition))
        assert warm == cold


def _heading_lines(text: str) -> list[int]:
    """Return where each `#` line starts: the segment boundaries and the sections between them."""
    return [i + 1 for i in range(len(text) - 1) if text[i] == "\n" and text[i + 1] == "#"]


boundary_edits = st.lists(
    st.tuples(
        st.integers(0, 10_000),  # which heading line
        st.integers(-3, 3),  # how far from its first character
        st.sampled_from([0, 1, 2, 20, 400, 5000]),  # characters deleted (across segments too)
        st.sampled_from(
            ["", "x", "\n", "#", "### Question 3\n", "\n### Question 9", "`", "\r", "Q", " 5"]
        ),
    ),
    min_size=1,
    max_size=6,
)


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(boundary_edits)
def test_edits_at_segment_boundaries_equal_a_cold_analysis(
    script: list[tuple[int, int, int, str]],
) -> None:
    """Edits on and around heading lines: joined, split, moved, deleted and duplicated segments."""
    text = BASE
    previous = analyze(text, path=SAMPLE)
    for which, offset, delete, insert in script:
        lines = _heading_lines(text) or [0]
        at = max(0, min(len(text), lines[which % len(lines)] + offset))
        text = text[:at] + insert + text[at + delete :]
        previous = analyze(text, path=SAMPLE, previous=previous)
        assert fingerprint(previous) == fingerprint(analyze(text, path=SAMPLE))


def test_a_whole_new_text_and_an_empty_one_equal_cold_analyses() -> None:
    previous = analyze(BASE, path=SAMPLE)
    for text in ["", "### Question 1\nAnswer:\n", BASE[len(BASE) // 2 :], "", BASE, BASE + BASE]:
        previous = analyze(text, path=SAMPLE, previous=previous)
        assert fingerprint(previous) == fingerprint(analyze(text, path=SAMPLE))


def test_another_edition_for_the_same_text_equals_a_cold_analysis() -> None:
    # The settings may name another edition between two keystrokes: nothing judged by the old
    # one may be reused.
    text = BASE.replace("Answer:", "Answer: x", 3)
    previous = analyze(BASE, path=SAMPLE)
    for edition in ["A0", "A1", "B1", "auto", "A1"]:
        previous = analyze(text, path=SAMPLE, edition=edition, previous=previous)
        assert fingerprint(previous) == fingerprint(analyze(text, path=SAMPLE, edition=edition))
