"""The report model: the preamble's checklist, and the links in answers."""

from __future__ import annotations

from mlops_report.engine.model import build_model
from mlops_report.engine.text import SourceText

from ..fixtures.reports import build_report
from .helpers import report


def model_of(text: str):  # type: ignore[no-untyped-def]
    return build_model(SourceText(text))


def test_checklist_items_with_marks_modules_and_sections() -> None:
    preamble = (
        "## Overall project checklist\n\n### Week 1\n\n"
        "* [x] Make a repository (M5)\n* [ ] Add tests (M16+M17)\n\n### Extra\n\n"
        "- [ok] Draw the architecture\n"
    )
    text = build_report("B3", {}, preamble=preamble, checklist=False)
    items = model_of(text).checklist
    assert [(i.mark, i.label, i.module, i.section, i.checked) for i in items] == [
        ("x", "Make a repository (M5)", "M5", "Week 1", True),
        (" ", "Add tests (M16+M17)", "M16+M17", "Week 1", False),
        ("ok", "Draw the architecture", None, "Extra", True),
    ]
    first = items[0]
    assert text[first.span.start : first.span.end] == "* [x] Make a repository (M5)"


def test_checkbox_lines_inside_answers_are_not_the_checklist() -> None:
    text = build_report(
        "B3", {5: "* [x] a task list in an answer"}, preamble="No list.\n", checklist=False
    )
    assert model_of(text).checklist == ()


def test_only_a_link_to_an_image_file_is_an_image() -> None:
    answer = "See [the workflow](https://example.org/ci.yml) and [a figure](figures/a.png)."
    text = report(answers={11: answer})
    q = next(q for q in model_of(text).questions if q.number == 11)
    # Only the link to an image file is a model object: an image written as a link.
    assert [im.kind for im in q.images] == ["link"]
