"""handin-*: each class on hand-written answers, every example confirmed by rendering it both ways.

Positive examples: the engine reports exactly one finding of the class, on the construct, and the
test's own rendering shows that the hand-in differs there. Negative examples: nothing of the class,
and (where the construct is the only thing in the answer) both renderings agree.
"""

from __future__ import annotations

import pytest

from mlops_report.engine import Analysis, analyze
from mlops_report.engine.findings import Severity
from mlops_report.engine.fixes import FixContext, apply_edits
from mlops_report.engine.mend import fix_all_edits, fixes_for

from ..fixtures.reports import FRONT_MATTER
from ..handin.rendering import github, handin, same_both_ways, shape
from .helpers import covered, of, one, report

Q = 5


def with_answer(answer: str, *, tight: bool = False, edition: str = "B3") -> Analysis:
    """Analyse a report whose Question 5 is `answer` (`tight`: no blank line after `Answer:`)."""
    text = report(edition, {Q: answer})
    if tight:
        text = text.replace(f"> Answer:\n\n{answer}", f"> Answer:\n{answer}")
        assert f"> Answer:\n{answer}" in text
    return analyze(text)


def handin_codes(analysis: Analysis) -> list[str]:
    return [f.code for f in analysis.findings if f.code.startswith("handin-") and f.question]


# -- list without a blank line before it --------------------------------------------------------

LIST_BLANK = [
    ("We used:\n- Cloud Run\n- Vertex AI", "- Cloud Run\n- Vertex AI"),
    ("Steps we took\n1. build the image\n2. push it", "1. build the image\n2. push it"),
    ("Some text here and\n* star item\n* another", "* star item\n* another"),
]


@pytest.mark.parametrize(("answer", "construct"), LIST_BLANK)
def test_list_without_blank_line(answer: str, construct: str) -> None:
    analysis = with_answer(answer)
    f = one(analysis, "handin-list-blank-line")
    assert covered(analysis, f) == construct
    assert f.question == Q and f.severity is Severity.WARNING
    assert "blank line before it" in f.message
    assert "<li>" in github(answer) and "<li>" not in handin(answer)


def test_list_right_after_the_answer_line() -> None:
    answer = "- first point\n- second point"
    analysis = with_answer(answer, tight=True)
    f = one(analysis, "handin-list-blank-line")
    assert covered(analysis, f) == answer
    assert "<li>" not in handin(f"> Answer:\n{answer}")


@pytest.mark.parametrize(
    "answer",
    [
        "We used:\n\n- Cloud Run\n- Vertex AI",
        "- a list\n- at the start",
        "The year\n2024. was a good one",  # only `1.` may interrupt a paragraph: text both ways
    ],
)
def test_no_list_blank_line_finding(answer: str) -> None:
    assert "handin-list-blank-line" not in handin_codes(with_answer(answer))
    assert same_both_ways(answer)


# -- fenced code ---------------------------------------------------------------------------------

FENCES = [
    ("Run:\n\n```bash\npython train.py\n```", "```bash\npython train.py\n```", "`bash`"),
    (
        "```python\nimport os\n\n# a comment\nprint(os.sep)\n```",
        "```python\nimport os\n\n# a comment\nprint(os.sep)\n```",
        "headings",
    ),
    ("~~~\nmake data\n~~~", "~~~\nmake data\n~~~", "~~~"),
]


def test_fenced_code_with_a_blank_line_speaks_of_headings_only_where_there_are() -> None:
    answer = "```python\nimport os\n\nprint(os.sep)\n```"
    f = one(with_answer(answer), "handin-fenced-code")
    assert "as literal backticks:" in f.message
    assert "headings" not in f.message


@pytest.mark.parametrize(("answer", "construct", "said"), FENCES)
def test_fenced_code(answer: str, construct: str, said: str) -> None:
    analysis = with_answer(answer)
    f = one(analysis, "handin-fenced-code")
    assert covered(analysis, f) == construct
    assert said in f.message and "indent it 4 spaces" in f.message
    assert "<pre>" in github(answer) and "<pre>" not in handin(answer)


