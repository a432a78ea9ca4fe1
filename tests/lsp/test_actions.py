"""Unit tests of the code actions: each fix's edit, fix-all, image insertion, matching."""

from __future__ import annotations

import pytest
from lsprotocol import types
from lsprotocol.converters import get_converter

from mlops_report.engine.analysis import Analysis
from mlops_report.engine.findings import Finding
from mlops_report.engine.insert_image import image_fixes, insertion_point
from mlops_report.engine.mend import fix_all_edits, fixes_for
from mlops_report.engine.text import Position, PositionEncoding
from mlops_report.lsp.actions import FIX_ALL_KIND, Target, code_actions, finding_for
from mlops_report.lsp.convert import diagnostics_json
from mlops_report.lsp.settings import Settings

from ..fixtures.reports import filler_words, placeholder
from .feature_helpers import UTF16, FakeFS, analysis, apply_offsets, report

URI = "file:///report/README.md"
TARGET = Target(URI)
FILES = ("figures/figure.png", "figures/drift.png", "figures/b.png", "figures/notes.txt")


def only(a: Analysis, code: str, question: int | None = None) -> Finding:
    found = [f for f in a.findings if f.code == code and f.question in (question, None)]
    assert len(found) == 1, [(f.code, f.question) for f in a.findings]
    return found[0]


def fixed(a: Analysis, code: str, question: int | None = None, fs: FakeFS | None = None) -> str:
    f = only(a, code, question)
    [fix] = fixes_for(a, f, (fs or FakeFS(*FILES)).ctx())
    return apply_offsets(a.source.text, [(e.start, e.end, e.text) for e in fix.edits])


def test_image_as_link_gets_a_bang() -> None:
    text = report({19: "Our bucket: [bucket](figures/figure.png)"})
    a = analysis(text)
    assert fixed(a, "image-as-link", 19) == text.replace("[bucket]", "![bucket]")


def test_image_html_is_rewritten_with_its_alt() -> None:
    text = report({21: "See <img alt='the build' src=\"figures/figure.png\" width=300> here"})
    a = analysis(text)
    assert fixed(a, "image-html", 21) == text.replace(
        "<img alt='the build' src=\"figures/figure.png\" width=300>",
        "![the build](figures/figure.png)",
    )


def test_image_html_alone_on_its_line_is_rewritten() -> None:
    tag = '<img src="figures/figure.png" alt="build">'
    text = report({21: f"The build:\n\n{tag}\n\nIt passes."})
    assert fixed(analysis(text), "image-html", 21) == text.replace(
        tag, "![build](figures/figure.png)"
    )


@pytest.mark.parametrize(
    "answer",
    [
        # Neither the hand-in nor GitHub reads Markdown inside these HTML blocks: the rewrite
        # would show `![build](...)` as text where the image showed.
        '<h4>\n  <img src="figures/figure.png" alt="build" />\n  The build\n</h4>',
        '<p align="center">\n<img src="figures/figure.png" alt="build">\n</p>',
        '<p align="center"><img src="figures/figure.png" alt="build"></p>',
        # GitHub's HTML block opened by the first <img> runs on to the blank line.
        '<img src="figures/b.png">\n<img src="figures/figure.png" alt="build">',
    ],
)
def test_image_html_inside_an_html_block_gets_no_markdown_rewrite(answer: str) -> None:
    a = analysis(report({21: answer}))
    found = [f for f in a.findings if f.code == "image-html"]
    assert found
    last = max(found, key=lambda f: f.start)
    assert fixes_for(a, last, FakeFS(*FILES).ctx()) == []


@pytest.mark.parametrize(
    ("written", "fixed_to"),
    [
        ("figures/Figure.PNG", "figures/figure.png"),  # letter case
        ("reports/figures/figure.png", "figures/figure.png"),  # written from the repo root
        ("./reports/figures/figure.png", "figures/figure.png"),
        ("other/figure.png", "figures/figure.png"),  # the same name is in figures/
        ("figures/Figure.PNG 'a title'", "figures/figure.png 'a title'"),  # title kept
    ],
)
def test_paths_are_fixed(written: str, fixed_to: str) -> None:
    text = report({21: f"![build]({written})"})
    a = analysis(text)
    f = next(f for f in a.findings if f.code in ("image-case-mismatch", "image-not-found"))
    [fix] = fixes_for(a, f, FakeFS(*FILES).ctx())
    assert fix.safe
    out = apply_offsets(text, [(e.start, e.end, e.text) for e in fix.edits])
    assert out == text.replace(f"![build]({written})", f"![build]({fixed_to})")


