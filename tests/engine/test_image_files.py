"""Image files on disk (checks/image_files.py), against real files under tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlops_report.engine.analysis import Analysis
from mlops_report.engine.filesystem import LocalFileSystem
from mlops_report.engine.findings import Severity
from mlops_report.engine.fixes import FixContext, apply_edits
from mlops_report.engine.mend import FixAll, fix_all, fix_all_edits, fixes_for
from mlops_report.engine.pipeline import analyze
from mlops_report.staff import images_not_shown

from .helpers import IMAGE, codes, figures, lsp, of, one, report, span

FILE_CODES = {
    "image-not-found",
    "image-case-mismatch",
    "image-outside-reports",
    "image-outside-figures",
    "image-extension",
    "image-remote",
    "image-github-page",
}


def test_existing_png_in_figures_gives_no_file_findings(tmp_path: Path) -> None:
    readme = figures(tmp_path, "b.jpg", "c.JPEG")
    text = report(answers={19: f"{IMAGE} ![b](figures/b.jpg)", 20: "![c](figures/c.JPEG)"})
    assert not codes(analyze(text, path=readme)) & FILE_CODES


def test_without_a_path_no_file_is_looked_up() -> None:
    text = report(answers={19: "![gone](figures/gone.png)"})
    assert not codes(analyze(text)) & FILE_CODES


def test_image_not_found_covers_the_path(tmp_path: Path) -> None:
    readme = figures(tmp_path)
    text = report(answers={19: "![gone](figures/gone.png)"})
    analysis = analyze(text, path=readme)
    f = one(analysis, "image-not-found")
    assert f.question == 19
    assert lsp(analysis, f) == span(text, "figures/gone.png")
    assert "`figures/gone.png` not found" in f.message
    assert "Did you mean" not in f.message


def test_image_not_found_suggests_the_file_in_figures(tmp_path: Path) -> None:
    readme = figures(tmp_path, "bucket.png")
    for written in ("reports/figures/bucket.png", "bucket.png", "img/bucket.png"):
        text = report(answers={19: f"![b]({written})"})
        analysis = analyze(text, path=readme)
        f = one(analysis, "image-not-found")
        assert lsp(analysis, f) == span(text, written, after="### Question 19")
        assert "Did you mean `figures/bucket.png`?" in f.message
        assert f.data["replacement"] == "figures/bucket.png"


def test_template_example_path_is_image_not_found(tmp_path: Path) -> None:
    readme = figures(tmp_path)
    example = "figures/<image>.<extension>"
    text = report(answers={19: f"{IMAGE} ![my_image]({example})"})
    analysis = analyze(text, path=readme)
    f = one(analysis, "image-not-found")
    assert lsp(analysis, f) == span(text, example, after="### Question 19")
    assert "template's example path" in f.message


def test_image_case_mismatch_in_the_file_name(tmp_path: Path) -> None:
    readme = figures(tmp_path, "Registry.png")
    text = report(answers={20: "![r](figures/registry.png)"})
    analysis = analyze(text, path=readme)
    f = one(analysis, "image-case-mismatch")
    assert f.question == 20
    assert lsp(analysis, f) == span(text, "figures/registry.png")
    assert "`figures/Registry.png`, not `figures/registry.png`" in f.message
    assert f.data["replacement"] == "figures/Registry.png"
    assert "image-not-found" not in codes(analysis)


def test_image_case_mismatch_in_the_folder_name(tmp_path: Path) -> None:
    readme = figures(tmp_path, "build.png")
    text = report(answers={21: "![b](Figures/build.png)"})
    analysis = analyze(text, path=readme)
    f = one(analysis, "image-case-mismatch")
    assert lsp(analysis, f) == span(text, "Figures/build.png")
    assert f.data["replacement"] == "figures/build.png"


def test_image_outside_figures(tmp_path: Path) -> None:
    readme = figures(tmp_path, "shots/cloud.png")
    text = report(answers={19: "![c](shots/cloud.png)"})
    analysis = analyze(text, path=readme)
    f = one(analysis, "image-outside-figures")
    assert lsp(analysis, f) == span(text, "shots/cloud.png")
    assert "not in figures/" in f.message


def test_image_outside_the_report_folder_and_by_absolute_path(tmp_path: Path) -> None:
    readme = figures(tmp_path / "reports")
    outside = tmp_path / "top.png"
    outside.write_bytes(b"png")
    text = report(answers={19: "![t](../top.png)", 20: f"![a]({outside.as_posix()})"})
    analysis = analyze(text, path=readme)
    found = {f.question: f for f in analysis.findings if f.code == "image-outside-reports"}
    assert found[19].message == (
        "Q19: `../top.png` is outside the report's folder, and only that folder is handed in: "
        "the hand-in will not show the image. Put it in figures/."
    )
    assert found[20].message == (
        f"Q20: `{outside.as_posix()}` is an absolute path: only this machine has it, so neither "
        "the hand-in nor GitHub will show the image. Put it in figures/."
    )
    assert {f.severity for f in found.values()} == {Severity.WARNING}
    assert lsp(analysis, found[19]) == span(text, "../top.png")
    assert "image-outside-figures" not in codes(analysis)


def test_a_path_out_of_the_folder_and_back_in_is_handed_in(tmp_path: Path) -> None:
    readme = figures(tmp_path / "reports", "a.png")
    text = report(answers={19: "![a](../reports/figures/a.png)"})
    analysis = analyze(text, path=readme)
    assert "image-outside-reports" not in codes(analysis)
    assert "not in figures/" in one(analysis, "image-outside-figures").message


def test_an_image_outside_with_its_name_in_figures_gets_that_path(tmp_path: Path) -> None:
    readme = figures(tmp_path / "reports", "top.png")
    (tmp_path / "top.png").write_bytes(b"png")
    text = report(answers={19: "![t](../top.png)"})
    analysis = analyze(text, path=readme)
    f = one(analysis, "image-outside-reports")
    assert f.message.endswith("the hand-in will not show the image. `figures/top.png` is there.")
    ctx = FixContext(lambda rel: (readme.parent / rel).is_file())
    [fix] = fixes_for(analysis, f, ctx)
    assert fix.title == "Change the path to `figures/top.png`"
    assert "![t](figures/top.png)" in apply_edits(text, fix.edits)
    # Another file of the same name may be another picture: never applied unasked.
    assert all("figures/top.png" not in e.text for e in fix_all_edits(analysis, ctx))


def test_image_extension_svg(tmp_path: Path) -> None:
    readme = figures(tmp_path, "overview.svg")
    text = report(answers={29: "![o](figures/overview.svg) " + "w " * 199})
    analysis = analyze(text, path=readme)
    f = one(analysis, "image-extension")
    assert f.question == 29
    assert lsp(analysis, f) == span(text, "figures/overview.svg")
    assert ".png, .jpg or .jpeg" in f.message
    assert "image-outside-figures" not in codes(analysis)


def test_image_remote(tmp_path: Path) -> None:
    readme = figures(tmp_path)
    url = "https://example.org/shots/bucket.png"
    text = report(answers={19: f"![b]({url})"})
    analysis = analyze(text, path=readme)
    f = one(analysis, "image-remote")
    assert f.question == 19
    assert lsp(analysis, f) == span(text, url)
    assert "from the web" in f.message
    assert "image-not-found" not in codes(analysis)


PAGES = [
    # (written, fixed): GitHub's page for a file, and the same address asking for the file
    (
        "https://github.com/me/proj/blob/main/reports/figures/loss.png",
        "https://github.com/me/proj/blob/main/reports/figures/loss.png?raw=true",
    ),
    (
        "https://GitHub.com/me/proj/blob/v1/a%20b.png",
        "https://GitHub.com/me/proj/blob/v1/a%20b.png?raw=true",
    ),
    (
        "https://github.com/me/proj/blob/main/a.png?plain=1",
        "https://github.com/me/proj/blob/main/a.png?plain=1&raw=true",
    ),
    (
        "https://github.com/me/proj/blob/main/a.png#top",
        "https://github.com/me/proj/blob/main/a.png?raw=true#top",
    ),
]


@pytest.mark.parametrize(("url", "fixed_url"), PAGES)
def test_a_github_page_is_a_warning_fixed_to_the_file(
    tmp_path: Path, url: str, fixed_url: str
) -> None:
    readme = figures(tmp_path)
    text = report(answers={19: f"{IMAGE} ![loss]({url})"})
    analysis = analyze(text, path=readme)
    f = one(analysis, "image-github-page")
    assert f.question == 19 and f.severity is Severity.WARNING
    assert lsp(analysis, f) == span(text, url)
    assert "web page" in f.message and "no image" in f.message
    assert "image-remote" not in codes(analysis)
    [fix] = fixes_for(analysis, f, FixContext())
    assert fix.safe and fix.preferred and "raw=true" in fix.title
    fixed = apply_edits(text, fix.edits)
    assert f"![loss]({fixed_url})" in fixed
    assert not codes(analyze(fixed, path=readme)) & FILE_CODES - {"image-remote"}


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/me/proj/blob/main/a.png?raw=true",
        "https://github.com/me/proj/raw/main/a.png",
        "https://raw.githubusercontent.com/me/proj/main/a.png",
        "https://github.com/user-attachments/assets/0b1c2d3e",
        "https://example.org/me/proj/blob/main/a.png",
    ],
)
def test_an_address_of_the_file_itself_is_only_remote(tmp_path: Path, url: str) -> None:
    readme = figures(tmp_path)
    analysis = analyze(report(answers={19: f"{IMAGE} ![loss]({url})"}), path=readme)
    assert "image-github-page" not in codes(analysis)
    assert one(analysis, "image-remote").severity is Severity.INFORMATION


def test_staff_count_a_github_page_as_an_image_that_will_not_show(tmp_path: Path) -> None:
    readme = figures(tmp_path)
    pages = "![a](https://github.com/me/proj/blob/main/a.png)"
    files = "![b](https://github.com/me/proj/raw/main/b.png)"
    assert images_not_shown(analyze(report(answers={19: f"{pages} {files}"}), path=readme)) == 1


def test_an_html_image_of_a_github_page_is_fixed_in_its_attribute(tmp_path: Path) -> None:
    readme = figures(tmp_path)
    url = "https://github.com/me/proj/blob/main/a.png"
    text = report(answers={19: f'{IMAGE} <img src="{url}" width="300">'})
    analysis = analyze(text, path=readme)
    [fix] = fixes_for(analysis, one(analysis, "image-github-page"), FixContext())
    assert f'<img src="{url}?raw=true" width="300">' in apply_edits(text, fix.edits)


def test_linked_and_html_images_are_looked_up_too_but_not_code_or_references(
    tmp_path: Path,
) -> None:
    readme = figures(tmp_path)
    answer = (
        f"{IMAGE} [l](figures/l.png) <img src='figures/h.png'> "
        "`![c](figures/c.png)` ![r][ref]\n\n[ref]: figures/r.png"
    )
    text = report(answers={19: answer})
    analysis = analyze(text, path=readme)
    missing = [f.data["path"] for f in analysis.findings if f.code == "image-not-found"]
    assert missing == ["figures/l.png", "figures/h.png"]


class RecordingFileSystem(LocalFileSystem):
    """The real file system, recording every question asked of it."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Path]] = []

    def is_file(self, path: Path) -> bool:
        self.calls.append(("is_file", path))
        return super().is_file(path)

    def listdir(self, path: Path) -> list[str] | None:
        self.calls.append(("listdir", path))
        return super().listdir(path)

    def realpath(self, path: Path) -> Path:
        self.calls.append(("realpath", path))
        return super().realpath(path)


