"""Command line: `check` for students, CI and pre-commit, `summary` for staff, `serve` for LSP.

Imports are kept lazy so that `check` on one report starts quickly.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO

if TYPE_CHECKING:
    import argparse

    from .engine.analysis import Analysis
    from .engine.findings import Finding, Severity
    from .lsp.settings import Settings

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
NOT_A_REPORT = "not an exam report (no `### Question N` headings found)"


class InputError(Exception):
    """A path that cannot be checked, with a one-line reason."""


class Unchecked(NamedTuple):
    """A path `check` could not check: its name and why not (missing, not text, not a report...).

    Every format reports it in its own terms; any makes the exit status 2, even with
    `--exit-zero`: nothing was judged, so nothing may pass.
    """

    name: str
    problem: str


BINARY = "is a binary file, not Markdown text"


def read_file(path: Path) -> bytes:
    """Return the bytes of the report file at `path`, or raise `InputError` saying why not."""
    if not path.exists():
        raise InputError("no such file")
    if path.is_dir():
        raise InputError("is a directory, not a report file (give the path to README.md)")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror or exc})") from exc


def not_text(data: bytes, exc: UnicodeDecodeError) -> str:
    """Say why `data` is not text in `exc`'s encoding: binary, or where its first bad byte is.

    The place is a line and a column (in characters, from 1) that an editor shows.
    """
    import codecs

    if b"\x00" in data:
        return BINARY
    line = data.count(b"\n", 0, exc.start) + 1
    line_start = data.rfind(b"\n", 0, exc.start) + 1
    column = len(data[line_start : exc.start].decode(exc.encoding, errors="replace")) + 1
    name = codecs.lookup(exc.encoding).name
    name = "UTF-8" if name == "utf-8" else name
    return f"is not valid {name} (line {line}, column {column}: byte 0x{data[exc.start]:02x})"


def read_report(path: Path) -> str:
    """Read a report as `report.py` would (UTF-8, BOM kept), or raise `InputError`."""
    data = read_file(path)
    if not data.strip():
        raise InputError("is empty")
    if b"\x00" in data:
        raise InputError(BINARY)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{not_text(data, exc)}; save it as UTF-8, as report.py reads it") from exc


def _diagnostic_json(analysis: Analysis, f: Finding) -> dict[str, Any]:
    from .diagnostics import diagnostic_json
    from .engine.text import PositionEncoding

    d = diagnostic_json(analysis.source, f, f.severity, PositionEncoding.UTF16)
    return {
        "code": f.code,
        "severity": f.severity.label,
        "message": f.message,
        "question": f.question,
        "range": d["range"],
    }


def text_line(name: str, line: int, col: int, f: Finding) -> str:
    """Return the text format's line of a finding at `line`:`col` (from 1) of report `name`."""
    return f"{name}:{line}:{col}: {f.severity.label} {f.code}: {f.message}"


def _emit_text(out: TextIO, name: str, analysis: Analysis) -> None:
    from .engine.text import PositionEncoding

    for f in analysis.findings:
        start = analysis.source.position(f.start, PositionEncoding.UTF32)
        out.write(text_line(name, start.line + 1, start.character + 1, f) + "\n")
    for note in analysis.notes:
        out.write(f"{name}: note: {note}\n")
    out.write(f"{name}: {analysis.summary()}\n")


def _fails(analysis: Analysis) -> bool:
    from .engine.findings import Severity

    result = analysis.result
    if result.error is not None or result.passed != analysis.edition.questions:
        return True
    return any(f.severity == Severity.ERROR for f in analysis.findings)


def _with_levels(analysis: Analysis, settings: Settings) -> None:
    """Give each finding the level the settings choose for it; drop those turned off."""
    kept = []
    for f in analysis.findings:
        level = settings.level(f.code, f.severity, f.question)
        if level is None:
            continue
        kept.append(f if level == f.severity else f._replace(severity=level))
    analysis.findings = kept


FORMATS = ("text", "json", "github", "sarif")