def test_a_path_with_spaces_is_escaped() -> None:
    fs = FakeFS("figures/my shot.png")
    text = report({21: "![x](figures/My%20Shot.png)"})
    a = analysis(text, fs)
    assert fixed(a, "image-case-mismatch", 21, fs) == text.replace(
        "figures/My%20Shot.png", "figures/my%20shot.png"
    )


def test_a_missing_file_without_a_suggestion_has_no_fix() -> None:
    a = analysis(report({21: "![x](figures/nowhere.png)"}))
    f = only(a, "image-not-found", 21)
    assert fixes_for(a, f, FakeFS(*FILES).ctx()) == []


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        # Alone between blank lines: the line and one of the blank lines go.
        (
            "Some words here.\n\n--- question 5 fill here ---\n\nMore words.",
            "Some words here.\n\nMore words.",
        ),
        # Beside text: the placeholder and one space.
        ("Some words --- question 5 fill here --- more.", "Some words more."),
        ("--- question 5 fill here --- Some words.", "Some words."),
        # Directly above text: just its line.
        ("--- question 5 fill here ---\nSome words.", "Some words."),
    ],
)
def test_leftover_placeholders_are_removed(answer: str, expected: str) -> None:
    text = report({5: answer})
    a = analysis(text)
    assert fixed(a, "placeholder-leftover", 5) == text.replace(answer, expected)


def test_a_leftover_placeholder_on_the_last_line() -> None:
    text = report({31: "Our answer.\n--- question 31 fill here ---"}).rstrip("\n")
    a = analysis(text)
    assert fixed(a, "placeholder-leftover", 31) == text.replace(
        "\n--- question 31 fill here ---", ""
    )


def test_heading_level_is_set_to_three() -> None:
    text = report()
    bad = text.replace("### Question 7\n", "#### Question 7\n")
    assert fixed(analysis(bad), "heading-level", 7) == text


def test_answer_marker_missing_is_inserted() -> None:
    text = report()
    bad = text.replace("50-100 words.\n>\n> Answer:", "50-100 words.", 1)
    assert bad != text
    a = analysis(bad)
    f = only(a, "answer-marker-missing", 7)
    [fix] = fixes_for(a, f, FakeFS().ctx())
    assert fix.title == "Insert `> Answer:` after the prompt"
    assert apply_offsets(bad, [(e.start, e.end, e.text) for e in fix.edits]) == text


def test_answer_marker_inside_is_lower_cased() -> None:
    text = report({5: "Our Answer: this is it, and more words follow here to count."})
    a = analysis(text)
    assert fixed(a, "answer-marker-inside", 5) == text.replace("Our Answer:", "Our answer:")


def test_findings_without_a_fix_get_none() -> None:
    a = analysis(report({5: "too few words"}))
    assert fixes_for(a, only(a, "words-under", 5), FakeFS().ctx()) == []


# -- images --------------------------------------------------------------------------------------


def test_image_fixes_offer_unused_figures_then_a_generic_link() -> None:
    a = analysis(report({19: "No image yet."}), FakeFS(*FILES))
    fixes = image_fixes(a, a.answers[19], list(FILES))
    assert [f.title for f in fixes] == [
        "Insert image figures/b.png",
        "Insert image figures/drift.png",
        "Insert image figures/figure.png (already in Q14, Q20, Q21, Q29)",
        "Insert an image link `![description](figures/)`",
    ]
    out = apply_offsets(a.source.text, [(e.start, e.end, e.text) for e in fixes[1].edits])
    assert "> Answer:\n\nNo image yet.\n\n![drift](figures/drift.png)\n\n### Question 20" in out


def test_an_empty_answer_gets_the_image_after_its_answer_line() -> None:
    text = report({19: ""})
    a = analysis(text)
    at, before, after = insertion_point(a, a.answers[19])
    out = text[:at] + before + "![x](figures/x.png)" + after + text[at:]
    assert "> Answer:\n\n![x](figures/x.png)\n\n" in out
    assert analysis(out).answers[19].images == 1


def test_an_image_goes_before_a_heading_that_cuts_the_answer() -> None:
    text = report({19: "Intro words.\n\n#### Details\n\nMore words."})
    a = analysis(text)
    at, before, after = insertion_point(a, a.answers[19])
    out = text[:at] + before + "![x](figures/x.png)" + after + text[at:]
    assert "Intro words.\n\n![x](figures/x.png)\n\n#### Details" in out
    assert analysis(out).answers[19].images == 1