def test_a_symlink_out_of_the_report_folder_is_reported(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "secret.png"
    outside.parent.mkdir()
    outside.write_bytes(b"\x89PNG")
    reports = tmp_path / "reports"
    (reports / "figures").mkdir(parents=True)
    (reports / "figures" / "link.png").symlink_to(outside)
    text = report(answers={19: "![l](figures/link.png)"})
    analysis = analyze(text, path=reports / "README.md")
    f = one(analysis, "image-outside-figures")
    assert "links to a file outside the report's folder" in f.message
    assert lsp(analysis, f) == span(text, "figures/link.png")
    assert not [x for x in analysis.findings if x.code == "image-not-found" and x.question == 19]


def test_a_file_url_is_an_absolute_path(tmp_path: Path) -> None:
    target = tmp_path / "shot.png"
    target.write_bytes(b"\x89PNG")
    (tmp_path / "reports").mkdir()
    text = report(answers={19: f"![u]({target.as_uri()})"})
    analysis = analyze(text, path=tmp_path / "reports" / "README.md")
    assert "absolute path" in one(analysis, "image-outside-reports").message


def test_image_paths_are_only_looked_up_never_opened(tmp_path: Path) -> None:
    # Every path the image checks touch goes through the FileSystem interface, which can only
    # tell existence, list a folder and resolve links: no call can read a file's contents.
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "a.png").write_bytes(b"\x89PNG")
    fs = RecordingFileSystem()
    answers = {
        19: "![a](figures/a.png) ![b](figures/B.png) ![c](../../etc/passwd)",
        20: "![d](/etc/shadow) ![e](file:///etc/hostname) [f](figures/f.png)",
        21: '<img src="figures/g.png">',
    }
    analyze(report(answers=answers), path=tmp_path / "README.md", fs=fs)
    assert fs.calls
    assert {kind for kind, _ in fs.calls} <= {"is_file", "listdir", "realpath"}


