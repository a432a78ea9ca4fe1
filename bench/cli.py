"""Command-line speed: `mlops-report check` next to what report.py's own imports cost.

B editions of report.py import typer, pydantic and loguru before checking anything. This prints
the median wall time of `mlops-report check` on a report and of a Python process that only
imports those three (installed once into a cached side environment), plus bare Python's start.

    .venv/bin/python bench/cli.py [--runs 15] [--report PATH]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import venv
from pathlib import Path

from lsp import compile_server

ROOT = Path(__file__).resolve().parents[1]
SIDE = Path.home() / ".cache" / "mlops-report" / "bench-reportpy-venv"


def side_python() -> Path:
    """Return a Python with typer, pydantic and loguru (created once, then reused)."""
    python = SIDE / "bin" / "python"
    ready = SIDE / ".ready"
    if not ready.exists():
        venv.create(SIDE, with_pip=True, clear=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "typer", "pydantic", "loguru"], check=True
        )
        ready.touch()
    return python


def median_seconds(command: list[str], runs: int) -> float:
    """Return the median wall time of `command` over `runs` runs (after one warm-up)."""
    subprocess.run(command, capture_output=True, check=False)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--report", type=Path, default=ROOT / "examples" / "reports" / "README.md")
    args = parser.parse_args()
    compile_server()
    cli = Path(sys.executable).parent / "mlops-report"
    rows = [
        ("python -c pass", [sys.executable, "-c", "pass"]),
        (f"mlops-report check {args.report.name}", [str(cli), "check", str(args.report)]),
        (
            "python -c 'import typer, pydantic, loguru'",
            [str(side_python()), "-c", "import typer, pydantic, loguru"],
        ),
    ]
    print(f"median of {args.runs} runs")
    for name, command in rows:
        print(f"{name:<48}{median_seconds(command, args.runs) * 1000:>9.0f} ms")


if __name__ == "__main__":
    main()
