"""Published diagnostics reuse the JSON of unchanged ones: always what a fresh encoding gives."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from mlops_report.engine.findings import Severity
from mlops_report.engine.pipeline import analyze
from mlops_report.engine.text import PositionEncoding
from mlops_report.lsp.convert import DiagnosticEncoder, diagnostics_json
from mlops_report.lsp.fscache import CachingFileSystem
from mlops_report.lsp.settings import Settings

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "reports" / "README.md"
BASE = SAMPLE.read_text("utf-8")
INSERTS = ["x", " ", "\n", "😀", "\r\n", "Answer:", "![a](figures/none.png)", "### Question 3\n"]
SETTINGS = [
    Settings(),
    Settings(severity={"image-not-found": None}),
    Settings(severity={"image-not-found": Severity.HINT, "words-over": Severity.ERROR}),
]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.floats(0, 1),
            st.integers(0, 30),
            st.sampled_from(INSERTS),
            st.sampled_from(SETTINGS),
            st.sampled_from(list(PositionEncoding)),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_encoded_diagnostics_equal_fresh_ones_after_edits(
    script: list[tuple[float, int, str, Settings, PositionEncoding]],
) -> None:
    # Lines shift, emoji and CRs change code units, codes are turned off or change severity,
    # the encoding is renegotiated: whatever is reused must still be what is published.
    encoder = DiagnosticEncoder()
    text = BASE
    for where, delete, insert, chosen, enc in script:
        at = int(where * len(text))
        text = text[:at] + insert + text[at + delete :]
        analysis = analyze(text, path=SAMPLE)
        encoded = [json.loads(d) for d in encoder.encode(analysis, chosen, enc)]
        assert _ordered(encoded) == _ordered(diagnostics_json(analysis, chosen, enc))


def test_an_unchanged_diagnostic_is_not_encoded_again() -> None:
    encoder, fs = DiagnosticEncoder(), CachingFileSystem()  # the server's file lookups
    before = analyze(BASE, path=SAMPLE, fs=fs)
    first = encoder.encode(before, Settings(), PositionEncoding.UTF16)
    # A character typed on the last line changes the last question only.
    last = before.model.questions[-1].number
    after = analyze(BASE + "x", path=SAMPLE, fs=fs, previous=before)
    again = encoder.encode(after, Settings(), PositionEncoding.UTF16)
    elsewhere = [d for d in first if json.loads(d)["data"]["question"] != last]
    assert len(elsewhere) > 5
    reused = {id(d) for d in again}
    assert [d for d in elsewhere if id(d) not in reused] == []


def test_a_range_that_grows_at_its_end_is_encoded_anew() -> None:
    # A letter typed into the last word over the limit: same message and start, a later end.
    encoder = DiagnosticEncoder()
    before = analyze(BASE, path=SAMPLE)
    over = next(f for f in before.findings if f.code == "words-over")
    encoder.encode(before, Settings(), PositionEncoding.UTF16)
    inside = over.end - 1
    after = analyze(BASE[:inside] + "s" + BASE[inside:], path=SAMPLE)
    encoded = [json.loads(d) for d in encoder.encode(after, Settings(), PositionEncoding.UTF16)]
    assert _ordered(encoded) == _ordered(
        diagnostics_json(after, Settings(), PositionEncoding.UTF16)
    )


def _ordered(diagnostics: list[dict[str, Any]]) -> list[str]:
    """The diagnostics as a list in a fixed order (a client's order is not the published one)."""
    return sorted(json.dumps(d, sort_keys=True) for d in diagnostics)
