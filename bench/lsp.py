"""Keystroke-to-squiggle benchmark through the real server over stdio.

Opens a report, applies single-character edits at random places through incremental didChange
(debounce 0) and measures the time from each change to the publishDiagnostics carrying its
version. Prints p50/p95/p99 for the report and a 10x larger one, cold start to first
diagnostics, the server's peak RSS, the same figures for a do-nothing pygls server (the floor),
and the engine's own time next to markdown-it-py's bare parse.

    .venv/bin/python bench/lsp.py [--edits 300] [--report PATH]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.client import LanguageClient

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def default_report() -> Path:
    """Return a ~36 KB real report when ../shared is there, else our sample report."""
    candidate = SHARED / "corpus" / "real" / "lelegod__dtu_mlops_group99.md"
    return candidate if candidate.is_file() else ROOT / "examples" / "reports" / "README.md"


def tenfold(text: str) -> str:
    """Return the report with every answer repeated ten times: same structure, 10x the text."""
    out: list[str] = []
    for block in text.split("Answer:"):
        head, sep, rest = block.partition("\n### ")
        out.append(head + ("\n" + head) * 9 * (len(out) > 0) + sep + rest)
    return "Answer:".join(out)


def percentile(values: list[float], q: float) -> float:
    """Return the q-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


async def measure(command: list[str], text: str, edits: int, seed: int) -> dict[str, Any]:
    """Run one server and return its timings."""
    client = LanguageClient("bench", "1")
    waiters: dict[int, asyncio.Future[float]] = {}
    first: asyncio.Future[float] = asyncio.get_running_loop().create_future()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_publish(ls: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        now = time.perf_counter()
        if not first.done():
            first.set_result(now)
        fut = waiters.pop(params.version or -1, None)
        if fut is not None and not fut.done():
            fut.set_result(now)

    @client.feature(types.WORKSPACE_CONFIGURATION)
    def on_configuration(ls: LanguageClient, params: types.ConfigurationParams) -> list[Any]:
        return [{"debounce": 0} for _ in params.items]

    @client.feature("mlopsReport/summary")
    def on_summary(ls: LanguageClient, params: Any) -> None:
        pass

    start = time.perf_counter()
    await client.start_io(*command)
    caps = types.ClientCapabilities(workspace=types.WorkspaceClientCapabilities(configuration=True))
    await client.initialize_async(types.InitializeParams(capabilities=caps, process_id=None))
    client.initialized(types.InitializedParams())
    uri = (ROOT / "bench" / "bench-report" / "README.md").as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="markdown", version=1, text=text
            )
        )
    )
    cold = await asyncio.wait_for(first, 30) - start
    await asyncio.sleep(0.3)  # let settings arrive (debounce 0) before timing edits
    rng = random.Random(seed)
    lines = text.split("\n")
    latencies: list[float] = []
    for version in range(2, edits + 2):
        line = rng.randrange(len(lines))
        col = rng.randrange(len(lines[line]) + 1)
        ch = rng.choice("abc xyz")
        lines[line] = lines[line][:col] + ch + lines[line][col:]
        pos = types.Position(line=line, character=col)
        fut: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        waiters[version] = fut
        sent = time.perf_counter()
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[
                    types.TextDocumentContentChangePartial(
                        range=types.Range(start=pos, end=pos), text=ch
                    )
                ],
            )
        )
        latencies.append((await asyncio.wait_for(fut, 30)) - sent)
    pid = client._server.pid if client._server else None
    rss = peak_rss_mb(pid) if pid else float("nan")
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return {
        "p50": percentile(latencies, 50) * 1000,
        "p95": percentile(latencies, 95) * 1000,
        "p99": percentile(latencies, 99) * 1000,
        "cold": cold * 1000,
        "rss": rss,
    }


def peak_rss_mb(pid: int) -> float:
    """Return a process's peak resident set size in MB (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def engine_times(text: str, runs: int = 30) -> tuple[float, float, float]:
    """Return median ms of: bare markdown-it parse, cold analyze, analyze after a 1-char edit."""
    sys.path.insert(0, str(ROOT / "server"))
    from markdown_it import MarkdownIt

    from mlops_report.engine.analysis import analyze, clear_caches
    from mlops_report.lsp.fscache import CachingFileSystem

    md = MarkdownIt("commonmark")
    bare, cold, warm = [], [], []
    fs = CachingFileSystem()
    path = ROOT / "bench" / "bench-report" / "README.md"
    rng = random.Random(7)
    for _ in range(runs):
        t = time.perf_counter()
        md.parse(text)
        bare.append(time.perf_counter() - t)
        clear_caches()
        t = time.perf_counter()
        analyze(text, path=path, fs=fs)
        cold.append(time.perf_counter() - t)
        k = rng.randrange(len(text))
        text = text[:k] + "x" + text[k:]
        t = time.perf_counter()
        analyze(text, path=path, fs=fs)
        warm.append(time.perf_counter() - t)
    return tuple(statistics.median(v) * 1000 for v in (bare, cold, warm))  # type: ignore[return-value]


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=300)
    parser.add_argument("--report", type=Path, default=default_report())
    args = parser.parse_args()
    base = args.report.read_text("utf-8")
    big = tenfold(base)
    server = [sys.executable, "-m", "mlops_report"]
    floor = [sys.executable, str(ROOT / "bench" / "floor_server.py")]
    print(f"report: {args.report} ({len(base) / 1024:.0f} KB; 10x: {len(big) / 1024:.0f} KB)")
    print(f"python {sys.version.split()[0]}, {args.edits} single-character edits, debounce 0\n")
    header = f"{'server':<14}{'size':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
    print(header + f"{'cold ms':>10}{'peak RSS MB':>13}")
    for name, command in (("floor (pygls)", floor), ("mlops-report", server)):
        for label, text in (("1x", base), ("10x", big)):
            r = asyncio.run(measure(command, text, args.edits, seed=1))
            print(
                f"{name:<14}{label:>8}{r['p50']:>9.2f}{r['p95']:>9.2f}{r['p99']:>9.2f}"
                f"{r['cold']:>10.0f}{r['rss']:>13.1f}"
            )
    print("\nengine in-process (median ms):")
    print(f"{'size':>6}{'markdown-it parse':>19}{'analyze cold':>14}{'analyze after edit':>20}")
    for label, text in (("1x", base), ("10x", big)):
        bare, cold, warm = engine_times(text)
        print(f"{label:>6}{bare:>19.2f}{cold:>14.2f}{warm:>20.2f}")


if __name__ == "__main__":
    main()
