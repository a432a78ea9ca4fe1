"""Edition detection (detect.py) and the static reading of a `report.py`."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlops_report.engine.detect import ReportPyUnreadable, read_report_py
from mlops_report.engine.editions import EDITIONS, Constraint, Limits
from mlops_report.engine.pipeline import analyze

from ..fixtures.reports import EDITIONS as BUILDER_EDITIONS
from ..fixtures.reports import filler_words
from .helpers import one, report


@pytest.mark.parametrize("edition", BUILDER_EDITIONS)
def test_each_edition_is_detected_from_its_prompts(edition: str) -> None:
    analysis = analyze(report(edition))
    assert analysis.edition.name == edition
    assert analysis.edition.source == "built-in"
    assert edition in analysis.detection.reason
    assert analysis.result.passed == analysis.edition.questions


@pytest.mark.parametrize("edition", BUILDER_EDITIONS)
def test_detection_survives_crlf(edition: str) -> None:
    assert analyze(report(edition, crlf=True)).edition.name == edition


def test_a_forced_edition_wins() -> None:
    analysis = analyze(report("B3"), edition="B1")
    assert analysis.edition is EDITIONS["B1"]
    assert analysis.detection.reason == "chosen explicitly"
    # A 31-question report under a 27-question edition: report.py stops.
    a1 = analyze(report("B3"), edition="A1")
    assert a1.result.error is not None
    assert "found 31 answers, expected 27" in one(a1, "answer-count").message


def test_an_unknown_forced_edition_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown edition 'C1'"):
        analyze(report(), edition="C1")


def test_an_unknown_template_is_judged_by_its_own_prompts() -> None:
    text = report("B3", answers={4: filler_words(120), 22: filler_words(120)})
    for n in (4, 22):
        start = text.index(f"### Question {n}\n")
        line = text.index("100-200 words", start)
        text = text[:line] + "150-250 words" + text[line + len("100-200 words") :]
    analysis = analyze(text)
    assert analysis.edition.name == "B3*"
    assert analysis.edition.source == "prompts"
    assert "Q4, Q22" in analysis.detection.reason
    assert analysis.edition.constraint(4) == Constraint(words=Limits(150, 250))
    assert analysis.edition.constraint(5) == EDITIONS["B3"].constraint(5)
    under = {f.question: f.message for f in analysis.findings if f.code == "words-under"}
    assert set(under) == {4, 22}
    assert "150-250" in under[4]
    assert analysis.summary() == "report.py (B3*): 29/31 questions pass"


# -- report.py files written for these tests, in the style of each family -----------------------

A_STYLE = """\
import click
from functools import partial


def no_constraints(answer, index):
    pass


def length_constraints(answer, index, min, max):
    pass


def image_constraints(answer, index, min, max):
    pass


def multi_constrains(answer, index, constrains):
    pass


@click.group()
def cli():
    pass


@cli.command()
def check():
    with open("README.md") as handle:
        text = handle.read()
    text = text[43:]
    answers = []
    per_question = text.split("Answer:")
    for piece in per_question:
        if "###" in piece:
            answers.append(piece.split("###")[0])
    answers.append(per_question[-1])
    answers = answers[1:]
    question_constraints = [
        no_constraints,
        no_constraints,
        partial(length_constraints, min=10, max=20),
        partial(
            multi_constrains,
            constrains=(
                partial(length_constraints, min=30, max=60),
                partial(image_constraints, min=1, max=2),
            ),
        ),
        partial(image_constraints, min=1, max=1),
    ]
    for index, (answer, constraint) in enumerate(zip(answers, question_constraints)START):
        constraint(answer, index)
"""

B_STYLE = """\
import typer
from pydantic import BaseModel

app = typer.Typer()


class NoConstraints(BaseModel):
    pass


class LengthConstraints(BaseModel):
    min_length: int
    max_length: int


class ImageConstraints(BaseModel):
    min_images: int
    max_images: int


class MultiConstraints(BaseModel):
    constrains: list


@app.command()
def check():
    text = open("README.md").read()
    per_question = text.split("Answer:")
    per_question.pop(0)
    question_constraints = {
        "question_1": NoConstraints(),
        "question_2": LengthConstraints(min_length=0, max_length=200),
        "question_3": MultiConstraints(
            constrains=[
                LengthConstraints(min_length=200, max_length=400),
                ImageConstraints(min_images=1, max_images=1),
            ]
        ),
        "question_4": ImageConstraints(min_images=1, max_images=2),
    }
    for index, item in enumerate(zip(per_question, question_constraints.values()), start=1):
        print(index, item)
