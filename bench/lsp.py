"""Keystroke-to-squiggle benchmark through the real server over stdio.

Opens a report, applies single-character edits at random places through incremental didChange
(debounce 0) and measures the time from each change to the publishDiagnostics carrying its
version. Prints p50/p95/p99 for the report, a 10x larger one, the report pasted ten times
(a bent one) and a sentence typed on in one answer of the report, each the median of a few
rounds run in turn with a do-nothing pygls server (the floor) and with the floor publishing the
server's diagnostics on every change (floor+payload: what carrying them costs) and with the
server without its hand-in check (what rendering edited blocks both ways costs), with the p95's
ratio to the floor's of the same round (median and range); cold start to first diagnostics, the
server's peak RSS, and the engine's own time next to markdown-it-py's bare parse.

    .venv/bin/python bench/lsp.py [--edits 300] [--rounds 3] [--starts 9] [--report PATH]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def default_report() -> Path:
    """Return a ~36 KB real report when ../shared is there, else our sample report."""
    candidate = SHARED / "corpus" / "real" / "lelegod__dtu_mlops_group99.md"
    return candidate if candidate.is_file() else ROOT / "examples" / "reports" / "README.md"


def tenfold(text: str) -> str:
    """Return the report ten times as large with the same structure: every answer repeated."""
    blocks = text.split("Answer:")
    heads = [b.partition("\n### ")[0] for b in blocks[1:]]
    answers = sum(len(h) for h in heads)
    times = max(1, round((9 * len(text) + answers) / max(answers, 1)))
    out = [blocks[0]]
    for block, head in zip(blocks[1:], heads, strict=True):
        out.append(("\n" + head) * times + block[len(head) :])
    return "Answer:".join(out)


def compile_server() -> None:
    """Write the server's bytecode, as an installed package (or the started .vsix) has it.

    An editable install is not compiled, and this machine sets PYTHONDONTWRITEBYTECODE: without
    this every start would also compile the server's modules, which no student's editor does.
    """
    import compileall

    compileall.compile_dir(ROOT / "server" / "mlops_report", quiet=1)


def percentile(values: list[float], q: float) -> float:
    """Return the q-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


class RawClient:
    """A minimal JSON-RPC client over the server's stdio.

    It reads each message as JSON and nothing more, so the time measured is the server's:
    pygls's own client would also build lsprotocol objects from every diagnostic it receives.
    """

    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc
        self.next_id = 0
        self.waiters: dict[Any, asyncio.Future[tuple[float, Any]]] = {}
        self.reader = asyncio.ensure_future(self._read())

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps(message).encode()
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    async def request(self, method: str, params: Any) -> Any:
        self.next_id += 1
        future = self.expect(("response", self.next_id))
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return (await future)[1]

    def notify(self, method: str, params: Any) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def expect(self, key: Any) -> asyncio.Future[tuple[float, Any]]:
        future: asyncio.Future[tuple[float, Any]] = asyncio.get_running_loop().create_future()
        self.waiters[key] = future
        return future

    async def _read(self) -> None:
        stream = self.proc.stdout
        assert stream is not None
        while True:
            length = 0
            while (line := await stream.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            if not line:
                return
            body = await stream.readexactly(length)
            now = time.perf_counter()  # arrived: decoding it is the client's time, not the server's
            message = json.loads(body)
            method = message.get("method")
            if method == "workspace/inlayHint/refresh":  # as VS Code: yes, and ask again later
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
                continue
            if method == "workspace/configuration":
                items = message["params"]["items"]
                self.send(
                    {
                        "jsonrpc": "2.0",
                        "id": message["id"],
                        "result": [{"debounce": 0}] * len(items),
                    }
                )
                continue
            if "id" in message and method is None:
                key: Any = ("response", message["id"])
            elif method == "textDocument/publishDiagnostics":
                key = ("publish", message["params"].get("version"))
                self._resolve(("first",), now, message)
            else:
                continue
            self._resolve(key, now, message)

    def _resolve(self, key: Any, now: float, message: Any) -> None:
        future = self.waiters.pop(key, None)
        if future is not None and not future.done():
            future.set_result((now, message))


SENTENCE = "we also tested the model on new data and it held up well, "


def typing_place(text: str) -> tuple[int, int]:
    """Return the end of the longest line of prose in an answer: where a student types on."""
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if "Answer:" in line), 0)
    prose = [
        i
        for i in range(first + 1, len(lines))
        if lines[i][:1].isalpha() and "`" not in lines[i] and "<" not in lines[i]
    ]
    line = max(prose, key=lambda i: len(lines[i]), default=first)
    return line, len(lines[line])


