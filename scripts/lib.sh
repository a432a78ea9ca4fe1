# Shared helpers for the ensure-*.sh scripts (sourced, not run).
# Logs go to stderr so that a script's stdout is only the path it promises to print.

MLOPS_CACHE="${MLOPS_REPORT_CACHE:-$HOME/.cache/mlops-report}"

log() { printf '[%s] %s\n' "$(basename "$0")" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Run as root, or through sudo when there is one.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "need root to run: $*"
  fi
}

# apt_install PKG...: install the Debian packages that are not installed yet.
# Our own lock (plus dpkg's timeout) lets two ensure scripts run side by side.
apt_install() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  log "apt-get install ${missing[*]}"
  mkdir -p "$MLOPS_CACHE"
  local apt=(apt-get -o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)
  local aptlog="$MLOPS_CACHE/apt-$(basename "$0" .sh).log"
  if ! (
    flock 8
    as_root env DEBIAN_FRONTEND=noninteractive "${apt[@]}" update -qq &&
      as_root env DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq \
        --no-install-recommends "${missing[@]}"
  ) 8>"$MLOPS_CACHE/.apt.lock" >"$aptlog" 2>&1; then
    tail -n 30 "$aptlog" >&2
    die "apt-get install ${missing[*]} failed (log: $aptlog)"
  fi
}

# with_lock NAME: serialize concurrent runs of one script (held until the script exits).
with_lock() {
  mkdir -p "$MLOPS_CACHE"
  exec 9>"$MLOPS_CACHE/.$1.lock"
  flock 9
}