def test_fenced_code_in_a_list_item_needs_8_spaces() -> None:
    answer = "- build it:\n\n  ```\n  docker build .\n  ```"
    f = one(with_answer(answer), "handin-fenced-code")
    assert "indent it 8 spaces" in f.message


@pytest.mark.parametrize(
    "answer",
    [
        "Run:\n\n    python train.py",
        "Use `python train.py` to train.",
        "```--- not a fence, inline code ---```",
    ],
)
def test_no_fenced_code_finding(answer: str) -> None:
    assert "handin-fenced-code" not in handin_codes(with_answer(answer))
    assert same_both_ways(answer)


# -- tables --------------------------------------------------------------------------------------

TABLES = [
    "| Model | Acc |\n|---|---|\n| CNN | 0.9 |",
    "Model | Acc\n--|--\nCNN | 0.9",
    "| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n| 4 | 5 | 6 |",
]


@pytest.mark.parametrize("answer", TABLES)
def test_table(answer: str) -> None:
    analysis = with_answer(answer)
    f = one(analysis, "handin-table")
    assert covered(analysis, f) == answer
    assert "screenshot" in f.message
    assert "<table>" in github(answer) and "<table>" not in handin(answer)


@pytest.mark.parametrize(
    "answer",
    [
        "We compared a | b in the text.",
        "    | a | b |\n    |---|---|",
        "| a | b |\n|---|",  # the delimiter row has another cell count: no table on GitHub
    ],
)
def test_no_table_finding(answer: str) -> None:
    assert "handin-table" not in handin_codes(with_answer(answer))
    assert same_both_ways(answer)


# -- nested lists indented less than 4 per level ------------------------------------------------

INDENTS = [
    ("- Data\n  - raw\n  - processed", "- raw\n  - processed"),
    ("1. one\n   - sub point", "- sub point"),
    ("* a\n    * b\n      * c", "* c"),
]


@pytest.mark.parametrize(("answer", "construct"), INDENTS)
def test_nested_list_indent(answer: str, construct: str) -> None:
    analysis = with_answer(answer)
    f = one(analysis, "handin-list-indent")
    assert covered(analysis, f) == construct
    assert "4 per level" in f.message
    assert not same_both_ways(answer)


@pytest.mark.parametrize(
    "answer", ["- Data\n    - raw", "* a\n\t* b\n\t* c", "1. one\n    1. sub\n    2. sub"]
)
def test_no_nested_list_indent_finding(answer: str) -> None:
    assert "handin-list-indent" not in handin_codes(with_answer(answer))
    assert same_both_ways(answer)


FOLDERS = "Folders we kept:\n1. src\n   1. data\n   2. models\n2. tests"


def test_a_list_the_hand_in_shows_as_text_has_no_flattened_sub_list() -> None:
    # The whole list runs into the line above: nothing is flattened, that is the blank line's
    # finding, and indenting the sub-list would change nothing on the page.
    analysis = with_answer(FOLDERS)
    assert handin_codes(analysis) == ["handin-list-blank-line"]
    assert "<li>" not in handin(FOLDERS)


def test_once_the_blank_line_is_there_the_sub_list_is_flattened() -> None:
    answer = FOLDERS.replace(":\n1.", ":\n\n1.")
    analysis = with_answer(answer)
    f = one(analysis, "handin-list-indent")
    assert covered(analysis, f) == "1. data\n   2. models"
    assert handin_codes(analysis) == ["handin-list-indent"]
    # true: the hand-in shows the sub-list's items at the level of their parent
    assert ("ol/li", ("data",)) in shape(handin(answer))
    assert ("ol/li/ol/li", ("data",)) in shape(github(answer))