async def measure(
    command: list[str], text: str, edits: int, seed: int, typing: bool = False
) -> dict[str, Any]:
    """Run one server and return its timings.

    The edits are single characters at random places, or with `typing` a sentence typed on at
    the end of a line of an answer, one character after another.
    """
    start = time.perf_counter()
    proc = await asyncio.create_subprocess_exec(
        *command, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE
    )
    client = RawClient(proc)
    first = client.expect(("first",))
    # What of VS Code's capabilities makes the server work per keystroke: settings pulled, and
    # inlay hints refreshed when what they say changes.
    caps = {"workspace": {"configuration": True, "inlayHint": {"refreshSupport": True}}}
    await client.request("initialize", {"processId": None, "capabilities": caps})
    client.notify("initialized", {})
    uri = (ROOT / "bench" / "bench-report" / "README.md").as_uri()
    document = {"uri": uri, "languageId": "markdown", "version": 1, "text": text}
    client.notify("textDocument/didOpen", {"textDocument": document})
    arrived, opened = await asyncio.wait_for(first, 30)
    cold = arrived - start
    # Let the settings' round trip finish (debounce 0) before timing edits or shutting down.
    await asyncio.sleep(0.3 if edits else 0.1)
    rng = random.Random(seed)
    lines = text.split("\n")
    latencies: list[float] = []
    at = typing_place(text)
    for version in range(2, edits + 2):
        if typing:
            line, col = at[0], at[1] + version - 2
            ch = SENTENCE[(version - 2) % len(SENTENCE)]
        else:
            line = rng.randrange(len(lines))
            col = rng.randrange(len(lines[line]) + 1)
            ch = rng.choice("abc xyz")
        lines[line] = lines[line][:col] + ch + lines[line][col:]
        pos = {"line": line, "character": col}
        published = client.expect(("publish", version))
        sent = time.perf_counter()
        client.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": {"start": pos, "end": pos}, "text": ch}],
            },
        )
        latencies.append((await asyncio.wait_for(published, 30))[0] - sent)
    rss = peak_rss_mb(proc.pid)
    # Let an inlay hint refresh sent just before this be answered before shutting down (one
    # still pending is cancelled by `shutdown`), or pygls warns of a message after it.
    await asyncio.sleep(0.1)
    await client.request("shutdown", None)
    client.notify("exit", None)
    await proc.wait()
    client.reader.cancel()
    timings = {"cold": cold * 1000, "rss": rss, "diagnostics": opened["params"]["diagnostics"]}
    if latencies:
        for q in (50, 95, 99):
            timings[f"p{q}"] = percentile(latencies, q) * 1000
    return timings


async def preview_latency(command: list[str], text: str, runs: int) -> list[float]:
    """Return the round trips (ms) of `mlopsReport/handinPreview`, each right after an edit."""
    proc = await asyncio.create_subprocess_exec(
        *command, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE
    )
    client = RawClient(proc)
    first = client.expect(("first",))
    await client.request("initialize", {"processId": None, "capabilities": {}})
    client.notify("initialized", {})
    uri = (ROOT / "bench" / "bench-report" / "README.md").as_uri()
    document = {"uri": uri, "languageId": "markdown", "version": 1, "text": text}
    client.notify("textDocument/didOpen", {"textDocument": document})
    await asyncio.wait_for(first, 30)
    rng = random.Random(3)
    lines = text.split("\n")
    out = []
    for version in range(2, runs + 2):
        line = rng.randrange(len(lines))
        pos = {"line": line, "character": 0}
        client.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": {"start": pos, "end": pos}, "text": "x"}],
            },
        )
        sent = time.perf_counter()
        params = {"textDocument": {"uri": uri, "version": version}}
        response = await asyncio.wait_for(client.request("mlopsReport/handinPreview", params), 30)
        out.append((time.perf_counter() - sent) * 1000)
        assert response["result"]["version"] == version, response
    await client.request("shutdown", None)
    client.notify("exit", None)
    await proc.wait()
    client.reader.cancel()
    return out


def cold_starts(commands: dict[str, list[str]], text: str, runs: int) -> dict[str, float]:
    """Return each server's median time from its start to its first diagnostics.

    The servers start in turn, `runs` times each, so a slow spell of the machine hits them alike.
    """
    starts: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            starts[name].append(asyncio.run(measure(command, text, 0, seed=1))["cold"])
    return {name: statistics.median(values) for name, values in starts.items()}


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

    from mlops_report.engine.pipeline import analyze, clear_caches
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
        previous = analyze(text, path=path, fs=fs)
        cold.append(time.perf_counter() - t)
        k = rng.randrange(len(text))
        text = text[:k] + "x" + text[k:]
        t = time.perf_counter()
        analyze(text, path=path, fs=fs, previous=previous)  # as the server does per keystroke
        warm.append(time.perf_counter() - t)
    return tuple(statistics.median(v) * 1000 for v in (bare, cold, warm))  # type: ignore[return-value]


