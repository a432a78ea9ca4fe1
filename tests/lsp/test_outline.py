"""Unit tests of the document symbols."""

from __future__ import annotations

from lsprotocol import types

from mlops_report.lsp.outline import document_symbols, flatten

from .feature_helpers import UTF16, analysis, filler, report


def test_sections_hold_their_questions_with_a_status() -> None:
    text = report({5: filler(250), 19: ""})
    symbols = document_symbols(analysis(text), UTF16)
    names = [s.name for s in symbols]
    assert names[0] == "Exam template for 02476 Machine Learning Operations"
    assert "Overall project checklist" in names
    group = next(s for s in symbols if s.children and s.children[0].name == "Question 1")
    assert [(c.name, c.detail) for c in group.children or []] == [
        ("Question 1", "1 word"),
        ("Question 2", "3 words"),
    ]
    children = {c.name: c for s in symbols for c in s.children or []}
    assert len(children) == 31
    assert children["Question 5"].detail == "250 words (100-200) ✗"
    assert children["Question 14"].detail == "200 words (200-300), 1 image (1-3) ✓"
    assert children["Question 19"].detail == "0 images (1-2) ✗"
    assert children["Question 27"].detail == "100 words (100-200) ✓"
    holder = next(s for s in symbols if any(c.name == "Question 5" for c in s.children or []))
    assert holder.detail is not None and "1 failing" in holder.detail
    for s in symbols:
        assert s.kind in (types.SymbolKind.Module, types.SymbolKind.Namespace)
        for c in s.children or []:
            assert c.kind == types.SymbolKind.Field
            assert (s.range.start.line, s.range.start.character) <= (
                c.range.start.line,
                c.range.start.character,
            )
            assert (c.range.end.line, c.range.end.character) <= (
                s.range.end.line,
                s.range.end.character,
            )
            assert c.selection_range.start == c.range.start


def test_nothing_passes_or_fails_in_the_outline_while_report_py_stops() -> None:
    text = report({5: filler(250), 9: filler(120) + "\n\n#### Details\n\nAnswer: " + filler(10)})
    a = analysis(text)
    assert a.result.error is not None
    symbols = document_symbols(a, UTF16)
    children = {c.name: c for s in symbols for c in s.children or []}
    assert children["Question 27"].detail == "100 words (100-200) · not checked"
    assert not any("failing" in (s.detail or "") for s in symbols)
    assert not any("✓" in (c.detail or "") or "✗" in (c.detail or "") for c in children.values())


def test_unanswered_and_duplicated_questions() -> None:
    text = report({5: "--- question 5 fill here ---"}).replace(
        "### Question 8\n", "### Question 7\n"
    )
    children = [c for s in document_symbols(analysis(text), UTF16) for c in s.children or []]
    q5 = next(c for c in children if c.name == "Question 5")
    assert q5.detail == "6 words (100-200) ✗ · not answered"
    sevens = [c.detail for c in children if c.name == "Question 7"]
    assert len(sevens) == 2 and sevens[1] == "duplicate"


def test_questions_before_any_section_are_top_level() -> None:
    text = "### Question 1\n> Answer:\n\n42\n\n" + report().split("\n", 1)[1]
    symbols = document_symbols(analysis(text), UTF16)
    assert symbols[0].name == "Question 1" and symbols[0].children is None


def test_flat_symbols_name_their_container() -> None:
    symbols = document_symbols(analysis(report()), UTF16)
    flat = flatten(symbols, "file:///r.md")
    assert len(flat) == len(symbols) + 31
    q3 = next(s for s in flat if s.name == "Question 3")
    assert q3.container_name is not None and q3.location.uri == "file:///r.md"


def test_the_checklist_section_says_how_much_is_ticked() -> None:
    text = report().replace("* [ ]", "* [x]", 1)  # tick one more than the builder did
    symbols = document_symbols(analysis(text), UTF16)
    checklist = next(s for s in symbols if "checklist" in s.name.lower())
    done, total = text.count("* [x]"), text.count("* [x]") + text.count("* [ ]")
    assert 0 < done < total
    assert checklist.detail == f"{done}/{total} checklist items ticked"
