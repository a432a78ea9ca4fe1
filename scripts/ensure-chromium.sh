#!/usr/bin/env bash
# Ensure Debian's Chromium (driven by playwright-core in the e2e test) and fonts for readable
# screenshots. Idempotent: does nothing when both are there. Prints the browser's path.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
[ -x /usr/bin/chromium ] || apt_install chromium
# Without a real font the editor renders boxes; DejaVu + Liberation cover the UI and code.
apt_install fonts-dejavu-core fonts-liberation
[ -x /usr/bin/chromium ] || die "/usr/bin/chromium still missing after install"
echo /usr/bin/chromium