P_KEYS = ("p50", "p95", "p99")
FLOOR = "floor (pygls)"
CARRIER = "floor+payload"
NO_HANDIN = "no hand-in"
# The server with the hand-in check answering "nothing to compare" for every block: all else the
# same, it shows what rendering the edited blocks with Python-Markdown and markdown-it costs.
WITHOUT_HANDIN = (
    "from mlops_report.engine.handin import check; check._unit_findings = lambda unit: (); "
    "from mlops_report.cli import entry; entry(['serve'])"
)


def table_row(
    name: str, label: str, rows: list[dict[str, Any]], floors: list[dict[str, Any]]
) -> str:
    """Return one server's line: medians of its rounds, and its p95 against the floor's."""
    cells = "".join(f"{statistics.median(r[k] for r in rows):>9.2f}" for k in P_KEYS)
    line = f"{name:<14}{label:>8}{cells}{max(r['rss'] for r in rows):>13.1f}"
    if rows is floors:
        return line
    ratios = sorted(o["p95"] / f["p95"] for f, o in zip(floors, rows, strict=True))
    return line + f"{statistics.median(ratios):>12.1f}x  {ratios[0]:.1f}-{ratios[-1]:.1f}x"


def keystroke_rounds(
    servers: tuple[tuple[str, list[str]], ...], text: str, edits: int, rounds: int, typing: bool
) -> dict[str, list[dict[str, Any]]]:
    """Time each server `rounds` times on the same edits, in turn (who goes first alternates).

    The machine's speed drifts within minutes: a server is compared with the floor run next to
    it, on the same edits.
    """
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name, _ in servers}
    for r in range(rounds):
        order = servers if r % 2 == 0 else servers[::-1]
        for name, command in order:
            runs[name].append(asyncio.run(measure(command, text, edits, seed=1 + r, typing=typing)))
    return runs


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=300)
    parser.add_argument("--report", type=Path, default=default_report())
    parser.add_argument("--starts", type=int, default=9, help="cold starts per server")
    parser.add_argument(
        "--rounds", type=int, default=3, help="runs of each case per server, taken in turn"
    )
    args = parser.parse_args()
    compile_server()
    base = args.report.read_text("utf-8")
    big = tenfold(base)
    # A bent report: the whole report pasted ten times (every question heading ten times).
    pasted = "\n".join([base] * 10)
    cases = (("1x", base), ("10x", big), ("pasted", pasted), ("typing", base))
    server = [sys.executable, "-m", "mlops_report"]
    floor = [sys.executable, str(ROOT / "bench" / "floor_server.py")]
    print(
        f"report: {args.report} ({len(base) / 1024:.0f} KB; 10x: {len(big) / 1024:.0f} KB; "
        f"pasted ten times: {len(pasted) / 1024:.0f} KB)"
    )
    print(f"python {sys.version.split()[0]}, {args.edits} single-character edits, debounce 0\n")
    header = f"{'server':<14}{'size':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
    print(header + f"{'peak RSS MB':>13}{'p95 / floor':>13}{'(range)':>12}")
    with tempfile.TemporaryDirectory() as scratch:
        for label, text in cases:
            # The floor again, publishing on every change what the server publishes on opening.
            payload = Path(scratch) / f"{label}.json"
            opened = asyncio.run(measure(server, text, 0, seed=1))["diagnostics"]
            payload.write_text(json.dumps(opened), "utf-8")
            servers = (
                (FLOOR, floor),
                (CARRIER, [*floor, str(payload)]),
                (NO_HANDIN, [sys.executable, "-c", WITHOUT_HANDIN]),
                ("mlops-report", server),
            )
            typing = label == "typing"
            runs = keystroke_rounds(servers, text, args.edits, args.rounds, typing=typing)
            for name, rows in runs.items():
                print(table_row(name, label, rows, runs[FLOOR]))
    cold = cold_starts({"floor": floor, "server": server}, base, args.starts)
    print(
        f"\ncold start to first diagnostics (1x, median of {args.starts}): floor "
        f"{cold['floor']:.0f} ms, mlops-report {cold['server']:.0f} ms "
        f"(+{cold['server'] - cold['floor']:.0f} ms)"
    )
    print("\nhand-in preview request right after an edit (mlopsReport/handinPreview, 40 each):")
    for label, text in (("1x", base), ("10x", big)):
        trips = asyncio.run(preview_latency(server, text, 40))
        print(f"{label:>6}  p50 {percentile(trips, 50):.1f} ms, p95 {percentile(trips, 95):.1f} ms")
    print("\nengine in-process (median ms):")
    print(f"{'size':>6}{'markdown-it parse':>19}{'analyze cold':>14}{'analyze after edit':>20}")
    for label, text in cases[:3]:
        bare, first, warm = engine_times(text)
        print(f"{label:>6}{bare:>19.2f}{first:>14.2f}{warm:>20.2f}")


if __name__ == "__main__":
    main()
