"""Command line: `mlops-report check PATH...` for CI and pre-commit, `mlops-report serve` for LSP.

Imports are kept lazy so that `check` on one report starts quickly.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    import argparse

    from .engine.analysis import Analysis
    from .engine.findings import Finding

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class InputError(Exception):
    """A path that cannot be checked, with a one-line reason."""


def read_report(path: Path) -> str:
    """Read a report as `report.py` would (UTF-8, BOM kept), or raise `InputError`."""
    if not path.exists():
        raise InputError("no such file")
    if path.is_dir():
        raise InputError("is a directory, not a report file (give the path to README.md)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror or exc})") from exc
    if not data.strip():
        raise InputError("is empty")
    if b"\x00" in data:
        raise InputError("is a binary file, not Markdown text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"is not valid UTF-8 (byte {exc.start}); save it as UTF-8, as report.py reads it"
        ) from exc


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


def _gh_escape(value: str, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


_GH_LEVEL = {1: "error", 2: "warning", 3: "notice", 4: "notice"}


def _emit_text(out: TextIO, name: str, analysis: Analysis, fmt: str) -> None:
    from .engine.text import PositionEncoding

    for f in analysis.findings:
        r = analysis.source.range(f.start, f.end, PositionEncoding.UTF32)
        line, col = r.start.line + 1, r.start.character + 1
        if fmt == "github":
            props = ",".join(
                [
                    f"file={_gh_escape(name, True)}",
                    f"line={line}",
                    f"col={col}",
                    f"endLine={r.end.line + 1}",
                    f"endColumn={r.end.character + 1}",
                    f"title={_gh_escape(f.code, True)}",
                ]
            )
            out.write(f"::{_GH_LEVEL[f.severity]} {props}::{_gh_escape(f.message)}\n")
        else:
            out.write(f"{name}:{line}:{col}: {f.severity.label} {f.code}: {f.message}\n")
    for note in analysis.notes:
        out.write(f"{name}: note: {note}\n")
    out.write(f"{name}: {analysis.summary()}\n")


def _fails(analysis: Analysis) -> bool:
    from .engine.findings import Severity

    result = analysis.result
    if result.error is not None or result.passed != analysis.edition.questions:
        return True
    return any(f.severity == Severity.ERROR for f in analysis.findings)


def check(paths: list[str], edition: str, fmt: str, out: TextIO, err: TextIO) -> int:
    """Check each report; return the exit status."""
    from .engine.detect import report_py_beside
    from .engine.pipeline import analyze

    status = EXIT_OK
    results: list[dict[str, Any]] = []
    for name in paths:
        path = Path(name)
        try:
            text = read_report(path)
        except InputError as exc:
            err.write(f"mlops-report: {name}: {exc}\n")
            status = EXIT_USAGE
            continue
        analysis = analyze(text, path=path, edition=edition, report_py=report_py_beside(path))
        if not analysis.is_report:
            err.write(
                f"mlops-report: {name}: not an exam report (no `### Question N` headings found)\n"
            )
            status = max(status, EXIT_FINDINGS)
            continue
        if _fails(analysis):
            status = max(status, EXIT_FINDINGS)
        if fmt == "json":
            results.append(
                {
                    "path": name,
                    "edition": analysis.edition.name,
                    "report_py": analysis.result.to_json(),
                    "diagnostics": [_diagnostic_json(analysis, f) for f in analysis.findings],
                }
            )
        else:
            _emit_text(out, name, analysis, fmt)
    if fmt == "json":
        json.dump(results, out, indent=2, ensure_ascii=False)
        out.write("\n")
    return status


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser for `mlops-report`."""
    import argparse

    from . import __version__
    from .engine.editions import EDITION_NAMES

    parser = argparse.ArgumentParser(
        prog="mlops-report",
        description="Check a DTU 02476 MLOps exam report exactly as report.py check does, "
        "and more.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    p_check = sub.add_parser("check", help="check report files and print findings")
    p_check.add_argument("paths", nargs="+", metavar="PATH", help="report file(s), e.g. README.md")
    p_check.add_argument(
        "--edition",
        choices=["auto", *EDITION_NAMES],
        default="auto",
        help="which report.py edition judges the report (default: a report.py beside the file, "
        "else detected from the text)",
    )
    p_check.add_argument(
        "--format", choices=["text", "json", "github"], default="text", help="output format"
    )
    p_html = sub.add_parser(
        "html", help="write the hand-in page exactly as `python report.py html` does"
    )
    p_html.add_argument("path", metavar="PATH", help="the report, e.g. reports/README.md")
    p_html.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="where to write (`-`: stdout; default: "
        "report.html beside the report, as report.py writes it)",
    )
    p_serve = sub.add_parser("serve", help="run the language server over stdio")
    p_serve.add_argument(
        "--stdio", action="store_true", help="speak LSP over stdin/stdout (the default and only)"
    )
    return parser


def serve_stdio() -> int:
    """Run the language server over stdio until the client exits (`mlops-report serve`)."""
    # pygls and lsprotocol import as some 100k objects that live as long as the process:
    # freeze them at once, or the collector rescans them all through the rest of the start.
    import pygls.lsp.server  # noqa: F401

    gc.freeze()
    from .lsp.app import serve

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
    return check(args.paths, args.edition, args.format, sys.stdout, sys.stderr)


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