def test_the_blank_line_fix_stays_safe_though_it_reveals_the_sub_list() -> None:
    # Fix all adds the blank line; the flattened sub-list it brings to light is then its own
    # finding (with a safe fix of its own), not a reason to leave the list as text.
    text = report("B3", {Q: FOLDERS})
    analysis = analyze(text)
    [fix] = fixes_for(analysis, one(analysis, "handin-list-blank-line"), FixContext())
    assert fix.safe
    once = apply_edits(text, fix_all_edits(analysis, FixContext()))
    assert "Folders we kept:\n\n1. src\n   1. data" in once
    again = analyze(once)
    assert [f.code for f in again.findings if f.code.startswith("handin-")] == [
        "handin-list-indent"
    ]
    twice = apply_edits(once, fix_all_edits(again, FixContext()))
    assert "Folders we kept:\n\n1. src\n    1. data\n    2. models\n2. tests" in twice
    assert not any(f.code.startswith("handin-") for f in analyze(twice).findings)


# -- an item right after a continuation block ----------------------------------------------------

CONTINUATIONS = [
    ("1. step\n\n    more about it\n2. next\n3. third", "2. next\n3. third"),
    ("- a point\n\n  more words\n- b point", "- b point"),
    ("- first\n\n    detail line\n    second detail\n- second\n- third", "- second\n- third"),
]


@pytest.mark.parametrize(("answer", "construct"), CONTINUATIONS)
def test_item_after_continuation(answer: str, construct: str) -> None:
    analysis = with_answer(answer)
    f = one(analysis, "handin-list-continuation")
    assert covered(analysis, f) == construct
    assert "blank line before it" in f.message
    assert handin(answer).count("<li>") < github(answer).count("<li>")


@pytest.mark.parametrize(
    "answer",
    [
        "1. step\n\n    more text\n\n2. next",
        "1. step\n    lazy text\n2. next",
        "- a\n- b\n- c",
    ],
)
def test_no_continuation_finding(answer: str) -> None:
    assert "handin-list-continuation" not in handin_codes(with_answer(answer))
    assert handin(answer).count("<li>") == github(answer).count("<li>")


# -- `1)` markers ----------------------------------------------------------------------------------

PARENS = ["1) one\n2) two", "1) alone", "Intro.\n\n1) a\n\n2) b"]


@pytest.mark.parametrize("answer", PARENS)
def test_paren_markers(answer: str) -> None:
    analysis = with_answer(answer)
    f = one(analysis, "handin-list-paren")
    assert covered(analysis, f).startswith("1)")
    assert "<ol>" in github(answer) and "<ol>" not in handin(answer)


@pytest.mark.parametrize("answer", ["1. one\n2. two", "(1) one and (2) two", "1)no space"])
def test_no_paren_finding(answer: str) -> None:
    assert "handin-list-paren" not in handin_codes(with_answer(answer))
    assert same_both_ways(answer)


# -- ordered list starting at another number -----------------------------------------------------

STARTS = [("3. three\n4. four", "3."), ("Text.\n\n2. second", "2."), ("10. ten\n11. more", "10.")]


@pytest.mark.parametrize(("answer", "marker"), STARTS)
def test_list_start(answer: str, marker: str) -> None:
    analysis = with_answer(answer)
    f = one(analysis, "handin-list-start")
    assert covered(analysis, f) == marker
    assert f.severity is Severity.INFORMATION
    assert ("ol-start", (marker[:-1],)) in shape(github(answer))
    assert ("ol-start", ("1",)) in shape(handin(answer))


@pytest.mark.parametrize("answer", ["1. one\n2. two", "Text\n3. three", "1. a\n1. b"])
def test_no_list_start_finding(answer: str) -> None:
    assert "handin-list-start" not in handin_codes(with_answer(answer))
    assert same_both_ways(answer)


# -- math ------------------------------------------------------------------------------------------

MATHS = [
    ("We got $81\\%$ accuracy.", "$81\\%$", "$81\\%$"),
    ("The loss $\\mathcal{L}$ went down.", "$\\mathcal{L}$", "$\\mathcal{L}$"),
    ("Display: $$\\sum_i x_i$$ here.", "$$\\sum_i x_i$$", "$$\\sum_i x_i$$"),
]


