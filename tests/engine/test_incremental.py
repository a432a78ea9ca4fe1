"""The engine's caches never change a result: after any edits, a warm analysis equals a cold one.

Only the question block an edit touches is parsed and counted again (everything else comes from
text-keyed caches); this is the proof that doing so gives exactly the full analysis.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from mlops_report.engine.analysis import Analysis, analyze, clear_caches

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "reports" / "README.md"
BASE = SAMPLE.read_text("utf-8")
INSERTS = [
    "x", " ", "\n", "word ", "\n\n", "#", "##", "### ", "`", "```\n", "Answer:", "> ", "!",
    "![a](figures/wandb.png)", "[b](figures/bucket.png)", "<img src='figures/x.png'>",
    "--- question 3 fill here ---", "\r\n", "😀", "\t", "    ", "<pre>", "</pre>", "-->",
    "<!--", "| a | b |\n|---|---|\n", "[x]: /u\n", "- ", "1. ", "===\n", "***\n", "~~~",
    "<div>\n", "\n    code\n", ">",
]  # fmt: skip


def fingerprint(a: Analysis) -> dict[str, Any]:
    """Everything an adapter reads from an analysis."""
    return {
        "edition": a.edition.name,
        "report_py": a.result.to_json(),
        "findings": [
            (f.code, f.level, f.message, f.start, f.end, f.question, sorted(f.data.items()))
            for f in a.findings
        ],
        "answers": {
            n: (x.words, x.images, x.reader_words, x.failed, x.start, x.end, x.checked_as)
            for n, x in a.answers.items()
        },
        "questions": [
            (q.number, q.heading, q.body, q.images, q.placeholders, q.markers, q.code)
            for q in a.model.questions
        ],
    }


edits = st.lists(
    st.tuples(st.floats(0, 1), st.integers(0, 40), st.sampled_from(INSERTS)), min_size=1, max_size=8
)


@settings(max_examples=200, deadline=None)
@given(edits)
def test_warm_analysis_after_edits_equals_a_cold_one(script: list[tuple[float, int, str]]) -> None:
    text = BASE
    analyze(text, path=SAMPLE)  # warm every cache with the unedited report
    for where, delete, insert in script:
        at = int(where * len(text))
        text = text[:at] + insert + text[at + delete :]
        warm = fingerprint(analyze(text, path=SAMPLE))
        clear_caches()
        cold = fingerprint(analyze(text, path=SAMPLE))
        assert warm == cold
