#!/usr/bin/env bash
# install.sh <module> <tests 0|1> <timeout seconds>
# Installs the module written under /opt/omb/addons into the sandbox database and runs its tests
# (`-i <module> --test-enable --test-tags /<module> --stop-after-init`). Prints Odoo's log (last
# MB), then one line the app parses (server/ports/sandbox/templates.ts):
#   # omb-result exit=<code> timed_out=<0|1> ms=<odoo ms> state=<ir_module_module.state|absent>
# Exit status is 0 whenever a verdict was printed, even for a failed install.
. "$(dirname "$0")/lib.sh"
MODULE=${1:?module}; TESTS=${2:-1}; TIMEOUT=${3:-600}
[[ $MODULE =~ ^[a-z][a-z0-9_]*$ ]] || { echo "invalid module name: $MODULE" >&2; exit 2; }
[[ $TIMEOUT =~ ^[0-9]+$ ]] || { echo "invalid timeout: $TIMEOUT" >&2; exit 2; }
[ -f "$ADDONS_DIR/$MODULE/__manifest__.py" ] || { echo "no module at $ADDONS_DIR/$MODULE" >&2; exit 2; }

ensure_database
chown -R odoo:odoo "$ADDONS_DIR"
mkdir -p "$LOG_DIR"; chown odoo:odoo "$LOG_DIR"
LOG=$LOG_DIR/install-$(date +%s%N).log
TEST_ARGS=()
[ "$TESTS" = "1" ] && TEST_ARGS=(--test-enable "--test-tags=/$MODULE")

# shellcheck disable=SC2046
ARGS=($(odoo_args "$DB" 8070) -i "$MODULE" "${TEST_ARGS[@]}" --stop-after-init)
echo "# ${ARGS[*]}" >"$LOG"
started=$(date +%s%3N)
code=0
# SIGKILL, not SIGTERM: Odoo treats SIGTERM as "finish and commit", which would still install.
timeout -s KILL "$TIMEOUT" runuser -u odoo -- env -i PATH=/usr/bin:/bin HOME=$OMB_HOME LANG=C.UTF-8 \
  /usr/bin/python3 "$ODOO_ROOT/odoo-bin" "${ARGS[@]}" >>"$LOG" 2>&1 || code=$?
ms=$(( $(date +%s%3N) - started ))
timed_out=0
if [ "$code" = "137" ] || [ "$code" = "124" ]; then
  timed_out=1
  printf '\n# omb: killed after %s ms timeout\n' "$((TIMEOUT * 1000))" >>"$LOG"
fi
state=$(as_odoo psql -X -At -d "$DB" -c "SELECT state FROM ir_module_module WHERE name = '$MODULE'" 2>/dev/null || true)
tail -c 1048576 "$LOG"
printf '\n# omb-result exit=%s timed_out=%s ms=%s state=%s\n' "$code" "$timed_out" "$ms" "${state:-absent}"