def test_used_figures_come_last_and_marked_whatever_their_case_or_syntax() -> None:
    text = report({19: "[a](figures/Drift.png)", 20: '<img src="./figures/b.png">'})
    a = analysis(text, FakeFS(*FILES))
    titles = [f.title for f in image_fixes(a, a.answers[21], list(FILES))]
    assert titles == [
        "Insert image figures/b.png (already in Q20)",
        "Insert image figures/drift.png (already in Q19)",
        "Insert image figures/figure.png (already in Q14, Q21, Q29)",
        "Insert an image link `![description](figures/)`",
    ]


def test_figures_whose_names_match_the_question_come_first() -> None:
    files = ("figures/a_overview.png", "figures/gcp_bucket.png", "figures/registryImages.png")
    a = analysis(report({19: "No image yet.", 20: "Nor here."}), FakeFS(*files))
    bucket = [f.title for f in image_fixes(a, a.answers[19], list(files))]
    assert bucket[0] == "Insert image figures/gcp_bucket.png"  # Q19 asks for the GCP bucket
    registry = [f.title for f in image_fixes(a, a.answers[20], list(files))]
    assert registry[0] == "Insert image figures/registryImages.png"  # Q20: the registry


def test_an_image_takes_the_place_of_an_unanswered_questions_placeholder() -> None:
    a = analysis(report({19: placeholder(19)}), FakeFS(*FILES))
    fixes = image_fixes(a, a.answers[19], list(FILES))
    first = fixes[0]
    assert first.title == "Insert image figures/b.png in place of `--- question 19 fill here ---`"
    assert fixes[-1].title.endswith("in place of `--- question 19 fill here ---`")
    out = apply_offsets(a.source.text, [(e.start, e.end, e.text) for e in first.edits])
    assert "> Answer:\n\n![b](figures/b.png)\n\n### Question 20" in out
    assert placeholder(19) not in out
    # The figure another answer shows says so last, after what the fix does.
    used = next(f for f in fixes if "figure.png" in f.title)
    assert used.title == (
        "Insert image figures/figure.png in place of `--- question 19 fill here ---` "
        "(already in Q14, Q20, Q21, Q29)"
    )


# -- fix-all -------------------------------------------------------------------------------------


def test_fix_all_takes_only_the_safe_fixes_without_overlaps() -> None:
    good = report({19: "![a](figures/figure.png)", 20: "![b](figures/figure.png)"})
    bad = (
        good.replace("![a](figures/figure.png)", "[a](figures/figure.png)")
        .replace("![b](figures/figure.png)", "![b](figures/FIGURE.png)")
        .replace("### Question 7\n", "## Question 7\n")
    )
    bad = bad.replace("> Answer:\n\n42", "> Answer:\n\n42\n\n--- question 1 fill here ---")
    bad = bad.replace("figures/figure.png)\n\n### Question 22", "nowhere.png)\n\n### Question 22")
    a = analysis(bad)
    edits = fix_all_edits(a, FakeFS(*FILES).ctx())
    out = apply_offsets(bad, [(e.start, e.end, e.text) for e in edits])
    assert out == good.replace(
        "figures/figure.png)\n\n### Question 22", "nowhere.png)\n\n### Question 22"
    )


def test_fix_all_skips_a_path_whose_suggestion_does_not_exist() -> None:
    a = analysis(report({21: "![x](figures/Figure.png)"}))
    # The file vanished since the analysis: the fix stays a quick-fix but is not safe.
    f = only(a, "image-case-mismatch", 21)
    [fix] = fixes_for(a, f, FakeFS().ctx())
    assert not fix.safe
    assert fix_all_edits(a, FakeFS().ctx()) == []


# -- matching diagnostics and the actions themselves -------------------------------------------


def diagnostics(a: Analysis, settings: Settings, enc: PositionEncoding) -> list[types.Diagnostic]:
    """The published diagnostics as a client decodes them."""
    convert = get_converter()
    return [convert.structure(d, types.Diagnostic) for d in diagnostics_json(a, settings, enc)]


def _diagnostic(a: Analysis, code: str, question: int) -> types.Diagnostic:
    [d] = [
        d
        for d in diagnostics(a, Settings(), UTF16)
        if d.code == code and isinstance(d.data, dict) and d.data["question"] == question
    ]
    return d