def test_an_angled_path_holding_parentheses_is_the_whole_path(tmp_path: Path) -> None:
    # CommonMark (and the hand-in) read `<...>` up to its `>`; report.py's regex, which stops at
    # the first `)`, still counts the image once.
    readme = figures(tmp_path, "my shot (1).png", "Case (2).png", "vector (3).svg")
    shot = "![x](<figures/my shot (1).png>)"
    titled = '![y](<figures/my shot (1).png> "a (title)")'
    text = report(answers={19: f"{shot} and {titled}"})
    analysis = analyze(text, path=readme)
    assert not codes(analysis) & FILE_CODES
    assert analysis.answers[19].images == 2
    [q19] = [q for q in analysis.model.questions if q.number == 19]
    assert [im.path for im in q19.images] == ["figures/my shot (1).png"] * 2
    first = q19.images[0].span
    assert text[first.start : first.end] == shot

    text = report(
        answers={19: "![c](<figures/case (2).png>)", 29: "![v](<figures/vector (3).svg>)"}
    )
    analysis = analyze(text, path=readme)
    f = one(analysis, "image-case-mismatch")
    assert lsp(analysis, f) == span(text, "<figures/case (2).png>")
    assert f.data["replacement"] == "figures/Case (2).png"
    [fix] = fixes_for(analysis, f, FixContext(exists=lambda p: p == "figures/Case (2).png"))
    assert fix.safe
    assert "![c](<figures/Case (2).png>)" in apply_edits(text, fix.edits)
    ext = one(analysis, "image-extension")
    assert lsp(analysis, ext) == span(text, "<figures/vector (3).svg>")


