"""An independent LSP client: Neovim's built-in client, headless, against the real server.

`scripts/ensure-neovim.sh` installs Debian's Neovim (0.7.2) when `nvim` is missing. A small Lua
init starts `python -m mlops_report` with `vim.lsp.start_client`, attaches it to a copy of a
report, polls `vim.diagnostic.get(0)` (at most 20 s) until the diagnostics and the server's
summary are there, writes them as JSON, stops the server and quits. What Neovim shows must be
what `mlops-report check --format json` reports for that file.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from ..conftest import ROOT, SHARED, needs_shared
from ..fixtures.code_docs import line_linked

ENSURE = ROOT / "scripts" / "ensure-neovim.sh"
SAMPLE = ROOT / "examples" / "reports"
FIONA = SHARED / "corpus" / "real" / "FionaWennberg__mlops_group54.md"
WAIT_MS = 20_000  # for the diagnostics, inside Neovim
HARD_TIMEOUT = 60  # for the whole nvim run

INIT_LUA = r"""
-- Written by tests/editors/test_neovim.py. Opens MLOPS_NVIM_REPORT, starts mlops-report with
-- Neovim's own LSP client, polls vim.diagnostic.get() until diagnostics and the server's summary
-- are there (bounded), writes them to MLOPS_NVIM_OUT as JSON, stops the server and quits.
local report = assert(os.getenv('MLOPS_NVIM_REPORT'))
local out = assert(os.getenv('MLOPS_NVIM_OUT'))
local python = assert(os.getenv('MLOPS_NVIM_PYTHON'))
local limit_ms = tonumber(os.getenv('MLOPS_NVIM_WAIT_MS') or '20000')

local result = { summary = vim.NIL, diagnostics = {}, timed_out = false, errors = {} }

