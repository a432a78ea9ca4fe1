"""template-drift: prompts from an older template than their course year's newest, said once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mlops_report.engine.editions import COURSES, EDITIONS, Constraint, course_of
from mlops_report.engine.findings import Severity
from mlops_report.engine.pipeline import analyze

from ..conftest import SHARED, needs_shared
from .helpers import codes, lsp, one, report

UV = (
    "Install what the script needs with `pip install typer markdown`, or with\n"
    "`uv add typer markdown`.\n"
)
"""Our own preamble, holding the phrase only the 2026 course's templates have."""


def _entry(c: Constraint) -> str:
    words = c.words and f"partial(length_constraints, min={c.words.low}, max={c.words.high})"
    images = c.images and f"partial(image_constraints, min={c.images.low}, max={c.images.high})"
    if words and images:
        return f"partial(multi_constraints, constrains=[{words}, {images}])"
    return words or images or "no_constraints"


A1_TABLE = (
    "def check():\n"
    f"    question_constraints = [{', '.join(map(_entry, EDITIONS['A1'].constraints))}]\n"
    "    text = text[43:]\n"
    "    for i, answer in enumerate(answers, start=1):\n"
    "        pass\n"
)
"""A report.py of edition A1 in the A editions' style, written from its table."""


def test_a_2026_report_on_the_template_before_the_change() -> None:
    text = report("B2", preamble=UV)
    analysis = analyze(text)
    finding = one(analysis, "template-drift")
    assert finding.severity == Severity.INFORMATION
    assert finding.question == 3
    assert finding.message == (
        "These prompts are the 2026 course's template of before 2026-01-09 (B2), not its newest "
        "(B3): Question 3 states 100-200 words here, 0-200 words in the newest. report.py B2 "
        "(detected from these prompts) applies Question 3: 100-200 words. If the course's "
        "report.py is newer, put it beside the report or choose its edition."
    )
    # The squiggle is on the limit the prompt states.
    (line, start), (end_line, end) = lsp(analysis, finding)
    assert end_line == line
    assert text.splitlines()[line][start:end] == "length: 100-200 words"
    assert finding.data == {"questions": [3], "template": "B2", "newest": "B3"}


def test_a_chosen_edition_names_the_limits_that_apply() -> None:
    analysis = analyze(report("B2", preamble=UV), edition="B3")
    assert one(analysis, "template-drift").message.endswith(
        "report.py B3 (the edition chosen) applies Question 3: 0-200 words."
    )


def test_a_report_py_beside_it_is_named() -> None:
    analysis = analyze(report("A0"), report_py=A1_TABLE)
    assert analysis.edition.name == "A1"
    message = one(analysis, "template-drift").message
    assert message.startswith(
        "These prompts are the 2023 course's template of before 2023-01-06 (A0), not its newest "
        "(A1): Question 7 states no limit here, 50-100 words in the newest; Question 18 states "
        "50-100 words here, 100-200 words in the newest."
    )
    assert message.endswith(
        "The report.py beside this report (A1) applies Question 7: 50-100 words; Question 18: "
        "100-200 words."
    )


def test_2025_reports_on_the_first_template_are_told_of_question_31() -> None:
    finding = one(analyze(report("B1")), "template-drift")
    assert finding.question == 31
    assert "2025 course's template of before 2025-01-08 (B1), not its newest (B2)" in (
        finding.message
    )
    assert "Question 3 " not in finding.message  # B3's change was the next year's


@pytest.mark.parametrize(
    ("edition", "preamble"),
    [("B2", None), ("B3", UV), ("B3", None), ("A1", None)],
    ids=["2025's newest", "2026's newest", "B3 without its phrase", "A1"],
)
def test_the_newest_template_of_its_year_is_no_drift(edition: str, preamble: str | None) -> None:
    assert "template-drift" not in codes(analyze(report(edition, preamble=preamble)))


def test_prompts_edited_away_from_every_template_make_no_claim() -> None:
    text = report("B2", preamble=UV).replace("length: 100-200 words", "length: 120-180 words", 1)
    analysis = analyze(text)
    assert analysis.detection.edition.name.endswith("*")
    assert "template-drift" not in codes(analysis)


def test_the_course_years_are_facts_of_the_templates() -> None:
    assert [c.year for c in COURSES] == sorted(c.year for c in COURSES)
    for course in COURSES:
        assert all(name in EDITIONS for name in course.editions)
    assert course_of("B2", "no phrase").year == 2025  # type: ignore[union-attr]
    assert course_of("B2", UV).year == 2026  # type: ignore[union-attr]
    assert course_of("A1", "").newest.name == "A1"  # type: ignore[union-attr]


# -- the real reports and templates ----------------------------------------------------------------

# Read from each file by hand: the course year's older template, by its stated limits and the
# 2026 templates' install line.
EXPECTED = {
    "real/DTU-MLops-org__DTU-MLops-project.md": [3],
    "real/Embeddediot__02476-Machine-Learning-Operations-MRB.md": [7, 18],
    "real/Mariooose__mlops_group90.md": [31],
    "real/MikkelGodsk__dtu_mlops_exam_project.md": [7, 18],
    "real/Radu-s-Org-DTU__dtu_mlops_project.md": [31],
    "real/RupakKadhare15__02476-Machine-Learning-Operations.md": [3],
    "real/ThorxNxEriksen__ml_ops_02476.md": [31],
    "real/lelegod__dtu_mlops_group99.md": [3],
    "real/pwittlinger__02476_mlops_group36.md": [7, 18],
    "templates/2022-12-29_58831729.md": [7, 18],
    "templates/2022-12-31_9c5086ee.md": [7, 18],
    "templates/2023-01-02_148bb62d.md": [7, 18],
    "templates/2024-12-22_4eb18892.md": [31],
    "templates/2026-01-04_1fa25710.md": [3],
}


def _files() -> list[Path]:
    return sorted(
        [
            *(SHARED / "corpus" / "real").glob("*.md"),
            *(SHARED / "corpus" / "seeds").glob("*.txt"),
            *(SHARED / "templates").glob("*.md"),
        ]
    )


@needs_shared
def test_exactly_the_older_templates_of_the_shared_files() -> None:
    found = {}
    for path in _files():
        analysis = analyze(path.read_text("utf-8"))
        drift = [f for f in analysis.findings if f.code == "template-drift"]
        assert len(drift) <= 1
        if drift:
            found[path.relative_to(SHARED).as_posix().removeprefix("corpus/")] = drift[0].data[
                "questions"
            ]
    assert found == EXPECTED


@needs_shared
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_flagged_file_states_the_older_limit(name: str) -> None:
    # Independently of the engine: the prompt of the first question named says the old limit.
    path = SHARED / ("corpus/" + name if name.startswith("real/") else name)
    text = path.read_text("utf-8")
    first = EXPECTED[name][0]
    block = re.search(rf"### Question {first}\b(.*?)(?=### Question|\Z)", text, re.S)
    assert block is not None
    old = {3: "100-200 words", 18: "50-100 words", 31: "50-200 words"}.get(first)
    if old is None:  # Question 7 of the 2023 course's first template states no length at all
        assert "words" not in block.group(1).split("Answer:")[0]
    else:
        assert old in block.group(1)