# -- a Windows path: `figures\a.png` ---------------------------------------------------------------


def _mended(analysis: Analysis, code: str, ctx: FixContext) -> tuple[str, bool, int]:
    [fix] = fixes_for(analysis, one(analysis, code), ctx)
    return apply_edits(analysis.source.text, fix.edits), fix.safe, len(fix.edits)


def test_a_backslash_path_to_a_file_that_exists_names_the_cause(tmp_path: Path) -> None:
    readme = figures(tmp_path, "a.png")
    text = report(answers={19: "![a](figures\\a.png)"})
    analysis = analyze(text, path=readme)
    assert "image-not-found" not in codes(analysis)
    f = one(analysis, "image-backslash")
    assert f.severity == Severity.INFORMATION  # the hand-in shows it: advice, not a warning
    assert lsp(analysis, f) == span(text, "figures\\a.png")
    assert f.message == (
        "Q19: `\\` separates folders only on Windows: write `figures/a.png`. GitHub shows no "
        "image; the hand-in does (browsers read `\\` as `/`)."
    )
    ctx = FixContext(lambda rel: (tmp_path / rel).is_file())
    mended, safe, edits = _mended(analysis, "image-backslash", ctx)
    assert (mended, safe, edits) == (text.replace("figures\\a.png", "figures/a.png"), True, 1)
    assert apply_edits(text, fix_all_edits(analysis, ctx)) == mended


def test_the_fix_writes_a_slash_over_each_backslash_and_nothing_else(tmp_path: Path) -> None:
    readme = figures(tmp_path, "figures/run 1/a.png")
    written = "<.\\figures\\\\run 1\\a.png>"
    text = report(answers={19: f"![a]({written} 'loss')"})
    analysis = analyze(text, path=readme)
    f = one(analysis, "image-backslash")
    assert "write `./figures/run 1/a.png`" in f.message
    ctx = FixContext(lambda rel: (tmp_path / rel).is_file())
    mended, safe, edits = _mended(analysis, "image-backslash", ctx)
    assert mended == text.replace(written, "<./figures/run 1/a.png>")
    assert (safe, edits) == (True, 3)
    assert fix_all(analysis, ctx) == FixAll(list(fixes_for(analysis, f, ctx)[0].edits), 1)