"""

SMALL_TABLE = (
    Constraint(),
    Constraint(),
    Constraint(words=Limits(10, 20)),
    Constraint(words=Limits(30, 60), images=Limits(1, 2)),
    Constraint(images=Limits(1, 1)),
)


@pytest.mark.parametrize(("start", "label_start"), [("", 0), (", start=1", 1), (", 1", 1)])
def test_read_an_a_style_report_py(start: str, label_start: int) -> None:
    edition = read_report_py(A_STYLE.replace("START", start))
    assert edition.family == "A"
    assert edition.constraints == SMALL_TABLE
    assert edition.dropped_prefix == 43
    assert edition.label_start == label_start
    assert edition.name == "report.py"
    assert edition.source == "report.py"


def test_read_a_b_style_report_py() -> None:
    edition = read_report_py(B_STYLE)
    assert edition.family == "B"
    assert edition.dropped_prefix == 0
    assert edition.label_start == 1
    assert edition.constraints == (
        Constraint(),
        Constraint(words=Limits(0, 200)),
        Constraint(words=Limits(200, 400), images=Limits(1, 1)),
        Constraint(images=Limits(1, 2)),
    )


def _a_style_entry(c: Constraint) -> str:
    parts = []
    if c.words:
        parts.append(f"partial(length_constraints, min={c.words.low}, max={c.words.high})")
    if c.images:
        parts.append(f"partial(image_constraints, min={c.images.low}, max={c.images.high})")
    if not parts:
        return "no_constraints"
    if len(parts) == 1:
        return parts[0]
    return f"partial(multi_constrains, constrains=({', '.join(parts)}))"


def _b_style_entry(c: Constraint) -> str:
    parts = []
    if c.words:
        parts.append(f"LengthConstraints(min_length={c.words.low}, max_length={c.words.high})")
    if c.images:
        parts.append(f"ImageConstraints(min_images={c.images.low}, max_images={c.images.high})")
    if not parts:
        return "NoConstraints()"
    if len(parts) == 1:
        return parts[0]
    return f"MultiConstraints(constrains=[{', '.join(parts)}])"


@pytest.mark.parametrize("name", list(EDITIONS))
def test_a_report_py_with_a_known_table_is_named_by_its_edition(name: str) -> None:
    known = EDITIONS[name]
    if known.family == "A":
        entries = ",\n        ".join(_a_style_entry(c) for c in known.constraints)
        source = A_STYLE.replace("START", ", start=1" if known.label_start else "")
        begin = source.index("question_constraints = [")
        end = source.index("    ]\n", begin)
        source = f"{source[:begin]}question_constraints = [\n        {entries},\n{source[end:]}"
    else:
        entries = ",\n        ".join(
            f'"question_{n}": {_b_style_entry(c)}' for n, c in enumerate(known.constraints, 1)
        )
        begin = B_STYLE.index("question_constraints = {")
        end = B_STYLE.index("    }\n", begin)
        source = f"{B_STYLE[:begin]}question_constraints = {{\n        {entries},\n{B_STYLE[end:]}"
    edition = read_report_py(source)
    assert edition.name == name
    assert edition.source == "report.py"
    assert edition.constraints == known.constraints
    # And analyze() judges a report by it.
    analysis = analyze(report("B3"), report_py=source)
    assert analysis.edition.name == name
    assert analysis.detection.reason == "read from report.py beside it"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("this is not Python (", "not valid Python"),
        ("import click\n\ndef render():\n    pass\n", r"no check\(\) function"),
        ("def check():\n    answers = []\n", "no question_constraints table"),
        ("def check():\n    question_constraints = [mystery(1)]\n", "unknown constraint"),
        (
            "def check():\n    question_constraints = [LengthConstraints(min_length=n, "
            "max_length=5)]\n",
            "limits are not plain integers",
        ),
    ],
)
def test_an_unreadable_report_py_says_why(source: str, message: str) -> None:
    with pytest.raises(ReportPyUnreadable, match=message):
        read_report_py(source)


def test_analyze_falls_back_to_the_text_with_a_note_when_report_py_is_unreadable() -> None:
    analysis = analyze(report("B2"), report_py="print('hello'")
    assert analysis.edition.name == "B2"
    assert analysis.detection.reason.startswith("31 questions")
    [note] = analysis.notes
    assert "report.py beside the report could not be read" in note
    assert "not valid Python" in note


def test_a_report_py_is_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "ran.txt"
    source = (
        f"open({str(marker)!r}, 'w').write('module ran')\n"
        "raise SystemExit('module body ran')\n\n"
        + B_STYLE.replace("print(index, item)", f"open({str(marker)!r}, 'w').write('check ran')")
    )
    edition = read_report_py(source)
    assert edition.family == "B"
    analysis = analyze(report("B3"), report_py=source, path=tmp_path / "README.md")
    assert analysis.edition.source == "report.py"
    assert not marker.exists()


def test_headings_numbered_outside_the_table_do_not_break_detection() -> None:
    # Found by fuzzing: an edit turned "### Question 29" into "### Question 219", whose stated
    # limits then disagreed with a table that has no row 219.
    text = report()
    for bad in ("### Question 219", "### Question 0"):
        edited = text.replace("### Question 29\n", f"{bad}\n", 1)
        analysis = analyze(edited)
        assert analysis.edition.questions == 31
        assert any(
            f.code == "heading-order" or f.code == "heading-missing" for f in analysis.findings
        )
