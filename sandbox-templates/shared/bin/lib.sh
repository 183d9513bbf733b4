#!/usr/bin/env bash
# Shared by the in-sandbox scripts. $OMB_ETC/omb.env (written by the Dockerfile) sets
# ODOO_VERSION and ODOO_ROOT. Everything runs as root; Odoo itself runs as the `odoo` user with a
# clean environment (env -i), so module code never sees the sandbox's preview key.
# The OMB_* overrides exist for the real-Odoo test of these scripts on a development machine
# (server/ports/sandbox/templates.odoo.test.ts); the image uses the defaults.
set -euo pipefail
OMB_ETC=${OMB_ETC:-/opt/omb}
# shellcheck source=/dev/null
. "$OMB_ETC/omb.env"

OMB_HOME=${OMB_HOME:-/var/lib/omb}
ADDONS_DIR=${OMB_ADDONS_DIR:-/opt/omb/addons}
DATA_DIR=$OMB_HOME/data
LOG_DIR=$OMB_HOME/logs
RUN_DIR=$OMB_HOME/run
TEMPLATE_DB=${OMB_TEMPLATE_DB:-omb_tpl}
DB=${OMB_DB:-omb_sbx}
ODOO_PORT=${OMB_ODOO_PORT:-8069}
PROXY_PORT=${OMB_PROXY_PORT:-8080}
# The provider's edge reaches the sandbox on its network interface.
PROXY_BIND=${OMB_PROXY_BIND:-0.0.0.0}
PROXY_USER=${OMB_PROXY_USER:-omb-proxy}

as_odoo() { runuser -u odoo -- env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=$OMB_HOME LANG=C.UTF-8 "$@"; }

# Core addons paths of the tree (16/17 ship everything under odoo/addons; 18/19 also addons/),
# then the customer's dir when it holds a module (Odoo rejects an addons path without any).
addons_path() {
  local paths=("$ODOO_ROOT/odoo/addons")
  compgen -G "$ODOO_ROOT/addons/*/__manifest__.py" >/dev/null && paths+=("$ODOO_ROOT/addons")
  compgen -G "$ADDONS_DIR/*/__manifest__.py" >/dev/null && paths+=("$ADDONS_DIR")
  local IFS=,
  echo "${paths[*]}"
}

# 19 loads no demo data unless asked; older versions load it unless told not to.
demo_args() { if [ "$ODOO_VERSION" -ge 19 ]; then :; else echo "--without-demo=all"; fi; }

# The command line every run shares: 127.0.0.1 only (with --test-enable Odoo starts its HTTP
# server and would bind 0.0.0.0), one database, no database manager, no cron.
odoo_args() {
  local db=$1 port=$2
  # shellcheck disable=SC2046
  echo "--config=$OMB_ETC/odoo.conf" "--addons-path=$(addons_path)" "--database=$db" "--db-filter=^$db\$" \
    --no-database-list --http-interface=127.0.0.1 "--http-port=$port" "--data-dir=$DATA_DIR" \
    --max-cron-threads=0 $(demo_args)
}

ensure_postgres() {
  if ! pg_isready -q; then
    pg_ctlcluster --skip-systemctl-redirect "$(pg_lsclusters -h | awk 'NR==1{print $1}')" main start
    for _ in $(seq 1 30); do pg_isready -q && break; sleep 0.5; done
  fi
  pg_isready -q || { echo "PostgreSQL does not answer" >&2; exit 3; }
}

# The sandbox database: a clone of the template database (~1 s) plus a copy of its filestore.
ensure_database() {
  ensure_postgres
  if [ "$(as_odoo psql -X -At -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != "1" ]; then
    as_odoo createdb -T "$TEMPLATE_DB" "$DB"
    if [ -d "$DATA_DIR/filestore/$TEMPLATE_DB" ]; then
      rm -rf "$DATA_DIR/filestore/$DB"
      as_odoo cp -a "$DATA_DIR/filestore/$TEMPLATE_DB" "$DATA_DIR/filestore/$DB"
    fi
  fi
}
