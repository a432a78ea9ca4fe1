"""Staff speed: `mlops-report summary` on 500 reports next to `report.py check` once per report.

Writes N group repositories (default 500) into a temporary folder, each `reports/README.md` a
variant of a real report (../shared's corpus when it is there, else the sample report): every
prose line gets a word of its own, so no cache of the engine sees a text twice. Then times, in
the same run:

- `mlops-report summary --format json --edition B3 GROUPS/`: one process for every report;
- what staff do today: `python report.py check` in each group's `reports/` folder, one process
  per report. The `report.py` is an emulation this benchmark writes from the documented rule
  (../shared/docs/report-check.md: split on `Answer:`, cut at `###`/`##`, `str.split()` words,
  the image regex, edition B3's table) that imports typer, pydantic and loguru as the course's
  B editions do, in the side environment of bench/cli.py.

Prints both wall times and their ratio, and how many verdicts (N/31 or the ValueError) agree.

    .venv/bin/python bench/summary.py [--reports 500]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cli import side_python

from lsp import compile_server

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

EMULATION = '''\
"""report.py check, B3, written for this benchmark from the documented rule."""

import re
from pathlib import Path

import typer
from loguru import logger
from pydantic import BaseModel

app = typer.Typer()


class Limits(BaseModel):
    words: tuple[int, int] | None = None
    images: tuple[int, int] | None = None


TABLE = [Limits(**entry) for entry in {table}]
IMAGE = re.compile(r"!\\[.*?\\]\\(.*?\\)")


def answers(text: str) -> list[str]:
    pieces = text.split("Answer:")
    pieces.pop(0)
    out = []
    for piece in pieces:
        if "###" in piece:
            piece = piece.split("###")[0]
            if "##" in piece:
                piece = piece.split("##")[0]
            out.append(piece)
    out.append(pieces[-1])
    return [a.strip("\\n") for a in out]


@app.command()
def check() -> None:
    found = answers(Path("README.md").read_text())
    if len(found) != len(TABLE):
        raise ValueError(f"Number of answers are different from the expected {{len(TABLE)}}.")
    passed = 0
    for number, (answer, limits) in enumerate(zip(found, TABLE), start=1):
        ok = True
        words, images = len(answer.split()), len(IMAGE.findall(answer))
        if limits.words and not limits.words[0] <= words <= limits.words[1]:
            logger.warning(f"Question {{number}} failed check on words: {{words}}")
            ok = False
        if limits.images and not limits.images[0] <= images <= limits.images[1]:
            logger.warning(f"Question {{number}} failed check on screenshots: {{images}}")
            ok = False
        passed += ok
    logger.info(f"Total number of questions passed: {{passed}}/{{len(TABLE)}}")


@app.command()
def html() -> None:
    pass


if __name__ == "__main__":
    app()
'''


def b3_table() -> str:
    from mlops_report.engine.editions import EDITIONS

    rows = []
    for c in EDITIONS["B3"].constraints:
        entry = {}
        if c.words:
            entry["words"] = (c.words.low, c.words.high)
        if c.images:
            entry["images"] = (c.images.low, c.images.high)
        rows.append(entry)
    return repr(rows)


def base_reports() -> list[str]:
    real = sorted((SHARED / "corpus" / "real").glob("*.md"))
    if real:
        return [p.read_text("utf-8") for p in real]
    return [(ROOT / "examples" / "reports" / "README.md").read_text("utf-8")]


_PROSE = re.compile(r"^[A-Za-z][^\n]{40,}$", re.M)


def variant(text: str, i: int) -> str:
    """Return `text` with a word of its own at the end of every prose line."""
    return _PROSE.sub(lambda m: f"{m.group(0)} w{i}", text)


def write_groups(folder: Path, count: int) -> list[Path]:
    bases = base_reports()
    reports = []
    for i in range(count):
        reports_dir = folder / f"group-{i:03d}" / "reports"
        reports_dir.mkdir(parents=True)
        (reports_dir / "README.md").write_text(variant(bases[i % len(bases)], i), "utf-8")
        reports.append(reports_dir)
    return reports


def verdict(stderr: str, returncode: int) -> str:
    m = re.search(r"Total number of questions passed: (\d+)/\d+", stderr)
    if m:
        return m.group(1)
    return "error" if returncode != 0 else "?"


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=500)
    args = parser.parse_args()
    compile_server()
    side = side_python()
    cli = Path(sys.executable).parent / "mlops-report"
    with tempfile.TemporaryDirectory() as tmp:
        groups = Path(tmp) / "groups"
        folders = write_groups(groups, args.reports)
        emulation = Path(tmp) / "report.py"
        emulation.write_text(EMULATION.format(table=b3_table()), "utf-8")

        start = time.perf_counter()
        proc = subprocess.run(
            [str(cli), "summary", "--format", "json", "--edition", "B3", str(groups)],
            capture_output=True,
            text=True,
            check=True,
        )
        ours = time.perf_counter() - start
        rows = json.loads(proc.stdout)

        start = time.perf_counter()
        theirs_verdicts = []
        for folder in folders:
            done = subprocess.run(
                [str(side), str(emulation), "check"],
                cwd=folder,
                capture_output=True,
                text=True,
                check=False,
            )
            theirs_verdicts.append(verdict(done.stderr, done.returncode))
        theirs = time.perf_counter() - start

    ours_verdicts = [
        "error" if r["error"] is not None else str(r["passed"]) for r in rows if not r["problem"]
    ]
    agree = sum(a == b for a, b in zip(ours_verdicts, theirs_verdicts, strict=True))
    print(f"{args.reports} reports ({len(base_reports())} real ones, each varied), edition B3")
    print(f"{'mlops-report summary (one process)':<48}{ours:>9.1f} s")
    print(f"{'report.py check (one process per report)':<48}{theirs:>9.1f} s")
    print(f"{'ratio':<48}{theirs / ours:>9.1f}x faster")
    print(f"{'verdicts that agree':<48}{agree:>6}/{len(theirs_verdicts)}")


if __name__ == "__main__":
    main()
