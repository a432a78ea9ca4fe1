#!/usr/bin/env bash
# Ensure Debian's Neovim (a second, independent LSP client). Idempotent. Prints nvim's path.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
command -v nvim >/dev/null 2>&1 || apt_install neovim
command -v nvim || die "nvim still not on PATH after installing neovim"