def test_no_safe_fix_once_the_slash_path_is_gone(tmp_path: Path) -> None:
    readme = figures(tmp_path, "a.png")
    analysis = analyze(report(answers={19: "![a](figures\\a.png)"}), path=readme)
    gone = FixContext(lambda rel: False)
    _, safe, _ = _mended(analysis, "image-backslash", gone)
    assert not safe
    assert fix_all_edits(analysis, gone) == []


def test_a_backslash_path_to_no_file_is_not_found_and_says_why(tmp_path: Path) -> None:
    readme = figures(tmp_path, "bucket.png")
    text = report(answers={19: "![a](figures\\gone.png) ![b](img\\bucket.png)"})
    analysis = analyze(text, path=readme)
    gone, bucket = of(analysis, "image-not-found")
    assert gone.message == (
        "Q19: image file `figures/gone.png` not found. (`\\` separates folders only on Windows: "
        "write `/`.)"
    )
    assert "Did you mean `figures/bucket.png`?" in bucket.message
    assert "image-backslash" not in codes(analysis)


def test_a_backslash_python_markdown_takes_for_an_escape_hides_the_image(tmp_path: Path) -> None:
    readme = figures(tmp_path, "_a.png")
    text = report(answers={19: "![a](figures\\_a.png)"})
    analysis = analyze(text, path=readme)
    assert "image-backslash" not in codes(analysis)
    f = one(analysis, "image-not-found")  # `\_` is `_` on the page: no such file
    assert f.severity == Severity.WARNING
    assert f.message == (
        "Q19: `\\` separates folders only on Windows: write `figures/_a.png`. The hand-in reads "
        "`figures_a.png`, which does not exist."
    )
    ctx = FixContext(lambda rel: (tmp_path / rel).is_file())
    mended, safe, edits = _mended(analysis, "image-not-found", ctx)
    assert (mended, safe, edits) == (text.replace("figures\\_a.png", "figures/_a.png"), True, 1)


def test_an_img_tag_with_a_backslash_claims_nothing_about_renderers(tmp_path: Path) -> None:
    # An `<img>`'s `src` is not Markdown: no escape takes its `\\`, none writes it as `%5C`.
    readme = figures(tmp_path, "_a.png")
    text = report(answers={19: f"{IMAGE} <img src='figures\\_a.png'>"})
    analysis = analyze(text, path=readme)
    assert "image-not-found" not in codes(analysis)
    f = one(analysis, "image-backslash")
    assert f.message == "Q19: `\\` separates folders only on Windows: write `figures/_a.png`."


def test_a_backslash_path_is_judged_by_the_slash_path_it_means(tmp_path: Path) -> None:
    readme = figures(tmp_path, "a.gif", "shots/b.png")
    text = report(answers={19: f"{IMAGE} ![a](figures\\a.gif) ![b](shots\\b.png)"})
    analysis = analyze(text, path=readme)
    assert [f.data["path"] for f in of(analysis, "image-backslash")] == [
        "figures\\a.gif",
        "shots\\b.png",
    ]
    assert "`figures/a.gif` is not a .png" in one(analysis, "image-extension").message
    assert "`shots/b.png` is not in figures/" in one(analysis, "image-outside-figures").message


# -- the path as the renderers read it (CommonMark's destination grammar, the hand-in's reading) --


def _q(analysis, number: int):  # type: ignore[no-untyped-def]
    return next(q for q in analysis.model.questions if q.number == number)


def test_an_angled_path_with_its_title_on_the_next_line_is_found(tmp_path: Path) -> None:
    readme = figures(tmp_path, "my shot (1).png")
    text = report(answers={19: '![x](<figures/my shot (1).png>\n"The training curve")'})
    analysis = analyze(text, path=readme)
    assert not codes(analysis) & FILE_CODES
    assert analysis.answers[19].images == 1  # report.py's count: its regex, on the first line
    [im] = _q(analysis, 19).images
    assert im.path == "figures/my shot (1).png"
    assert text[im.span.start : im.span.end].endswith('"The training curve")')