local function finish()
  local f = assert(io.open(out, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qa!')
end

local function main()
  vim.cmd('edit ' .. vim.fn.fnameescape(report))
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].filetype = 'markdown'
  local uri = vim.uri_from_bufnr(buf)
  local exited = false
  local id = vim.lsp.start_client({
    name = 'mlops-report',
    cmd = { python, '-m', 'mlops_report' },
    root_dir = vim.fn.fnamemodify(report, ':p:h'),
    settings = { mlopsReport = { debounce = 0 } },
    handlers = {
      ['mlopsReport/summary'] = function(_, params)
        if params.uri == uri then
          result.summary = params
        end
      end,
      ['window/logMessage'] = function(_, params)
        if params.type == 1 then
          table.insert(result.errors, params.message)
        end
      end,
    },
    on_exit = function(code, sig)
      result.exit_code = code
      result.exit_signal = sig
      exited = true
    end,
  })
  if not id then
    result.error = 'vim.lsp.start_client failed'
    return finish()
  end
  vim.lsp.buf_attach_client(buf, id)
  local client = vim.lsp.get_client_by_id(id)
  local start = vim.loop.now()
  local stop_at = nil
  local timer = vim.loop.new_timer()
  timer:start(50, 50, vim.schedule_wrap(function()
    local elapsed = vim.loop.now() - start
    if stop_at == nil then
      local shown = vim.diagnostic.get(buf)
      local done = #shown > 0 and result.summary ~= vim.NIL
      if not done and elapsed < limit_ms then
        return
      end
      result.timed_out = not done
      result.elapsed_ms = elapsed
      result.diagnostics = shown
      result.uri = uri
      result.pid = client.rpc.pid
      result.offset_encoding = client.offset_encoding
      -- The hand-in preview's request, as any editor may make it.
      local preview = client.request_sync(
        'mlopsReport/handinPreview', { textDocument = { uri = uri } }, 5000, buf)
      result.preview = preview and (preview.result or { error = preview.err }) or vim.NIL
      stop_at = elapsed
      client.stop()
      return
    end
    if exited or elapsed - stop_at > 5000 then
      timer:stop()
      timer:close()
      finish()
    end
  end))
end

vim.api.nvim_create_autocmd('VimEnter', { once = true, callback = main })
"""


@pytest.fixture(scope="module")
def nvim() -> str:
    """Return nvim's path, installing Debian's Neovim first when it is missing."""
    proc = subprocess.run(
        ["bash", str(ENSURE)], capture_output=True, text=True, timeout=1200, check=False
    )
    path = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
    if proc.returncode != 0 or not path:
        apt_failed = shutil.which("apt-get") is None or any(
            why in proc.stderr for why in ("apt-get install", "need root to run")
        )
        if shutil.which("nvim") is None and apt_failed:
            pytest.skip(
                "Neovim is not installed and apt-get could not install it "
                f"(scripts/ensure-neovim.sh): {proc.stderr.strip()[-500:]}"
            )
        pytest.fail(f"scripts/ensure-neovim.sh failed:\n{proc.stderr}")
    version = subprocess.run(
        [path, "--version"], capture_output=True, text=True, timeout=30, check=True
    ).stdout.splitlines()[0]
    major, minor = (int(x) for x in version.split()[1].lstrip("v").split(".")[:2])
    assert (major, minor) >= (0, 7), f"{version}: vim.diagnostic and autocmd API need 0.7+"
    return path


def gone(pid: int) -> bool:
    """Whether process `pid` has exited (a zombie waiting for its reaper counts as exited)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state in ("Z", "X")


def run_neovim(nvim: str, report: Path, tmp_path: Path) -> tuple[dict[str, Any], float]:
    """Open `report` in headless Neovim with the server; return what it showed and the time."""
    init = tmp_path / "init.lua"
    init.write_text(INIT_LUA, "utf-8")
    out = tmp_path / "nvim-result.json"
    home = tmp_path / "nvim-home"
    env = {
        **os.environ,
        "MLOPS_NVIM_REPORT": str(report),
        "MLOPS_NVIM_OUT": str(out),
        "MLOPS_NVIM_PYTHON": sys.executable,
        "MLOPS_NVIM_WAIT_MS": str(WAIT_MS),
        # keep Neovim away from the user's config, plugins, shada and logs
        **{f"XDG_{d}_HOME": str(home / d.lower()) for d in ("CONFIG", "DATA", "STATE", "CACHE")},
    }
    start = time.monotonic()
    proc = subprocess.Popen(
        [nvim, "--headless", "-n", "-i", "NONE", "-u", str(init)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=tmp_path,
        start_new_session=True,  # nvim and the server it starts share one process group
    )
    try:
        stdout, stderr = proc.communicate(timeout=HARD_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(f"nvim did not finish within {HARD_TIMEOUT} s")
    elapsed = time.monotonic() - start
    try:
        os.killpg(proc.pid, 0)
        leftover = True
    except ProcessLookupError:
        leftover = False
    assert proc.returncode == 0, f"nvim exited {proc.returncode}:\n{stdout!r}\n{stderr!r}"
    assert out.is_file(), f"no result from nvim:\n{stdout!r}\n{stderr!r}"
    result: dict[str, Any] = json.loads(out.read_text("utf-8"))

    pid = result.get("pid")
    assert isinstance(pid, int), result
    deadline = time.monotonic() + 5
    while not gone(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    if not gone(pid):
        os.kill(pid, signal.SIGKILL)
        pytest.fail(f"the language server (pid {pid}) outlived nvim")
    if leftover:  # something else in nvim's process group is still running
        os.killpg(proc.pid, signal.SIGKILL)
    return result, elapsed


def cli_record(report: Path) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, "-m", "mlops_report", "check", "--format", "json", str(report)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode in (0, 1), proc.stderr
    [record] = json.loads(proc.stdout)
    return record  # type: ignore[no-any-return]


def byte_column(line: str, utf16: int) -> int:
    """Neovim's column (a byte offset) for an LSP UTF-16 character offset on `line`."""
    units = 0
    for i, ch in enumerate(line):
        if units >= utf16:
            return len(line[:i].encode("utf-8"))
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(line.encode("utf-8"))


def check_against_cli(result: dict[str, Any], report: Path) -> list[dict[str, Any]]:
    """Assert Neovim shows exactly the command line's findings; return Neovim's diagnostics."""
    assert not result["timed_out"], f"no diagnostics or summary within {WAIT_MS} ms: {result}"
    assert result["errors"] == []
    assert result["offset_encoding"] == "utf-16"
    assert result["exit_code"] == 0  # shut down cleanly by the client
    record = cli_record(report)
    lines = report.read_text("utf-8").splitlines()
    shown = result["diagnostics"]
    assert len(shown) > 0

    got = sorted(
        (
            d["code"],
            d["severity"],
            d["lnum"],
            d["col"],
            d["end_lnum"],
            d["message"],
            d["source"],
            d["user_data"]["lsp"]["data"]["code"],
        )
        for d in shown
    )
    levels = {"error": 1, "warning": 2, "information": 3, "hint": 4}
    want = sorted(
        (
            d["code"],
            levels[d["severity"]],
            d["range"]["start"]["line"],
            byte_column(lines[d["range"]["start"]["line"]], d["range"]["start"]["character"]),
            d["range"]["end"]["line"],
            d["message"],
            "mlops-report",
            d["code"],
        )
        for d in record["diagnostics"]
    )
    assert got == want
    for d in shown:
        href = d["user_data"]["lsp"]["codeDescription"]["href"]
        assert line_linked(href) == f"## {d['code']}"

    summary = result["summary"]  # Neovim drops JSON nulls: a missing key is null
    assert summary["uri"] == result["uri"]
    assert summary.get("edition") == record["edition"]
    assert summary.get("error") == record["report_py"]["error"]
    return shown  # type: ignore[no-any-return]


@needs_shared
def test_neovim_shows_a_real_reports_findings(nvim: str, tmp_path: Path) -> None:
    report = tmp_path / "README.md"
    shutil.copy(FIONA, report)
    result, elapsed = run_neovim(nvim, report, tmp_path)
    shown = check_against_cli(result, report)

    by_code: dict[str, list[int]] = {}
    for d in shown:
        by_code.setdefault(d["code"], []).append(d["lnum"])
    assert by_code["heading-missing"] == [234]  # the orphaned Question 9 prompt
    assert by_code["answer-count"] == [234]
    assert len(by_code["image-not-found"]) == 6
    assert result["summary"]["text"] == "report.py check would stop: found 30 answers, expected 31"
    print(f"neovim: {len(shown)} diagnostics in {result['elapsed_ms']} ms, run {elapsed:.1f} s")


def test_neovim_shows_the_sample_reports_findings(nvim: str, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    shutil.copytree(SAMPLE, folder)
    report = folder / "README.md"
    result, elapsed = run_neovim(nvim, report, tmp_path)
    shown = check_against_cli(result, report)

    # The hand-in preview's request answers Neovim too: the page mlops-report html writes.
    html = subprocess.run(
        [sys.executable, "-m", "mlops_report", "html", str(report), "-o", "-"],
        capture_output=True,
        check=True,
        timeout=120,
    ).stdout.decode("utf-8")
    preview = result["preview"]
    assert preview["html"] == html.replace(os.linesep, "\n")
    assert isinstance(preview["version"], int) and preview["uri"] == result["uri"]
    assert len(preview["blocks"]) > 100

    lines = {d["code"]: d["lnum"] for d in shown}
    assert lines["words-over"] == 342
    assert lines["placeholder-unfilled"] == 627
    assert result["summary"]["text"] == "27/31 questions pass (B3)"
    print(f"neovim: {len(shown)} diagnostics in {result['elapsed_ms']} ms, run {elapsed:.1f} s")
