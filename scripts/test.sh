#!/usr/bin/env bash
# One command: install what the tests need and run the whole suite.
#   1. type check            4. next build
#   2. vitest on PGlite      5. Playwright in Debian's chromium against `next start`
#   3. the service tests again on the local PostgreSQL server (when one can be started)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
started=$(date +%s)
ensure_node_modules

log "Type check"
npx tsc --noEmit

# Real-Odoo tests run whenever a tree is configured; prepare the machine side for them (idempotent).
trees=0
for v in 16 17 18 19; do
  var="ODOO_${v}_PATH"
  for dir in "${!var:-}" "${XDG_DATA_HOME:-$HOME/.local/share}/odoo-module-builder/odoo/$v"; do
    if [ -n "$dir" ] && [ -f "$dir/odoo-bin" ]; then trees=$((trees + 1)); break; fi
  done
done
if [ "$trees" -gt 0 ]; then
  log "Preparing real Odoo ($trees tree(s) found): scripts/setup-odoo.sh"
  bash scripts/setup-odoo.sh || warn "setup-odoo.sh failed: the real-Odoo tests will say why they skip"
else
  warn "No Odoo tree configured: real-Odoo tests will be SKIPPED (see README, 'Real Odoo on this machine')"
fi

log "Unit and service tests (PGlite)"
npx vitest run

if [ -n "${TEST_DATABASE_URL:-}" ]; then pg_url="$TEST_DATABASE_URL"; else pg_url=$(bash scripts/test-postgres.sh); fi
if [ -n "$pg_url" ]; then
  log "Service tests against PostgreSQL (${pg_url%%@*}@…)"
  TEST_DATABASE_URL="$pg_url" npx vitest run server/services/ server/api/ db/ inngest/executor/ server/pipeline/pipeline.test.ts server/pipeline/pipeline.ai.test.ts server/ports/ai/
else
  warn "SKIPPED: service tests on a PostgreSQL server (none reachable; set TEST_DATABASE_URL to run them)"
fi

ensure_build
ensure_chromium
log "Browser tests (Playwright, chromium at ${CHROMIUM_PATH})"
npx playwright test

log "All tests passed in $(( $(date +%s) - started )) s"