def test_a_diagnostic_is_matched_by_code_and_range_then_by_question() -> None:
    text = report({19: "[a](figures/figure.png)", 20: "[b](figures/figure.png)"})
    a = analysis(text)
    d19 = _diagnostic(a, "image-as-link", 19)
    assert finding_for(a, d19, UTF16) is not None
    assert finding_for(a, d19, UTF16).question == 19  # type: ignore[union-attr]
    moved = analysis("New first line.\n" + text)
    # The range is stale now; two findings share the code, but only one the question.
    match = finding_for(moved, d19, UTF16)
    assert match is not None and match.question == 19
    other = types.Diagnostic(range=d19.range, message="x", source="markdownlint", code="MD001")
    assert finding_for(moved, other, UTF16) is None


def test_code_actions_put_it_together() -> None:
    text = report({19: "[a](figures/figure.png)"})
    a = analysis(text, FakeFS(*FILES))
    d = _diagnostic(a, "image-as-link", 19)
    start = a.source.offset(Position(d.range.start.line, d.range.start.character))
    actions = code_actions(a, TARGET, start, start, [d], None, FakeFS(*FILES).ctx(), UTF16)
    titles = [(x.title, x.kind) for x in actions]
    assert titles[0] == ("Show the image: add `!`", types.CodeActionKind.QuickFix)
    assert ("Insert image figures/drift.png", types.CodeActionKind.QuickFix) in titles
    assert titles[-1][1] == FIX_ALL_KIND
    assert actions[0].is_preferred
    assert actions[0].diagnostics == [d]
    # `only` filters by kind prefix.
    only_fix_all = code_actions(
        a, TARGET, start, start, [d], ["source"], FakeFS(*FILES).ctx(), UTF16
    )
    assert [x.kind for x in only_fix_all] == [FIX_ALL_KIND]


def test_edits_name_the_version_they_were_computed_on_when_the_client_checks_it() -> None:
    text = report({19: "[a](figures/figure.png)"})
    a = analysis(text, FakeFS(*FILES))
    d = _diagnostic(a, "image-as-link", 19)
    start = a.source.offset(Position(d.range.start.line, d.range.start.character))
    ctx = FakeFS(*FILES).ctx()
    versioned = code_actions(a, Target(URI, 7, True), start, start, [d], None, ctx, UTF16)
    plain = code_actions(a, Target(URI, 7, False), start, start, [d], None, ctx, UTF16)
    assert [x.title for x in versioned] == [x.title for x in plain]
    kinds = {x.kind for x in versioned}
    assert {types.CodeActionKind.QuickFix, FIX_ALL_KIND} <= kinds
    for with_version, without in zip(versioned, plain, strict=True):
        assert with_version.edit is not None and without.edit is not None
        # Every action, Fix all included: one TextDocumentEdit of version 7, and no `changes`.
        assert with_version.edit.changes is None
        [doc_edit] = with_version.edit.document_changes or []
        assert isinstance(doc_edit, types.TextDocumentEdit)
        assert (doc_edit.text_document.uri, doc_edit.text_document.version) == (URI, 7)
        # A client without `documentChanges` gets the same edits the only way it can take them.
        assert without.edit.document_changes is None
        assert without.edit.changes == {URI: doc_edit.edits}


def test_a_fix_that_would_fail_a_passing_question_is_offered_but_not_preferred() -> None:
    # 47 words and the placeholder's 6: Q12 passes (50-100) only while the placeholder stays.
    a = analysis(report({12: filler_words(47) + "\n\n" + placeholder(12)}), FakeFS(*FILES))
    d = _diagnostic(a, "placeholder-leftover", 12)
    start = a.source.offset(Position(d.range.start.line, d.range.start.character))
    actions = code_actions(a, TARGET, start, start, [d], None, FakeFS(*FILES).ctx(), UTF16)
    [remove] = [x for x in actions if x.title.startswith("Remove the placeholder")]
    assert "Q12 drops to 47, under 50" in remove.title
    assert not remove.is_preferred
    assert fix_all_edits(a, FakeFS(*FILES).ctx()) == []


