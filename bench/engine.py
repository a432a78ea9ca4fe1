"""Time the engine on a full-size report: bare markdown-it parse, cold analyze, warm re-analyze.

Run with `.venv/bin/python bench/engine.py` from the repository root. Reports: the bundled sample
(examples/reports/README.md) and, when ../shared is present, the largest real corpus report.

- `markdown-it parse`: `MarkdownIt("commonmark").parse(text)`, the floor a Markdown-based engine
  pays per keystroke without caching.
- `analyze cold`: `analyze(text)` with every engine cache emptied first (block parses and the
  text-keyed counters).
- `analyze warm`: `analyze(text, previous=...)` right after a one-character edit inside one answer,
  reusing the previous version's analysis: what the language server pays per keystroke.
- `analyze warm, beside images`: the same, typing in the answer with the most image markup (its
  block's images are read again on every keystroke).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "server"))

from mlops_report.engine.pipeline import analyze, clear_caches  # noqa: E402

SAMPLE = ROOT / "examples" / "reports" / "README.md"
SHARED_REAL = ROOT.parent / "shared" / "corpus" / "real"


def measure(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """Return the median and 95th percentile of `runs` calls, in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    p95 = statistics.quantiles(times, n=20)[18] if len(times) >= 2 else times[0]
    return statistics.median(times), p95


def edit_point(text: str) -> int:
    """Return an offset inside the answer to Question 12 (else the middle of the text)."""
    heading = text.find("### Question 12")
    marker = text.find("Answer:", heading) if heading != -1 else -1
    if marker == -1:
        return len(text) // 2
    end = text.find("\n###", marker)
    return (marker + (end if end != -1 else len(text))) // 2


def image_edit_point(text: str) -> int | None:
    """Return an offset just before the first image of the answer with the most `![`, if any."""
    blocks = text.split("\n### ")
    best = max(blocks, key=lambda b: b.count("!["))
    if "![" not in best:
        return None
    return text.index(best) + best.index("![")


def bench(path: Path, runs: int) -> list[tuple[str, float, float]]:
    text = path.read_bytes().decode("utf-8")
    md = MarkdownIt("commonmark")
    rows = [("markdown-it parse", *measure(lambda: md.parse(text), runs))]

    def cold() -> None:
        clear_caches()
        analyze(text)

    rows.append(("analyze cold", *measure(cold, runs)))

    def typing_at(at: int) -> Callable[[], None]:
        current, typed = text, 0
        previous = analyze(text)  # warm, from the unedited text

        def warm() -> None:
            # Type one more character at the same place: each version is new to the caches, and
            # the previous analysis is reused as the language server reuses it.
            nonlocal current, typed, previous
            typed += 1
            current = current[:at] + "abcdefghijklmnopqrstuvwxyz"[typed % 26] + current[at:]
            previous = analyze(current, previous=previous)

        return warm

    rows.append(("analyze warm (1-char edit)", *measure(typing_at(edit_point(text)), runs * 4)))
    at = image_edit_point(text)
    if at is not None:
        rows.append(("analyze warm, beside images", *measure(typing_at(at), runs * 4)))
    return rows


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    reports = [SAMPLE]
    if SHARED_REAL.is_dir():
        largest = max(SHARED_REAL.glob("*.md"), key=lambda p: p.stat().st_size)
        reports.append(largest)
    for path in reports:
        size = path.stat().st_size / 1024
        print(f"\n{path.name} ({size:.1f} KB, {runs} runs; warm {runs * 4})")
        print(f"  {'measure':<28} {'median ms':>10} {'p95 ms':>10}")
        for name, median, p95 in bench(path, runs):
            print(f"  {name:<28} {median:>10.2f} {p95:>10.2f}")


if __name__ == "__main__":
    main()
