"""The finding registry: each code declared once, found by its own check, shown by an example."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mlops_report.engine.analysis import Analysis
from mlops_report.engine.checks import CHECKS
from mlops_report.engine.pipeline import analyze
from mlops_report.engine.registry import CODES

from ..fixtures.reports import answers_at_minimum, build_report, filler_words, placeholder
from ..lsp.feature_helpers import IMAGE, FakeFS, analysis, report


def _with(answers: dict[int, str], *files: str) -> Analysis:
    return analysis(report(answers), FakeFS("figures/figure.png", *files))


_EXTRA_FILES = {
    "image-outside-reports": ("../shot.png",),
    "image-outside-figures": ("shot.png",),
    "image-extension": ("figures/a.gif",),
}
_FS = {code: FakeFS("figures/figure.png", *files) for code, files in _EXTRA_FILES.items()}


def _edited(change: Callable[[str], str]) -> Analysis:
    return analysis(change(report()))


def _without_marker(text: str) -> str:
    at = text.index("### Question 5")
    return text[:at] + text[at:].replace("> Answer:", ">", 1)


def _duplicated(text: str) -> str:
    a, b = text.index("### Question 5"), text.index("### Question 6")
    return text[:b] + text[a:b] + text[b:]


# One minimal report per code: the registry test below proves each finds its code.
EXAMPLES: dict[str, Callable[[], Analysis]] = {
    "words-over": lambda: _with({5: filler_words(201)}),
    "words-under": lambda: _with({5: filler_words(99)}),
    "images-missing": lambda: _with({19: "A bucket, described in words."}),
    "images-too-many": lambda: _with({19: " ".join([IMAGE] * 3)}),
    "answer-count": lambda: _edited(_duplicated),
    "placeholder-unfilled": lambda: _with({5: placeholder(5)}),
    "placeholder-leftover": lambda: _with({5: filler_words(120) + "\n\n" + placeholder(5)}),
    "image-not-found": lambda: _with({19: "![x](figures/gone.png)"}),
    "image-case-mismatch": lambda: _with({19: "![x](figures/FIGURE.png)"}),
    "image-outside-reports": lambda: _with(
        {19: "![x](../shot.png)"}, *_EXTRA_FILES["image-outside-reports"]
    ),
    "image-backslash": lambda: _with({19: "![x](figures\\figure.png)"}),
    "image-outside-figures": lambda: _with(
        {19: "![x](shot.png)"}, *_EXTRA_FILES["image-outside-figures"]
    ),
    "image-extension": lambda: _with({19: "![x](figures/a.gif)"}, *_EXTRA_FILES["image-extension"]),
    "image-remote": lambda: _with({19: "![x](https://example.org/a.png)"}),
    "image-github-page": lambda: _with({19: "![x](https://github.com/o/r/blob/main/a.png)"}),
    "image-as-link": lambda: _with({19: IMAGE + " and [more](figures/figure.png)"}),
    "image-html": lambda: _with({19: 'The bucket: <img src="figures/figure.png">'}),
    "image-reference": lambda: _with({19: "The bucket: ![x][ref]\n\n[ref]: figures/figure.png"}),
    "image-in-code": lambda: _with({19: IMAGE + " `![x](figures/figure.png)`"}),
    "image-preview-text": lambda: _with({19: '<img src="figures/figure.png">\n' + IMAGE}),
    "heading-missing": lambda: _edited(lambda t: t.replace("### Question 5\n", "")),
    "heading-duplicate": lambda: _edited(_duplicated),
    "heading-order": lambda: _edited(lambda t: t.replace("### Question 5\n", "### Question 9\n")),
    "heading-level": lambda: _edited(lambda t: t.replace("### Question 7\n", "## Question 7\n")),
    "heading-form": lambda: _edited(lambda t: t.replace("### Question 7\n", "### Q7\n")),
    "answer-marker-missing": lambda: _edited(_without_marker),
    "answer-marker-inside": lambda: _edited(lambda t: t.replace("Replace each", "Answer: Replace")),
    "answer-dropped": lambda: _edited(lambda t: t.replace("### Question 6\n", "")),
    "answer-truncated": lambda: _with({5: filler_words(60) + "\n\n### Details\n\nMore words."}),
    "group-number": lambda: _with({1: "our group"}),
    "study-numbers": lambda: _with({2: "all of us"}),
    "handin-list-blank-line": lambda: _with({5: "We used:\n- Cloud Run\n- Vertex AI"}),
    "handin-fenced-code": lambda: _with({5: "```bash\npython train.py\n```"}),
    "handin-table": lambda: _with({5: "| a | b |\n|---|---|\n| 1 | 2 |"}),
    "handin-list-indent": lambda: _with({5: "- Data\n  - raw"}),
    "handin-list-continuation": lambda: _with({5: "1. Build\n\n    it\n2. Push"}),
    "handin-list-paren": lambda: _with({5: "1) Build\n2) Push"}),
    "handin-math": lambda: _with({5: "Coverage $81\\%$."}),
    "handin-angle-text": lambda: _with({5: "Logs in <reports\\log.txt>."}),
    "handin-list-start": lambda: _with({5: "3. Build\n4. Push"}),
    "handin-bare-url": lambda: _with({5: "See https://example.com now."}),
    "handin-link-outside": lambda: _with({5: "The [file](../Dockerfile)."}),
    "handin-escape": lambda: _with({5: "It cost \\$13."}),
    "handin-title-cut": lambda: _edited(lambda t: "---\nlayout: default\n---\n" + t),
    "template-drift": lambda: analysis(
        build_report("B2", answers_at_minimum("B2", image=IMAGE), preamble="uv add typer markdown")
    ),
}


def test_every_engine_code_has_an_example_and_every_example_a_code() -> None:
    engine_codes = {name for name, code in CODES.items() if not code.server_only}
    assert set(EXAMPLES) == engine_codes


@pytest.mark.parametrize("code", sorted(EXAMPLES))
def test_the_example_of_a_code_finds_it(code: str) -> None:
    found = EXAMPLES[code]()
    assert code in {f.code for f in found.findings}, [f.code for f in found.findings]
    assert all(f.severity == CODES[code].severity for f in found.findings if f.code == code)


@pytest.mark.parametrize("code", sorted(EXAMPLES))
def test_each_check_reports_only_the_codes_it_declares(code: str) -> None:
    found = EXAMPLES[code]()
    path = None if found.base_dir is None else found.base_dir / "README.md"
    for check in CHECKS:
        declared = {c.name for c in check.codes}
        alone = analyze(
            found.source.text, path=path, checks=(check,), fs=FakeFS("figures/figure.png")
        )
        for f in alone.findings:
            assert f.code in declared, (check, f.code)


def test_every_code_has_a_title_and_an_explanation() -> None:
    for name, code in CODES.items():
        assert code.name == name
        assert code.title and "\n" not in code.title, name
        assert len(code.explanation) > len(code.title), name
    # The checks' codes are the registry's, in its order, each once.
    from_checks = [c.name for check in CHECKS for c in check.codes]
    assert len(from_checks) == len(set(from_checks))
    assert [n for n in CODES if not CODES[n].server_only] == from_checks


def test_only_codes_with_a_fix_may_join_fix_all() -> None:
    for name, code in CODES.items():
        assert not code.fix_all or code.fix is not None, name


@pytest.mark.parametrize("code", sorted(EXAMPLES))
def test_finding_data_holds_no_offsets(code: str) -> None:
    # Text added above moves every range but must not change any finding's data (CONTRACT.md).
    before = EXAMPLES[code]()
    text = before.source.text
    at = text.index("### Question 1")
    moved = analysis(text[:at] + "A new line of text.\n\n" + text[at:], _FS.get(code))
    assert [(f.code, f.data) for f in moved.findings] == [(f.code, f.data) for f in before.findings]