def check(
    paths: list[str],
    edition: str | None,
    fmt: str,
    out: TextIO,
    err: TextIO,
    *,
    severity: dict[str, Severity | None] | None = None,
    use_config: bool = True,
    exit_zero: bool = False,
    cwd: Path | None = None,
) -> int:
    """Check each report; return the exit status.

    `paths` are report files or folders (none: the report of `cwd`); `edition` and `severity`
    are the command line's choices (None or "auto": not chosen), over a project's
    `[tool.mlops-report]` unless `use_config` is False.
    """
    from .config import NONE, ConfigFinder, apply
    from .engine.detect import report_py_beside
    from .engine.pipeline import analyze
    from .locate import targets
    from .lsp.settings import Settings

    status = EXIT_OK
    results: list[dict[str, Any]] = []
    checked: list[tuple[str, Analysis]] = []
    unchecked: list[Unchecked] = []
    finder = ConfigFinder()
    told: set[Path] = set()
    flags = Settings(edition=edition or "auto", severity=dict(severity or {}))

    def refuse(miss: Unchecked) -> None:
        nonlocal status
        unchecked.append(miss)
        status = EXIT_USAGE
        if fmt != "github":  # there it is an annotation, among the findings
            err.write(f"mlops-report: {miss.name}: {miss.problem}\n")
        if fmt == "json":
            results.append(
                {
                    "path": miss.name,
                    "edition": None,
                    "report_py": None,
                    "diagnostics": [],
                    "problem": miss.problem,
                }
            )

    for target in targets(paths, cwd or Path.cwd()):
        name, path = target.name, target.path
        if path is None:
            refuse(Unchecked(name, target.problem or "no report"))
            continue
        try:
            text = read_report(path)
        except InputError as exc:
            refuse(Unchecked(name, str(exc)))
            continue
        config = finder.find(path) if use_config else NONE
        if config.path is not None and config.path not in told:
            told.add(config.path)
            for problem in config.problems:
                err.write(f"mlops-report: {config.path}: [tool.mlops-report] {problem}\n")
        settings = apply(flags, config)
        analysis = analyze(
            text, path=path, edition=settings.edition, report_py=report_py_beside(path)
        )
        if not analysis.is_report:
            refuse(Unchecked(name, NOT_A_REPORT))
            continue
        _with_levels(analysis, settings)
        if _fails(analysis):
            status = max(status, EXIT_FINDINGS)
        checked.append((name, analysis))
        if fmt == "json":
            results.append(
                {
                    "path": name,
                    "edition": analysis.edition.name,
                    "report_py": analysis.result.to_json(),
                    "diagnostics": [_diagnostic_json(analysis, f) for f in analysis.findings],
                    "problem": None,
                }
            )
        elif fmt == "text":
            _emit_text(out, name, analysis)
    if fmt == "json":
        json.dump(results, out, indent=2, ensure_ascii=False)
        out.write("\n")
    elif fmt == "sarif":
        from .sarif import sarif_log

        json.dump(sarif_log(checked, unchecked), out, indent=2, ensure_ascii=False)
        out.write("\n")
    elif fmt == "github":
        from . import github

        github.write(out, checked, unchecked)
    if exit_zero and status == EXIT_FINDINGS:
        return EXIT_OK
    return status


CHECK_DESCRIPTION = """\
Check DTU 02476 MLOps exam reports: exactly what the course's `report.py check` will say
(word and image limits, the answer count), and what it never checks (placeholders left in,
images that do not show, a bent template).

PATH is a report file, or a folder: its reports/README.md, else its README.md when that is the
report. With no PATH: the report of the current folder, or of the repository it is in.
"""

CANNOT_BE_CHECKED = (
    "missing, no report in a folder, misnamed, empty, binary, not UTF-8, or not an exam report"
)
"""The kinds of file `check` cannot check (exit status 2), as the help and the README list them."""

