"""`mlops-report html PATH [-o OUT]`: the hand-in page, byte for byte what `report.py html` writes.

`report.py html` reads `README.md` with `open(...).read()` (the platform's default encoding,
newlines translated), renders `markdown.markdown(text[43:])` and writes it with
`open("report.html", "w")`. The same three steps are taken here, with the same defaults; what
would make `report.py` stop with a traceback is said in one line instead.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from typing import BinaryIO, TextIO

EXIT_OK, EXIT_USAGE = 0, 2


def default_encoding() -> str:
    """Return the encoding `open()` uses when given none (the locale's, or UTF-8 in UTF-8 mode)."""
    return io.TextIOWrapper(io.BytesIO(), encoding=None).encoding


def read_as_report_py(data: bytes) -> str:
    """Decode a report as `open(path).read()` does (default encoding, universal newlines).

    Raises `UnicodeDecodeError` where `report.py` would.
    """
    return io.TextIOWrapper(io.BytesIO(data), encoding=None).read()


def handin_bytes(data: bytes) -> bytes:
    """Return the bytes `report.py html` writes to `report.html` for a README's bytes."""
    from .engine.handin import handin_html

    html = handin_html(read_as_report_py(data))
    # A text-mode write: `\n` becomes the platform's line separator, then the default encoding.
    return html.replace("\n", os.linesep).encode(default_encoding())


def write_html(path: str, out: str | None, stdout: BinaryIO, err: TextIO) -> int:
    """Render the hand-in of the report at `path` to `out` (`-`: stdout; None: beside it).

    `path` may be a folder: its report is found as `check` finds it.
    """
    from .cli import InputError, not_text, read_file
    from .locate import targets

    [report] = targets([path], Path.cwd())
    if report.path is None:
        err.write(f"mlops-report: {path}: {report.problem}\n")
        return EXIT_USAGE
    source = report.path
    try:
        data = read_file(source)
    except InputError as exc:
        err.write(f"mlops-report: {path}: {exc}\n")
        return EXIT_USAGE
    try:
        page = handin_bytes(data)
    except UnicodeDecodeError as exc:
        err.write(
            f"mlops-report: {path}: {not_text(data, exc)}; report.py html reads it as "
            f"{default_encoding()} here and would stop with a UnicodeDecodeError\n"
        )
        return EXIT_USAGE
    except UnicodeEncodeError as exc:
        err.write(
            f"mlops-report: {path}: {exc.object[exc.start : exc.end]!r} cannot be written in "
            f"{default_encoding()}; report.py html would stop with a UnicodeEncodeError\n"
        )
        return EXIT_USAGE
    if out == "-":
        stdout.write(page)
        stdout.flush()
        return EXIT_OK
    target = Path(out) if out is not None else source.parent / "report.html"
    try:
        target.write_bytes(page)
    except OSError as exc:
        err.write(f"mlops-report: {target}: cannot be written ({exc.strerror or exc})\n")
        return EXIT_USAGE
    err.write(f"mlops-report: wrote {target} ({len(page):,} bytes)\n")
    return EXIT_OK


def main_html(path: str, out: str | None) -> int:
    """Run `mlops-report html` on the process's own streams."""
    return write_html(path, out, sys.stdout.buffer, sys.stderr)
