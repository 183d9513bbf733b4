#!/usr/bin/env bash
# build-template-db.sh <modules>: run once at image build time. Creates the `odoo` PostgreSQL
# role (LOGIN CREATEDB, peer auth over the socket) and the template database `omb_tpl` with the
# given modules (base,mail), which install.sh clones per sandbox (~1 s instead of 10–40 s).
# Fails the image build when a module does not end up installed.
. "$(dirname "$0")/lib.sh"
MODULES=${1:-base,mail}
ensure_postgres
if [ "$(runuser -u postgres -- psql -X -At -d postgres -c "SELECT 1 FROM pg_roles WHERE rolname = 'odoo'")" != "1" ]; then
  runuser -u postgres -- psql -X -q -d postgres -c 'CREATE ROLE odoo LOGIN CREATEDB'
fi
mkdir -p "$LOG_DIR" "$DATA_DIR"; chown -R odoo:odoo "$OMB_HOME"
# shellcheck disable=SC2046
as_odoo /usr/bin/python3 "$ODOO_ROOT/odoo-bin" $(odoo_args "$TEMPLATE_DB" 8071) -i "$MODULES" --stop-after-init \
  >"$LOG_DIR/template-build.log" 2>&1 || { tail -n 40 "$LOG_DIR/template-build.log"; exit 1; }
for module in ${MODULES//,/ }; do
  state=$(as_odoo psql -X -At -d "$TEMPLATE_DB" -c "SELECT state FROM ir_module_module WHERE name = '$module'")
  [ "$state" = "installed" ] || { echo "template: $module is '$state', not installed" >&2; tail -n 40 "$LOG_DIR/template-build.log"; exit 1; }
done
echo "template database $TEMPLATE_DB ready: $MODULES"
# At image build time: a clean shutdown, so the image layer holds a consistent cluster.
if [ "${OMB_IMAGE_BUILD:-0}" = "1" ]; then
  pg_ctlcluster --skip-systemctl-redirect "$(pg_lsclusters -h | awk 'NR==1{print $1}')" main stop
fi
