"""`mlops-report html` writes the very bytes of `report.py html`, on every report in ../shared."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import markdown
import pytest

from mlops_report.cli import main

from .conftest import ORACLE_SETS, needs_shared

REPORTS = sorted(
    p
    for _, folder in ORACLE_SETS
    if folder.is_dir()
    for p in folder.iterdir()
    if p.name != "INDEX.tsv"
)


def rule(readme: Path, into: Path) -> bytes:
    """Do what report-html.md says `report.py html` does, in its own words, and return the file."""
    with open(readme) as f:  # the rule's own call: default encoding, text mode
        text = f.read()
    text = text[43:]
    html = markdown.markdown(text)
    target = into / "report.html"
    with open(target, "w") as f:
        f.write(html)
    return target.read_bytes()


@needs_shared
def test_the_shared_reports_are_there() -> None:
    assert len(REPORTS) >= 50


@needs_shared
@pytest.mark.corpus
@pytest.mark.parametrize("readme", REPORTS, ids=[p.name for p in REPORTS])
def test_html_equals_the_rule_byte_for_byte(readme: Path, tmp_path: Path) -> None:
    expected = rule(readme, tmp_path)
    out = tmp_path / "ours.html"
    assert main(["html", str(readme), "-o", str(out)]) == 0
    assert out.read_bytes() == expected


def test_default_output_is_report_html_beside_the_report(tmp_path: Path) -> None:
    readme = tmp_path / "reports" / "README.md"
    readme.parent.mkdir()
    title = b"# Exam template for 02476 Machine Learning Operations"
    readme.write_bytes(title + b"\r\n\r\nHi *there*\r\n")
    assert main(["html", str(readme)]) == 0
    assert (readme.parent / "report.html").read_bytes() == rule(readme, tmp_path)


def test_a_folder_is_searched_for_its_report_as_check_does(tmp_path: Path) -> None:
    readme = tmp_path / "group" / "reports" / "README.md"
    readme.parent.mkdir(parents=True)
    readme.write_text("# Exam template for 02476 Machine Learning Operations\n\nHi\n", "utf-8")
    assert main(["html", str(tmp_path / "group")]) == 0
    assert (readme.parent / "report.html").read_bytes() == rule(readme, tmp_path)


def test_stdout_gets_the_same_bytes(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("x" * 43 + "We used:\n- a\n- b\n\nÆble 😀\n", "utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mlops_report", "html", str(readme), "-o", "-"],
        capture_output=True,
        check=True,
    )
    assert done.stdout == rule(readme, tmp_path)
    assert b"<p>We used:\n- a\n- b</p>" in done.stdout


def test_bad_input_gets_one_line_and_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["html", str(tmp_path / "missing.md")]) == 2
    assert main(["html", str(tmp_path)]) == 2
    bad = tmp_path / "README.md"
    bad.write_bytes(b"# Title\n\xff\xfe broken\n")
    assert main(["html", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "no such file" in err and "no report found" in err and "UnicodeDecodeError" in err
    assert "Traceback" not in err
    assert not (tmp_path / "report.html").exists()


def test_html_says_what_check_says_of_a_file_that_is_not_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import mlops_report.html_command as html_command

    monkeypatch.setattr(html_command, "default_encoding", lambda: "UTF-8")
    monkeypatch.setattr(
        html_command, "read_as_report_py", lambda data: data.decode("utf-8")
    )  # as on a machine whose default encoding is UTF-8, whatever this one's is
    binary, latin = tmp_path / "figure.png", tmp_path / "README.md"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff")
    latin.write_bytes("# Exam\nSøren ".encode() + b"\xf8\n")
    for path in (binary, latin):
        main(["check", str(path)])
        said = capsys.readouterr().err.rstrip("\n").split("; ")[0]
        assert main(["html", str(path)]) == 2
        err = capsys.readouterr().err
        assert err == (
            f"{said}; report.py html reads it as UTF-8 here and would stop with a "
            "UnicodeDecodeError\n"
        )
    assert said.endswith("is not valid UTF-8 (line 2, column 7: byte 0xf8)")
    assert main(["html", str(tmp_path / "missing.md")]) == 2
    assert capsys.readouterr().err == f"mlops-report: {tmp_path / 'missing.md'}: no such file\n"
