"""The command line: output formats, exit codes and the bundled sample report."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from mlops_report.cli import main
from mlops_report.engine.registry import CODES

from .conftest import ROOT
from .fixtures.reports import answers_at_minimum, build_report, filler_words

SAMPLE = ROOT / "examples" / "reports" / "README.md"
LINE_RE = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning|information|hint) "
    r"(?P<code>[a-z-]+): (?P<message>.+)$"
)
SUMMARY_RE = re.compile(r"^(?P<path>.+?): report\.py \((?P<edition>[A-Z0-9*]+)\): .+$")

SAMPLE_FINDINGS = [
    ("words-over", 12),
    ("image-not-found", 14),
    ("words-under", 18),
    ("images-missing", 19),
    ("image-as-link", 19),
    ("image-case-mismatch", 20),
    ("placeholder-leftover", 25),
    ("placeholder-unfilled", 27),
]


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["check", *args])
    out, err = capsys.readouterr()
    return status, out, err


def _passing_report(base: Path) -> Path:
    """Write a report inside every limit whose images exist; return its path."""
    (base / "figures").mkdir(parents=True)
    (base / "figures" / "figure.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    readme = base / "README.md"
    readme.write_text(build_report("B3", answers_at_minimum("B3")), "utf-8")
    return readme


# -- text ---------------------------------------------------------------------------------------


def test_sample_report_gives_exactly_its_planted_findings(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = _run(capsys, str(SAMPLE))
    assert status == 1
    assert err == ""
    *lines, summary = out.splitlines()
    lines = [line for line in lines if " handin-" not in line]  # hand-in: tests/handin
    parsed = [LINE_RE.match(line) for line in lines]
    assert all(parsed), lines
    found = [(m["code"], int(m["message"].split(":")[0].removeprefix("Q"))) for m in parsed if m]
    assert found == SAMPLE_FINDINGS
    assert summary == f"{SAMPLE}: report.py (B3): 27/31 questions pass"


def test_text_lines_have_path_line_col_severity_code_message(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = _run(capsys, str(SAMPLE))
    text = SAMPLE.read_text("utf-8")
    for line in out.splitlines()[:-1]:
        m = LINE_RE.match(line)
        assert m is not None
        assert m["path"] == str(SAMPLE)
        assert m["code"] in CODES
        assert m["severity"] == CODES[m["code"]].severity.label
        assert 1 <= int(m["line"]) <= text.count("\n") + 1
    words_over = next(ln for ln in out.splitlines() if " words-over: " in ln)
    assert (
        words_over
        == f"{SAMPLE}:343:50: error words-over: Q12: 119 words, allows 50-100 (19 too many)"
    )


def test_text_columns_count_characters_not_utf16_units(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Q12 allows 100 words; the 101st sits after two emoji on the same line.
    answer = filler_words(98) + "\n\U0001f680 \U0001f680 PAST"
    readme = tmp_path / "README.md"
    readme.write_text(build_report("B3", {**answers_at_minimum("B3"), 12: answer}), "utf-8")
    _, out, _ = _run(capsys, str(readme))
    line = next(ln for ln in out.splitlines() if " words-over: " in ln)
    m = LINE_RE.match(line)
    assert m is not None
    physical = readme.read_text("utf-8").splitlines()[int(m["line"]) - 1]
    assert int(m["col"]) == physical.index("PAST") + 1
    _, out, _ = _run(capsys, "--format", "json", str(readme))
    [diag] = [d for d in json.loads(out)[0]["diagnostics"] if d["code"] == "words-over"]
    assert diag["range"]["start"]["character"] == physical.index("PAST") + 2  # UTF-16


def test_a_report_that_passes_everything_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = _passing_report(tmp_path)
    status, out, err = _run(capsys, str(readme))
    assert (status, err) == (0, "")
    # Nothing but the verdict: not even the title cut every report of this template gets.
    assert out.splitlines() == [f"{readme}: report.py (B3): 31/31 questions pass"]


def test_warnings_alone_exit_1_only_when_report_py_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A leftover placeholder is a warning, and its 6 words still keep Q4 inside 100-200.
    readme = _passing_report(tmp_path)
    text = readme.read_text("utf-8")
    cut = text.index("\n\n### Question 5")
    readme.write_text(text[:cut] + "\n\n--- question 4 fill here ---" + text[cut:], "utf-8")
    status, out, _ = _run(capsys, str(readme))
    assert " warning placeholder-leftover: " in out
    assert status == 0


def test_a_forced_edition_is_used(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "--edition", "B1", str(SAMPLE))
    assert out.splitlines()[-1].startswith(f"{SAMPLE}: report.py (B1): ")
    assert status == 1


def test_an_unreadable_report_py_beside_the_report_is_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = _passing_report(tmp_path)
    (tmp_path / "report.py").write_text("def check(:\n", "utf-8")
    status, out, _ = _run(capsys, str(readme))
    assert status == 0
    assert f"{readme}: note: report.py beside the report could not be read" in out


# -- json and github ----------------------------------------------------------------------------


def test_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(capsys, "--format", "json", str(SAMPLE))
    assert (status, err) == (1, "")
    [result] = json.loads(out)
    assert set(result) == {"path", "edition", "report_py", "diagnostics", "problem"}
    assert result["problem"] is None
    assert result["path"] == str(SAMPLE)
    assert result["edition"] == "B3"
    report_py = result["report_py"]
    assert report_py["error"] is None
    assert report_py["passed"] == 27
    assert len(report_py["answers"]) == 31
    assert set(report_py["answers"][0]) == {"q", "words", "images", "failed"}
    assert report_py["answers"][11]["failed"] == ["words"]
    result["diagnostics"] = [
        d for d in result["diagnostics"] if not d["code"].startswith("handin-")
    ]
    assert [(d["code"], d["question"]) for d in result["diagnostics"]] == SAMPLE_FINDINGS
    for d in result["diagnostics"]:
        assert set(d) == {"code", "severity", "message", "question", "range"}
        assert d["severity"] == CODES[d["code"]].severity.label
        start, end = d["range"]["start"], d["range"]["end"]
        assert set(start) == set(end) == {"line", "character"}
        assert (start["line"], start["character"]) <= (end["line"], end["character"])
    words_over = result["diagnostics"][0]
    assert words_over["range"]["start"] == {"line": 342, "character": 49}


def test_json_of_several_files_is_one_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = _passing_report(tmp_path)
    status, out, _ = _run(capsys, "--format", "json", str(readme), str(SAMPLE))
    assert status == 1
    assert [r["path"] for r in json.loads(out)] == [str(readme), str(SAMPLE)]


def test_github_annotations(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "--format", "github", str(SAMPLE))
    assert status == 1
    *annotations, summary = [a for a in out.splitlines() if "title=handin-" not in a]
    assert summary == f"{SAMPLE}: report.py (B3): 27/31 questions pass"
    assert len(annotations) == len(SAMPLE_FINDINGS)
    first = annotations[0]
    assert first.startswith(
        f"::error file={SAMPLE},line=343,col=50,endLine=",
    )
    assert ",title=words-over::Q12: 119 words" in first
    # what matters most for the grade first: errors, then images that will not show
    titles = [a.split("title=", 1)[1].split("::", 1)[0] for a in annotations]
    assert titles == [
        "words-over", "words-under", "images-missing", "placeholder-unfilled",
        "image-not-found", "image-as-link", "image-case-mismatch", "placeholder-leftover",
    ]  # fmt: skip
    levels = [a.split(" ", 1)[0] for a in annotations]
    assert levels == ["::error"] * 4 + ["::warning"] * 4


def test_github_annotations_escape_properties_and_messages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "a,b:c"
    readme = _passing_report(folder)
    text = readme.read_text("utf-8").replace(
        "![figure](figures/figure.png)", "![figure](figures/100%.png)", 1
    )
    readme.write_text(text, "utf-8")
    _, out, _ = _run(capsys, "--format", "github", str(readme))
    [annotation] = [a for a in out.splitlines() if a.startswith("::") and "title=handin-" not in a]
    escaped_path = str(readme).replace("%", "%25").replace(":", "%3A").replace(",", "%2C")
    assert annotation.startswith(f"::warning file={escaped_path},line=")
    assert "a%2Cb%3Ac" in annotation
    assert "title=image-not-found::" in annotation
    assert "`figures/100%25.png` not found" in annotation
    assert "100%.png" not in annotation


# -- exit status 2 ------------------------------------------------------------------------------


def _bad_input(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / "README.md"
    if kind == "missing":
        return tmp_path / "nowhere" / "README.md"
    if kind == "directory":
        return tmp_path
    data = {
        "empty": b"",
        "blank": b"  \n\n",
        "binary": b"# Exam\x00\x01\x02 report",
        "latin-1": "# Exam for Søren\n".encode("latin-1"),
    }[kind]
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("missing", "no such file"),
        ("directory", "no report found"),
        ("empty", "is empty"),
        ("blank", "is empty"),
        ("binary", "is a binary file"),
        ("latin-1", "is not valid UTF-8"),
    ],
)
def test_unreadable_input_exits_2_with_one_line_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, reason: str
) -> None:
    path = _bad_input(tmp_path, kind)
    status, out, err = _run(capsys, str(path))
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"mlops-report: {path}: {reason}")
    assert "Traceback" not in err


def test_json_gives_a_file_that_cannot_be_checked_an_entry_with_the_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.md"
    status, out, err = _run(capsys, "--format", "json", str(missing), str(SAMPLE))
    assert status == 2
    assert err == f"mlops-report: {missing}: no such file\n"
    first, second = json.loads(out)
    assert first == {
        "path": str(missing),
        "edition": None,
        "report_py": None,
        "diagnostics": [],
        "problem": "no such file",
    }
    assert (second["path"], second["problem"], second["edition"]) == (str(SAMPLE), None, "B3")


def test_github_annotates_a_file_that_cannot_be_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    empty = _bad_input(tmp_path, "empty")
    status, out, err = _run(capsys, "--format", "github", str(empty))
    assert (status, err) == (2, "")
    escaped = str(empty).replace(":", "%3A").replace(",", "%2C")
    assert out == f"::error file={escaped},title=mlops-report::{empty}: is empty\n"
    assert f"- `{empty}`: cannot be checked: is empty" in summary.read_text("utf-8")


def test_a_byte_that_is_not_utf8_is_placed_by_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = tmp_path / "README.md"
    readme.write_bytes("# Exam\n\nMålt 😀 på \t".encode() + b"\xe9t\n")
    status, _, err = _run(capsys, str(readme))
    assert status == 2
    assert err == (
        f"mlops-report: {readme}: is not valid UTF-8 (line 3, column 12: byte 0xe9); "
        "save it as UTF-8, as report.py reads it\n"
    )


def test_a_markdown_file_that_is_no_report_cannot_be_checked_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "NOTES.md"
    notes.write_text("# Shopping\n\n- milk\n- bread\n", "utf-8")
    said = f"mlops-report: {notes}: not an exam report (no `### Question N` headings found)\n"
    status, out, err = _run(capsys, str(notes))
    assert (status, out, err) == (2, "", said)
    # Nothing was judged: --exit-zero, which only forgives findings, cannot make it pass.
    status, out, err = _run(capsys, "--exit-zero", str(notes))
    assert (status, out, err) == (2, "", said)


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (
        ["check", "--edition", "Z9", str(SAMPLE)],
        ["check", "--format", "xml", str(SAMPLE)],
        ["check", "--severity", "words-over", str(SAMPLE)],
        ["check", "--severity", "no-such-code=off", str(SAMPLE)],
        ["check", "--severity", "words-over=loud", str(SAMPLE)],
        ["summary"],
        ["lint"],
    ):
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert exc.value.code == 2
    capsys.readouterr()


def test_the_console_script(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "mlops-report"
    if not script.exists():
        pytest.skip(f"console script not installed beside {sys.executable}")
    missing = tmp_path / "missing.md"
    proc = subprocess.run(
        [str(script), "check", str(SAMPLE), str(missing)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2  # the missing file wins over the sample's findings
    assert proc.stderr == f"mlops-report: {missing}: no such file\n"
    lines = [line for line in proc.stdout.splitlines() if " handin-" not in line]
    assert len(lines) == len(SAMPLE_FINDINGS) + 1
    assert all(LINE_RE.match(line) for line in lines[:-1])
    assert lines[-1] == f"{SAMPLE}: report.py (B3): 27/31 questions pass"


def test_serve_accepts_the_stdio_flag_editors_pass() -> None:
    import subprocess
    import sys

    # An LSP client adds --stdio; the server must start and answer, not reject the flag, and
    # exit with 0 when the client shuts it down (pygls closes stdout on the way out).
    bodies = ['{"jsonrpc":"2.0","id":1,"method":"shutdown"}', '{"jsonrpc":"2.0","method":"exit"}']
    message = "".join(f"Content-Length: {len(b)}\r\n\r\n{b}" for b in bodies).encode()
    for argv in (
        ["-m", "mlops_report", "--stdio"],
        ["-m", "mlops_report", "serve", "--stdio"],
        ["-m", "mlops_report"],
    ):
        proc = subprocess.run(
            [sys.executable, *argv], input=message, capture_output=True, timeout=30
        )
        assert b'"id": 1' in proc.stdout or b'"id":1' in proc.stdout, proc.stderr.decode()
        assert proc.returncode == 0, proc.stderr.decode()
        assert proc.stderr == b""


def test_serve_reads_stdin_that_is_a_file_too(tmp_path: Path) -> None:
    # Editors give the server a pipe, which the event loop reads itself; a file (a replayed
    # session, say) cannot be read that way and is read as pygls reads it.
    bodies = ['{"jsonrpc":"2.0","id":7,"method":"shutdown"}', '{"jsonrpc":"2.0","method":"exit"}']
    session = tmp_path / "session.bin"
    session.write_bytes("".join(f"Content-Length: {len(b)}\r\n\r\n{b}" for b in bodies).encode())
    with session.open("rb") as stdin:
        proc = subprocess.run(
            [sys.executable, "-m", "mlops_report"], stdin=stdin, capture_output=True, timeout=30
        )
    assert b'"id": 7' in proc.stdout or b'"id":7' in proc.stdout, proc.stderr.decode()
    assert proc.returncode == 0, proc.stderr.decode()


def test_serve_keeps_the_garbage_collector_running(monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from mlops_report.lsp.server import ReportServer

    seen: list[bool] = []

    def start_io(self: ReportServer) -> None:
        seen.append(gc.isenabled())

    # Whatever the start does to make collections cheap, the collector must still run while the
    # student types, or no cycle would ever be reclaimed.
    monkeypatch.setattr(ReportServer, "start_io", start_io)
    try:
        assert main(["serve"]) == 0
    finally:
        gc.unfreeze()
    assert seen == [True]