@pytest.mark.parametrize(("answer", "construct", "raw"), MATHS)
def test_math(answer: str, construct: str, raw: str) -> None:
    analysis = with_answer(answer)
    f = one(analysis, "handin-math")
    assert covered(analysis, f) == construct
    assert raw in f.message
    assert raw in handin(answer)  # the raw source, where GitHub shows math


@pytest.mark.parametrize("answer", ["It costs $5 and $10.", "Code `$81\\%$` here.", "Let $x$ be"])
def test_no_math_finding(answer: str) -> None:
    assert "handin-math" not in handin_codes(with_answer(answer))


# -- `<text>` that is not HTML -------------------------------------------------------------------

ANGLES = [
    ("Logs go to <reports\\log.txt> now.", "<reports\\log.txt>", "vanishes"),
    ("Image <gcr.io/proj/img@sha256:abc> pushed.", "<gcr.io/proj/img@sha256:abc>", "e-mail"),
    ("Edit <path/to/file> first.", "<path/to/file>", "vanishes"),
]


@pytest.mark.parametrize(("answer", "construct", "said"), ANGLES)
def test_angle_text(answer: str, construct: str, said: str) -> None:
    analysis = with_answer(answer)
    f = one(analysis, "handin-angle-text")
    assert covered(analysis, f) == construct
    assert said in f.message
    assert not same_both_ways(answer)


@pytest.mark.parametrize(
    "answer", ["See <https://example.com> now.", "Use `<tag>` here.", "If a < b and c > d then"]
)
def test_no_angle_text_finding(answer: str) -> None:
    assert "handin-angle-text" not in handin_codes(with_answer(answer))
    assert same_both_ways(answer)


# -- bare URLs -----------------------------------------------------------------------------------

URLS = [
    ("See https://example.com for more.", "https://example.com", "<https://example.com>"),
    ("Docs at www.example.com.", "www.example.com", "[www.example.com](http://www.example.com)"),
    ("(see https://x.org/a_b)", "https://x.org/a_b", "<https://x.org/a_b>"),
    # GitHub (cmark-gfm) links an address after any character but a letter
    ("Set url=https://x.com in the file", "https://x.com", "<https://x.com>"),
]


@pytest.mark.parametrize(("answer", "url", "markup"), URLS)
def test_bare_url(answer: str, url: str, markup: str) -> None:
    analysis = with_answer(answer)
    f = one(analysis, "handin-bare-url")
    assert covered(analysis, f) == url
    assert f.severity is Severity.HINT
    assert f"write `{markup}`" in f.message
    assert "<a " not in handin(answer)


@pytest.mark.parametrize(
    "answer",
    [
        "[a link](https://example.com)",
        "<https://example.com>",
        "Code `https://x.com` here",
        "Set nothttps://x.com in the file",
        "Call https://MY_SERVICE_URL/predict to test it",
    ],
)
def test_no_bare_url_finding(answer: str) -> None:
    assert "handin-bare-url" not in handin_codes(with_answer(answer))


# -- links out of reports/ -------------------------------------------------------------------------

OUTSIDE = [
    (
        "The [Dockerfile](../dockerfiles/train.dockerfile) builds it.",
        "../dockerfiles/train.dockerfile",
    ),
    ("See [the root](/README.md).", "/README.md"),
    ("See [it](<../a b.md>).", "<../a b.md>"),
    ("The [script](../src/train(1).py) runs.", "../src/train(1).py"),
]


@pytest.mark.parametrize(("answer", "target"), OUTSIDE)
def test_link_outside(answer: str, target: str) -> None:
    analysis = with_answer(answer)
    f = one(analysis, "handin-link-outside")
    assert covered(analysis, f) == target
    assert f.severity is Severity.INFORMATION and "dead" in f.message
    assert ("a", (target.strip("<>"),)) in shape(handin(answer))


@pytest.mark.parametrize(
    "answer",
    [
        "[fig](figures/x.png)",
        "![img](../figures/x.png)",
        "[site](https://x.com)",
        "[anchor](#question-1)",
    ],
)
def test_no_link_outside_finding(answer: str) -> None:
    assert "handin-link-outside" not in handin_codes(with_answer(answer))


