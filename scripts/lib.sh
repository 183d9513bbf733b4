# Shared helpers for scripts/*.sh. Sourced, not run.
set -euo pipefail
export NEXT_TELEMETRY_DISABLED=1
cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf '\033[1;35m==>\033[0m %s\n' "$*"; }
warn() { printf '\033[1;33m==> %s\033[0m\n' "$*" >&2; }

# Runs a command as root: directly when we are root, through passwordless sudo otherwise.
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo -n "$@"; else return 1; fi
}

# npm ci when node_modules is missing or older than the lockfile (never `npm install`:
# the lockfile is the contract, see docs/stack-facts).
ensure_node_modules() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "Installing dependencies (npm ci)"
    npm ci --no-audit --no-fund
  fi
}

ensure_build() {
  log "Building the app (next build)"
  npx next build
}

# Debian's chromium for Playwright (the Playwright browser download cannot work offline).
ensure_chromium() {
  if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ]; then return 0; fi
  if command -v chromium >/dev/null; then export CHROMIUM_PATH="$(command -v chromium)"; return 0; fi
  log "Installing Debian's chromium for the browser tests"
  as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
    || { warn "could not install chromium (need root or passwordless sudo)"; return 1; }
  export CHROMIUM_PATH="$(command -v chromium)"
}