def test_an_escaped_angle_bracket_inside_an_angled_path_is_part_of_the_name(
    tmp_path: Path,
) -> None:
    readme = figures(tmp_path, "a>b.png", "c>d (2).png")
    text = report(answers={19: r"![x](<figures/a\>b.png>) ![y](<figures/c\>d (2).png>)"})
    analysis = analyze(text, path=readme)
    assert not codes(analysis) & FILE_CODES
    assert [im.path for im in _q(analysis, 19).images] == ["figures/a>b.png", "figures/c>d (2).png"]


def test_backslash_escapes_entities_and_parentheses_in_a_plain_path(tmp_path: Path) -> None:
    # CommonMark resolves `\(` and `&amp;` and keeps balanced parentheses; so does the hand-in.
    readme = figures(tmp_path, "shot(1).png", "R&D.png", "run(2).png", "q.png")
    answer = (
        r"![a](figures/shot\(1\).png) ![b](figures/R&amp;D.png) ![c](figures/run(2).png) "
        "![d](figures/q.png?raw=true)"
    )
    text = report(answers={19: answer})
    analysis = analyze(text, path=readme)
    assert not codes(analysis) & FILE_CODES
    assert analysis.answers[19].images == 4
    paths = [im.path for im in _q(analysis, 19).images]
    assert paths == [
        "figures/shot(1).png",
        "figures/R&D.png",
        "figures/run(2).png",
        "figures/q.png?raw=true",
    ]


def test_an_escaped_quote_in_the_title_of_an_angled_path_breaks_only_the_hand_in(
    tmp_path: Path,
) -> None:
    # GitHub loads the file; Python-Markdown takes `<figures/...>` itself for the path.
    readme = figures(tmp_path, "my shot (1).png")
    text = report(answers={19: r'![x](<figures/my shot (1).png> "say \"hi\"")'})
    analysis = analyze(text, path=readme)
    f = one(analysis, "image-not-found")
    assert "in the hand-in" in f.message
    assert "`<figures/my shot (1).png>` not found" in f.message
    assert "load `figures/my shot (1).png`" in f.message
    assert lsp(analysis, f) == span(text, "<figures/my shot (1).png>")
    assert f.data["renderer"] == "hand-in"
    assert fixes_for(analysis, f, FixContext(figures=["figures/my shot (1).png"])) == []


def test_a_parenthesised_title_breaks_only_the_hand_in(tmp_path: Path) -> None:
    readme = figures(tmp_path, "x.png")
    text = report(answers={19: "![x](figures/x.png (the loss))"})
    analysis = analyze(text, path=readme)
    f = one(analysis, "image-not-found")
    assert "`figures/x.png (the loss)` not found in the hand-in" in f.message
    assert lsp(analysis, f) == span(text, "figures/x.png", after="### Question 19")


def test_a_titled_path_both_read_alike_gives_nothing(tmp_path: Path) -> None:
    readme = figures(tmp_path, "x.png")
    text = report(answers={19: "![x](figures/x.png \"The loss\") ![y](figures/x.png 'it\\'s')"})
    assert not codes(analyze(text, path=readme)) & FILE_CODES


def test_a_path_only_the_hand_in_shows_is_looked_up_as_it_reads_it(tmp_path: Path) -> None:
    # A space outside `<...>`: GitHub shows text, the hand-in (and report.py's count) an image.
    readme = figures(tmp_path, "my shot.png")
    text = report(answers={19: '![x](figures/my shot.png "t") ![y](figures/no shot.png)'})
    analysis = analyze(text, path=readme)
    f = one(analysis, "image-not-found")
    assert "`figures/no shot.png` not found." in f.message
    assert not _q(analysis, 19).images[0].commonmark


def test_mending_a_path_written_with_escapes_rewrites_the_destination_only(
    tmp_path: Path,
) -> None:
    readme = figures(tmp_path, "shot(1).png")
    text = report(answers={19: r'![x](figures/Shot\(1\).png "The curve")'})
    analysis = analyze(text, path=readme)
    f = one(analysis, "image-case-mismatch")
    assert lsp(analysis, f) == span(text, r"figures/Shot\(1\).png")
    [fix] = fixes_for(analysis, f, FixContext(exists=lambda p: p == "figures/shot(1).png"))
    assert fix.safe
    mended = apply_edits(text, fix.edits)
    assert '![x](figures/shot%281%29.png "The curve")' in mended
    assert not codes(analyze(mended, path=readme)) & FILE_CODES