def test_code_action_ranges_use_the_negotiated_encoding() -> None:
    text = report({19: "é😀 [a](figures/figure.png)"})
    a = analysis(text)
    start = text.index("[a]")
    [fix] = fixes_for(a, only(a, "image-as-link", 19), FakeFS().ctx())
    for enc, character in (
        (PositionEncoding.UTF16, 4),
        (PositionEncoding.UTF8, 7),
        (PositionEncoding.UTF32, 3),
    ):
        actions = code_actions(a, TARGET, start, start, [], ["quickfix"], FakeFS().ctx(), enc)
        assert actions  # the insert-image quick-fix: Q19 has no counted image
        d = diagnostics(a, Settings(), enc)
        [link] = [x for x in d if x.code == "image-as-link"]
        assert link.range.start.character == character
        [act] = [
            x
            for x in code_actions(a, TARGET, start, start, [link], None, FakeFS().ctx(), enc)
            if x.title == fix.title
        ]
        assert act.edit is not None and act.edit.changes is not None
        assert act.edit.changes[URI][0].range.start.character == character


def test_crlf_documents_keep_their_line_breaks() -> None:
    text = report(
        {19: "No image.", 25: "Words here.\n\n--- question 25 fill here ---\n\nMore words."}
    )
    crlf = text.replace("\n", "\r\n")
    a = analysis(crlf)
    start = a.source.text.index("No image.")
    fs = FakeFS(*FILES)
    actions = code_actions(a, TARGET, start, start, [], None, fs.ctx(), UTF16)
    insert = next(x for x in actions if x.title == "Insert image figures/drift.png")
    assert insert.edit is not None and insert.edit.changes is not None
    [edit] = insert.edit.changes[URI]
    assert edit.new_text == "\r\n\r\n![drift](figures/drift.png)"
    d = _diagnostic(a, "placeholder-leftover", 25)
    [remove] = [x for x in code_actions(a, TARGET, 0, 0, [d], ["quickfix"], FakeFS().ctx(), UTF16)]
    assert remove.edit is not None and remove.edit.changes is not None
    [edit] = remove.edit.changes[URI]
    lines = crlf.split("\r\n")
    assert lines[edit.range.start.line] == "--- question 25 fill here ---"
    assert (edit.range.start.character, edit.range.end.character) == (0, 0)
    assert edit.range.end.line == edit.range.start.line + 2


def test_a_missing_file_is_offered_the_closest_unused_figures_instead() -> None:
    files = ("figures/bucket_overview.png", "figures/wandb.png", "figures/used.png")
    text = report({19: "![a](figures/bucket-overveiw.png)", 20: "![b](figures/used.png)"})
    a = analysis(text, FakeFS(*files))
    f = next(f for f in a.findings if f.code == "image-not-found" and f.question == 19)
    fixes = fixes_for(a, f, FakeFS(*files).ctx())
    assert [fix.title for fix in fixes] == ["Use `figures/bucket_overview.png` instead"]
    assert not fixes[0].safe  # a guess: offered, never applied by fix-all
    out = apply_offsets(text, [(e.start, e.end, e.text) for e in fixes[0].edits])
    assert "![a](figures/bucket_overview.png)" in out


def test_an_image_replaces_only_the_placeholders_keeping_what_stands_between() -> None:
    answer = f"{placeholder(19)}\n\n<!-- TODO: a screenshot of our bucket -->\n\n{placeholder(19)}"
    a = analysis(report({19: answer}), FakeFS(*FILES))
    [first, *_] = image_fixes(a, a.answers[19], list(FILES))
    assert first.title == "Insert image figures/b.png in place of its 2 placeholders"
    out = apply_offsets(a.source.text, [(e.start, e.end, e.text) for e in first.edits])
    assert "![b](figures/b.png)\n\n<!-- TODO: a screenshot of our bucket -->" in out
    assert placeholder(19) not in out


def test_fix_all_counts_the_problems_it_mends_not_its_edits() -> None:
    # Two bare URLs (two edits each: `<` and `>`) and an image link without `!` (one edit).
    text = report(
        {
            4: filler_words(120) + "\n\nSee https://example.org/a for more.",
            5: filler_words(120) + "\n\nAnd https://example.org/b too.",
            19: "[a](figures/figure.png)",
        }
    )
    a = analysis(text, FakeFS(*FILES))
    mendable = {"handin-bare-url": 2, "image-as-link": 1}
    assert {c: sum(f.code == c for f in a.findings) for c in mendable} == mendable
    actions = code_actions(a, TARGET, 0, 0, [], [FIX_ALL_KIND], FakeFS(*FILES).ctx(), UTF16)
    [fix_all] = actions
    assert fix_all.title == "Fix all safe report problems (3)"
    assert fix_all.edit is not None and len((fix_all.edit.changes or {})[URI]) == 5
