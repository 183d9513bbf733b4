#!/usr/bin/env bash
# One command: install, build and run the app on its embedded defaults at http://localhost:3000.
# No keys, no services: PGlite under .data/, a generated session secret, everything local.
# PORT changes the port; .env.local (see .env.example) switches parts to production adapters.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_node_modules
ensure_build
PORT="${PORT:-3000}"
log "Starting on http://localhost:${PORT} (embedded mode unless .env.local says otherwise)"
exec npx next start -H 127.0.0.1 -p "$PORT"