# -- backslash escapes Python-Markdown lacks -----------------------------------------------------

ESCAPES = [("It costs \\$5.", "\\$"), ("We used 10\\% of it.", "\\%"), ("R\\&D work.", "\\&")]


@pytest.mark.parametrize(("answer", "pair"), ESCAPES)
def test_escape(answer: str, pair: str) -> None:
    analysis = with_answer(answer)
    f = one(analysis, "handin-escape")
    assert covered(analysis, f) == pair
    assert pair in handin(answer) and pair not in github(answer)


@pytest.mark.parametrize("answer", ["A \\_ and a \\*.", "Code `10\\%` here.", "Math $81\\%$ here."])
def test_no_escape_finding(answer: str) -> None:
    assert "handin-escape" not in handin_codes(with_answer(answer))


# -- the title cut ---------------------------------------------------------------------------------


def test_no_title_cut_finding_when_the_template_title_is_lost_as_on_every_page() -> None:
    # Nothing to do: a tick stays a tick. The hover on the title says it (tests/lsp/test_hover).
    assert of(analyze(report("B3")), "handin-title-cut") == []


def test_a_title_of_ones_own_that_the_cut_takes_is_a_title_cut_on_line_1() -> None:
    text = report("B3").replace(
        "# Exam template for 02476 Machine Learning Operations", "# Our group's report on MLOps"
    )
    analysis = analyze(text)
    f = one(analysis, "handin-title-cut")
    assert (f.start, f.end) == (0, len("# Our group's report on MLOps"))
    assert f.severity is Severity.INFORMATION
    assert "the hand-in loses `# Our group's report on MLOps" in f.message


def test_a_front_matter_without_its_blank_line_loses_the_titles_hash() -> None:
    # 42 characters of front matter: the 43rd, cut too, is the title's `#`.
    text = FRONT_MATTER.rstrip("\n") + "\n" + report("B3")
    analysis = analyze(text)
    f = one(analysis, "handin-title-cut")
    assert covered(analysis, f) == "#"
    assert f.message == (
        "report.py html drops the first 43 characters, meant for the template's front matter "
        "and the blank line after it. This report's takes 42, so the hand-in also loses `#`: "
        "the title shows as a paragraph “Exam template for”. Add a blank line after the front "
        "matter."
    )
    [fix] = fixes_for(analysis, f, FixContext())
    assert fix.title == "Add a blank line after the front matter" and fix.safe and fix.preferred
    fixed = apply_edits(text, fix.edits)
    assert fixed == FRONT_MATTER + report("B3")
    assert of(analyze(fixed), "handin-title-cut") == []
    assert apply_edits(text, fix_all_edits(analysis, FixContext())) == fixed


def test_a_front_matter_longer_than_the_cut_says_what_the_page_loses() -> None:
    # The cut ends inside the front matter: the rest of it shows on the page; no blank line helps.
    front = "---\nlayout: default\nnav_exclude: true\ntitle: Group 5 report\n---\n\n"
    text = front + report("B3")
    analysis = analyze(text)
    f = one(analysis, "handin-title-cut")
    assert f.message.startswith(
        "report.py html drops the first 43 characters (the length of the first templates' front "
        "matter): the hand-in loses `--- layout: default nav_exclude: true title` and begins "
        "with “: Group 5”."
    ), f.message
    assert fixes_for(analysis, f, FixContext()) == []


@pytest.mark.parametrize("edition", ["A0", "A1"])
def test_no_title_cut_with_the_front_matter(edition: str) -> None:
    text = report(edition)
    assert text.startswith(FRONT_MATTER)
    assert of(analyze(text), "handin-title-cut") == []


# -- nothing on the template's own text ----------------------------------------------------------


def test_no_handin_finding_outside_answers() -> None:
    preamble = "Intro:\n- a list\n- right here\n\n```bash\npython report.py html\n```"
    analysis = analyze(report("B3", preamble=preamble))
    assert handin_codes(analysis) == []
    assert [f.code for f in analysis.findings if f.code.startswith("handin-")] == []