CHECK_EPILOG = f"""\
formats:
  text    path:line:col: severity code: message, then one verdict line per report
  json    a list with, per report, report.py's own counts and every diagnostic (LSP ranges)
  github  GitHub Actions annotations, the most important first and at most 10 of a kind
          (errors, warnings, notices: all GitHub shows of a step), the rest as text lines
          and a last notice saying how many; with GITHUB_STEP_SUMMARY set, also a summary
          table and the findings not annotated
  sarif   SARIF 2.1.0, for GitHub code scanning and other SARIF viewers
Columns: text and github count characters (code points) from 1; json counts UTF-16 code
units from 0 (LSP ranges); sarif UTF-16 code units from 1 (its columnKind says so).
A file that cannot be checked: a line on stderr (text), an entry with its `problem` (json),
an ::error annotation (github), an error tool execution notification (sarif).

exit status:
  0  report.py would pass every question and nothing of error severity was found
     (always, for findings, with --exit-zero)
  1  report.py would fail a question or stop, or an error-severity finding
  2  a usage error, or a file that cannot be checked:
     {CANNOT_BE_CHECKED}

configuration:
  [tool.mlops-report] in the nearest pyproject.toml above the report sets `edition`,
  `severity` per code and per question; --edition and --severity come first.

examples:
  mlops-report check                              the report of this repository
  mlops-report check reports/README.md
  mlops-report check --exit-zero                  show the findings, never fail
  mlops-report check --format sarif > report.sarif
  mlops-report check --edition B3 --severity words-under=warning groups/*/
"""


SUMMARY_DESCRIPTION = """\
One row per report, for course staff checking every group at once: path, group number (from
Question 1), edition, what report.py check will say (N/M questions pass, or the error it stops
with), the questions it fails and why, unanswered questions, images that will not show,
hand-in breakages (handin-* warnings), and the count of errors and warnings. A file that
cannot be checked gets a row saying why; the run never stops. No group's [tool.mlops-report]
is read.
"""

SUMMARY_EPILOG = """\
PATH may be a report file, a folder with a report (reports/README.md, or a README.md that is
the report), or a folder of group repositories (one row per subfolder).

exit status: 0 when the rows were written (each says what is wrong); 2 for a usage error.

examples:
  mlops-report summary groups/ > summary.csv
  mlops-report summary --format markdown groups/group-*/
  mlops-report summary --format json --edition B3 groups/
"""


HTML_DESCRIPTION = """\
Write the hand-in page graders read: the very bytes `python report.py html` writes (the same
43-character cut, Python-Markdown call and encoding), by default to report.html beside the
report. The check's handin-* findings say where it differs from what GitHub shows.

exit status: 0 when the page was written; 2 when the report cannot be read or the page cannot
be written, or where report.py html would stop with a traceback (a file that is not text in
this machine's default encoding).
"""

SERVE_DESCRIPTION = """\
Run the language server (LSP over stdin and stdout) that editors start: findings as
diagnostics, word counts on hover, inlay hints, quick fixes and the hand-in preview. VS Code's
extension starts it itself; other editors run `mlops-report serve` (see the README).
"""


