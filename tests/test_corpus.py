"""The engine on every real report of ../shared/corpus: robust, sound ranges, known findings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mlops_report.engine.analysis import Analysis
from mlops_report.engine.pipeline import analyze
from mlops_report.engine.registry import CODES
from mlops_report.staff import images_not_shown

from .conftest import SHARED, corpus_reports, needs_shared

REAL = SHARED / "corpus" / "real"
REPORTS = corpus_reports()


def _analyze(path: Path, edition: str = "auto") -> Analysis:
    text = path.read_bytes().decode("utf-8")
    return analyze(text, path=path, edition=edition)


def _found(analysis: Analysis, code: str) -> list[int | None]:
    return [f.question for f in analysis.findings if f.code == code]


def _real(prefix: str) -> Analysis:
    [path] = REAL.glob(f"{prefix}__*.md")
    return _analyze(path)


@needs_shared
def test_the_corpus_is_there() -> None:
    assert len(REPORTS) >= 35


@needs_shared
@pytest.mark.corpus
@pytest.mark.parametrize("path", REPORTS, ids=[p.name for p in REPORTS])
@pytest.mark.parametrize("edition", ["auto", "A0", "B3"])
def test_every_report_is_analysed_with_sound_findings(path: Path, edition: str) -> None:
    analysis = _analyze(path, edition=edition)
    size = len(analysis.source.text)
    last_line = analysis.source.line_count - 1
    for f in analysis.findings:
        assert f.code in CODES
        assert 0 <= f.start <= f.end <= size, f
        assert f.message
        r = analysis.source.range(f.start, f.end)
        assert (r.start.line, r.start.character) <= (r.end.line, r.end.character)
        assert 0 <= r.start.line <= r.end.line <= last_line
        assert r.end.character <= len(analysis.source.line_text(r.end.line).encode("utf-16-le"))
        assert f.question is None or 1 <= f.question <= 40
    assert analysis.is_report


@needs_shared
def test_fiona_wennberg_missing_question_9_heading() -> None:
    analysis = _real("FionaWennberg")
    assert _found(analysis, "heading-missing") == [9]
    [count] = [f for f in analysis.findings if f.code == "answer-count"]
    assert "found 30 answers, expected 31" in count.message
    assert "question heading missing (Q9)" in count.message
    heading = next(f for f in analysis.findings if f.code == "heading-missing")
    assert analysis.source.text[heading.start : heading.end].startswith(">")


@needs_shared
def test_fiona_wennberg_question_8s_answer_is_dropped_and_question_9s_judged_as_its_own() -> None:
    analysis = _real("FionaWennberg")
    [dropped] = [f for f in analysis.findings if f.code == "answer-dropped"]
    assert dropped.question == 8
    assert dropped.message.startswith("Q8: report.py does not count this answer (104 words)")
    heading = next(f for f in analysis.findings if f.code == "heading-missing")
    assert heading.message.endswith("so report.py does not count Q8's answer above it.")
    nine = [f for f in analysis.findings if f.question == 9 and f.code == "words-under"]
    assert len(nine) == 1
    assert nine[0].message.startswith(
        "Q9: 91 words, needs 100-200 (9 more) (not checked while report.py stops)."
    )


@needs_shared
def test_a_real_report_with_a_deleted_heading_and_a_pasted_section_says_which_text_is_whose() -> (
    None
):
    # Question 9's heading deleted, Question 12's section pasted twice: 31 answers again.
    [path] = REAL.glob("Fabius-Naumann__*.md")
    text = path.read_bytes().decode("utf-8").replace("### Question 9\n", "", 1)
    a, b = text.index("### Question 12\n"), text.index("### Question 13\n")
    analysis = analyze(text[:b] + text[a:b] + text[b:], path=path)
    assert analysis.result.error is None and len(analysis.result.answers) == 31
    assert analysis.result.answers[7].words == 80  # report.py's Q8: Question 9's answer
    [dropped] = [f for f in analysis.findings if f.code == "answer-dropped"]
    assert dropped.message.startswith(
        "Q8: report.py does not count this answer (64 words, 1 image)"
    )
    assert dropped.message.endswith("It checks Q9's answer as Q8 instead.")
    words = sorted(
        (f.question, f.message.split(".")[0])
        for f in analysis.findings
        if f.code == "words-under" and f.question is not None and 8 <= f.question <= 12
    )
    assert words == [
        (9, "Q9: 80 words, needs 100-200 (20 more) (checked as Q8)"),
        (12, "Q12: 85 words, needs 200-300 (115 more) (checked as Q11)"),
    ]


@needs_shared
def test_an_image_after_an_img_line_in_the_2026_template_shows_in_the_hand_in(
    tmp_path: Path,
) -> None:
    template = (SHARED / "templates" / "2026-01-09_e3622b47.md").read_text("utf-8")
    answer = '<img src="figures/a.png" width="600">\n![second](figures/b.png)'
    text = template.replace("--- question 19 fill here ---", answer, 1)
    (tmp_path / "figures").mkdir()
    for name in ("a.png", "b.png"):
        (tmp_path / "figures" / name).write_bytes(b"\x89PNG\r\n\x1a\n")
    analysis = analyze(text, path=tmp_path / "README.md")
    nineteen = {f.code: f for f in analysis.findings if f.question == 19}
    assert "image-in-code" not in nineteen
    assert nineteen["image-preview-text"].severity.name == "INFORMATION"
    assert images_not_shown(analysis) == 0


@needs_shared
def test_lucia_larraona_level_two_question_24() -> None:
    analysis = _real("lucialarraona")
    assert _found(analysis, "heading-level") == [24]
    level = next(f for f in analysis.findings if f.code == "heading-level")
    assert analysis.source.text[level.start : level.end] == "## Question 24"
    assert "answer-count" in {f.code for f in analysis.findings}
    assert set(_found(analysis, "image-as-link")) == {19, 20, 21}


@needs_shared
def test_aryan_mi_image_markup_in_backticks() -> None:
    analysis = _real("Aryan-Mi")
    in_code = [f for f in analysis.findings if f.code == "image-in-code"]
    assert len(in_code) >= 7
    assert all("report.py still counts it" in f.message for f in in_code)
    examples = [f for f in in_code if "<image>" in analysis.source.text[f.start : f.end]]
    assert len(examples) >= 4
    # Real screenshots in backticks too: report.py counts them, the page shows text.
    assert {19, 20, 21} <= {f.question for f in in_code}
    # Inside code they are text, not images: no file is looked up for them.
    assert not _found(analysis, "image-not-found")


@needs_shared
def test_barrioskilo_image_as_plain_link() -> None:
    analysis = _real("barrioskilo")
    assert 19 in _found(analysis, "image-as-link")
    assert 19 in _found(analysis, "images-missing")


@needs_shared
def test_thorx_n_eriksen_remote_images() -> None:
    analysis = _real("ThorxNxEriksen")
    remote = [f for f in analysis.findings if f.code == "image-remote"]
    assert len(remote) >= 2
    assert all(analysis.source.text[f.start : f.end].startswith("https://") for f in remote)
    assert analysis.source.original.count("\r\n") > 0  # a CRLF file


@needs_shared
def test_honza_cuhel_edited_placeholder_is_a_leftover() -> None:
    analysis = _real("HonzaCuhel")
    [edited] = [
        f
        for f in analysis.findings
        if f.code == "placeholder-leftover" and "edited placeholder" in f.message
    ]
    assert edited.question == 2
    assert (
        analysis.source.text[edited.start : edited.end] == "--- s240507, question 2 fill here ---"
    )
    assert 2 not in _found(analysis, "placeholder-unfilled")
    assert {3, 4, 5, 14} <= set(_found(analysis, "placeholder-leftover"))


@needs_shared
def test_sarphiv_svg_overview() -> None:
    analysis = _real("sarphiv")
    svg = [f for f in analysis.findings if f.code in ("image-extension", "image-not-found")]
    assert any("overview.svg" in analysis.source.text[f.start : f.end] for f in svg)


@needs_shared
def test_html_logos_in_a_question_without_image_limit_are_not_reported() -> None:
    # Seed 002's Q17 shows six <img> logos inside <h4> blocks: they show on both pages and Q17
    # has no image limit, so report.py not counting them costs nothing.
    [path] = (SHARED / "corpus" / "seeds").glob("002_*.txt")
    analysis = _analyze(path)
    text = analysis.source.text
    [q17] = [q for q in analysis.model.questions if q.number == 17]
    tags = [im for im in q17.images if im.kind == "html"]
    assert len(tags) == 6 and all(text[t.span.start : t.span.end].startswith("<img") for t in tags)
    assert not _found(analysis, "image-html")


@needs_shared
def test_an_answer_of_images_only_says_a_reader_sees_no_words() -> None:
    [path] = (SHARED / "corpus" / "seeds").glob("003_*.txt")
    [under] = [f for f in _analyze(path).findings if f.code == "words-under" and f.question == 14]
    assert under.message.startswith(
        "Q14: 6 words, needs 200-300 (194 more). Of these a reader sees 0"
    )


@needs_shared
def test_the_title_cut_is_reported_only_where_it_costs_something() -> None:
    # diogo4256's front matter lacks its blank line: the cut takes the title's `#` too.
    diogo = _real("diogo4256")
    [cut] = [f for f in diogo.findings if f.code == "handin-title-cut"]
    assert diogo.source.text[cut.start : cut.end] == "#"
    assert "front matter" in cut.message and "loses `#`" in cut.message
    # Every report that starts with the template's own title: nothing to do, no finding.
    for path in REAL.glob("*.md"):
        analysis = _analyze(path)
        if analysis.source.text.startswith("# Exam template for 02476 Machine Learning Operations"):
            assert not _found(analysis, "handin-title-cut"), path.name


@needs_shared
@pytest.mark.corpus
@pytest.mark.parametrize("path", REPORTS, ids=[p.name for p in REPORTS])
def test_bent_question_headings_change_no_number_only_the_findings(path: Path) -> None:
    # Every `### Question N` written `### Q N` (all), or one written `###Question N`: report.py's
    # verdict stays the same, and the only new findings are on the bent headings themselves.
    text = path.read_bytes().decode("utf-8").replace("\r\n", "\n")
    plain = analyze(text, path=path)
    template = re.compile(r"(?m)^### Question (\d+)[ \t]*$")
    numbers = [int(n) for n in template.findall(text)]
    assert numbers, path.name
    one = numbers[len(numbers) // 2]
    for bent, changed in [
        (template.sub(r"### Q\1", text), set(numbers)),
        (re.sub(rf"(?m)^### Question {one}[ \t]*$", f"###Question {one}", text), {one}),
    ]:
        a = analyze(bent, path=path)
        assert a.result.to_json() == plain.result.to_json(), path.name
        forms = {f.question for f in a.findings if f.code == "heading-form"}
        assert forms == changed, path.name
        before = {(f.code, f.question) for f in plain.findings}
        after = {(f.code, f.question) for f in a.findings if f.code != "heading-form"}
        assert after == before, path.name