def _severity_flag(value: str) -> tuple[str, Severity | None]:
    import argparse

    from .engine.registry import CODES
    from .lsp.settings import LEVELS

    code, sep, level = value.partition("=")
    if not sep or code not in CODES:
        raise argparse.ArgumentTypeError(
            f"{value!r}: expected CODE=LEVEL with a finding code such as words-under"
        )
    if level == "off":
        return code, None
    if level.lower() not in LEVELS:
        raise argparse.ArgumentTypeError(
            f"{value!r}: LEVEL is one of error, warning, information, hint, off"
        )
    return code, LEVELS[level.lower()]


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser for `mlops-report`."""
    import argparse

    from . import __version__
    from .engine.editions import EDITION_NAMES

    version = f"mlops-report {__version__}"
    parser = argparse.ArgumentParser(
        prog="mlops-report",
        description="Check a DTU 02476 MLOps exam report exactly as report.py check does, "
        "and more.",
    )
    parser.add_argument("--version", action="version", version=version)
    sub = parser.add_subparsers(dest="command", required=True)
    p_check = sub.add_parser(
        "check",
        help="check reports and print the findings",
        description=CHECK_DESCRIPTION,
        epilog=CHECK_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p_check.add_argument(
        "paths", nargs="*", metavar="PATH", help="report files or folders (default: guessed)"
    )
    p_check.add_argument(
        "--format", choices=FORMATS, default="text", help="output format (default: text)"
    )
    p_check.add_argument(
        "--edition",
        choices=["auto", *EDITION_NAMES],
        default=None,
        help="which report.py edition judges the report (default: pyproject.toml's, else a "
        "report.py beside the file, else detected from the text)",
    )
    p_check.add_argument(
        "--severity",
        action="append",
        type=_severity_flag,
        default=[],
        metavar="CODE=LEVEL",
        help="set a finding's level: error, warning, information, hint or off (repeatable)",
    )
    p_check.add_argument(
        "--exit-zero",
        action="store_true",
        help="exit 0 even when there are findings (files that cannot be checked still exit 2)",
    )
    p_check.add_argument(
        "--no-config", action="store_true", help="ignore [tool.mlops-report] in pyproject.toml"
    )
    p_check.add_argument("--version", action="version", version=version)
    p_summary = sub.add_parser(
        "summary",
        help="one row per report, for staff: CSV, JSON or a Markdown table",
        description=SUMMARY_DESCRIPTION,
        epilog=SUMMARY_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p_summary.add_argument(
        "paths", nargs="+", metavar="PATH", help="report files, folders, or folders of repositories"
    )
    p_summary.add_argument(
        "--format",
        choices=("csv", "json", "markdown"),
        default="csv",
        help="output format (default: csv)",
    )
    p_summary.add_argument(
        "--edition",
        choices=["auto", *EDITION_NAMES],
        default="auto",
        help="judge every report by this edition (default: a report.py beside each report, "
        "else detected from its text)",
    )
    p_html = sub.add_parser(
        "html",
        help="write the hand-in page exactly as `python report.py html` does",
        description=HTML_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p_html.add_argument(
        "path",
        metavar="PATH",
        help="the report, e.g. reports/README.md, or a folder holding it (as check finds it)",
    )
    p_html.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="where to write (`-`: stdout; default: "
        "report.html beside the report, as report.py writes it)",
    )
    p_serve = sub.add_parser(
        "serve",
        help="run the language server over stdio",
        description=SERVE_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p_serve.add_argument(
        "--stdio", action="store_true", help="speak LSP over stdin/stdout (the default and only)"
    )
    return parser


def serve_stdio() -> int:
    """Run the language server over stdio until the client exits (`mlops-report serve`)."""
    # Starting imports some 50k objects (lsprotocol, pygls, the engine) that live as long as the
    # process. Full collections while they come in rescan them all, again and again, for the
    # little garbage imports leave: only young collections until all are in (they keep that
    # garbage from piling up), then keep them out of every pass (serve() freezes once more, with
    # the server built).
    thresholds = gc.get_threshold()
    gc.set_threshold(2000, 100, 1 << 30)
    try:
        from .lsp.app import serve
    finally:
        gc.set_threshold(*thresholds)
        gc.freeze()
    serve()
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    words = sys.argv[1:] if argv is None else argv
    if words in (["serve"], ["serve", "--stdio"]):
        return serve_stdio()  # how editors start it: no parser to import and build first
    args = build_parser().parse_args(argv)
    if args.command == "serve":
        return serve_stdio()
    if args.command == "html":
        from .html_command import main_html

        return main_html(args.path, args.output)
    if args.command == "summary":
        from .staff import run

        return run(args.paths, args.format, args.edition, sys.stdout, sys.stderr)
    return check(
        args.paths,
        args.edition,
        args.format,
        sys.stdout,
        sys.stderr,
        severity=dict(args.severity),
        use_config=not args.no_config,
        exit_zero=args.exit_zero,
    )


def _flush(stream: TextIO) -> None:
    with contextlib.suppress(ValueError):  # closed: the server closes stdout when its client exits
        stream.flush()


def entry(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    try:
        status = main(argv)
        _flush(sys.stdout)
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away: not an error worth a traceback.
        sys.stderr.close()
        sys.exit(EXIT_FINDINGS)
    _flush(sys.stderr)
    # Everything is written: skip the interpreter's teardown, which frees every object of every
    # module one by one (about 8 ms of a 120 ms check).
    os._exit(status)
