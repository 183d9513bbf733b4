#!/usr/bin/env bash
# Prepares this machine to run real Odoo 16–19 for the `local` sandbox and the real-Odoo tests.
# Idempotent: every step checks before it acts, so re-running it is safe.
#   1. Debian packages Odoo needs (docs/ODOO.md; pip cannot reach PyPI here)
#   2. the PostgreSQL cluster started
#   3. an unprivileged system user `odoo` and a PG role `odoo` (LOGIN CREATEDB, peer auth)
#   4. the Odoo trees readable by that user, and byte-compiled (the user cannot write __pycache__)
# Usage: scripts/setup-odoo.sh [--fetch-help] [--no-apt]
# Odoo's own code is never committed here; see --fetch-help for how to obtain the trees.
set -euo pipefail

ODOO_USER=${OMB_ODOO_USER:-odoo}
ODOO_HOME=/var/lib/omb-odoo
DATA_ROOT="${XDG_DATA_HOME:-$HOME/.local/share}/odoo-module-builder/odoo"
VERSIONS=(16 17 18 19)

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
warn() { printf '\033[33mwarning: %s\033[0m\n' "$*" >&2; }

fetch_help() {
  cat <<EOF
Odoo trees are looked up per version in \$ODOO_<V>_PATH (e.g. ODOO_17_PATH), then in
  ${DATA_ROOT}/<version>          (\$XDG_DATA_HOME/odoo-module-builder/odoo/<version>)
A tree is an extracted Odoo source checkout containing odoo-bin. Known-good sources
(public GitHub copies; extract one commit, never commit Odoo's code into this repository):

  version  repository                             commit
  16       init-tech-solution/odoo-nightly        145acfbf9c8a107a2e2d5718fefaacee0ea39cc7
  17       Clyde1030/odoo17                       62a16a12e3e0e898e712402d0bf2ec62f31a6964
  18       hlaadhari/odoo-18.0                    1b5d156449e9794be555824400d9920c5670aef2  (root commit)
  19       Manognaaaaaa/Campus_events_erp_Odoo    738b31d24facde1c62fdb3234adba9319e729120  (root commit)

With a bare clone or snapshot of the repository at <snapshot>:
  mkdir -p ${DATA_ROOT}/17
  git --git-dir=<snapshot> archive <commit> | tar -x -C ${DATA_ROOT}/17
Leave out the repositories' own extras (Docker/config files, odoo17.conf, start_server_17.sh,
the owner's module in the 19 copy). Then re-run scripts/setup-odoo.sh.
EOF
}

apt=1
for arg in "$@"; do
  case "$arg" in
    --fetch-help) fetch_help; exit 0 ;;
    --no-apt) apt=0 ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done

if [ "$(id -u)" -eq 0 ]; then SUDO=(); elif sudo -n true 2>/dev/null; then SUDO=(sudo -n); else
  echo "Run as root or with password-less sudo (sudo -n)." >&2; exit 1
fi
as_root() { "${SUDO[@]}" "$@"; }

PACKAGES=(postgresql postgresql-client fonts-dejavu-core gsfonts python3-asn1crypto python3-babel
  python3-cbor2 python3-chardet python3-cryptography python3-dateutil python3-decorator
  python3-docutils python3-freezegun python3-geoip2 python3-gevent python3-greenlet python3-idna
  python3-jinja2 python3-ldap python3-libsass python3-lxml python3-magic python3-markupsafe
  python3-num2words python3-ofxparse python3-openpyxl python3-openssl python3-passlib python3-pil
  python3-polib python3-psutil python3-psycopg2 python3-pydot python3-pypdf2 python3-qrcode
  python3-renderpm python3-reportlab python3-requests python3-rjsmin python3-serial
  python3-setuptools python3-stdnum python3-tz python3-urllib3 python3-usb python3-vobject
  python3-websocket python3-werkzeug python3-xlrd python3-xlsxwriter python3-xlwt python3-zeep)

if [ "$apt" -eq 1 ]; then
  missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "Installing ${#missing[@]} Debian packages: ${missing[*]}"
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
  else
    log "Debian packages: all ${#PACKAGES[@]} installed"
  fi
fi

log "PostgreSQL cluster"
# pg_lsclusters: "Ver Cluster Port Status Owner ..."; start every cluster that is down.
clusters=$(pg_lsclusters --no-header 2>/dev/null || true)
[ -n "$clusters" ] || { echo "No PostgreSQL cluster (pg_lsclusters is empty); install postgresql first." >&2; exit 1; }
while read -r ver name _port status _rest; do
  if [ "$status" != "online" ]; then
    log "Starting cluster $ver/$name"
    as_root pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start
  fi
done <<<"$clusters"
for _ in $(seq 1 30); do as_root runuser -u postgres -- pg_isready -q && break; sleep 1; done
as_root runuser -u postgres -- pg_isready -q || { echo "PostgreSQL does not answer." >&2; exit 1; }

log "System user $ODOO_USER (home $ODOO_HOME, no login shell)"
if ! id -u "$ODOO_USER" >/dev/null 2>&1; then
  as_root useradd --system --home-dir "$ODOO_HOME" --create-home --shell /usr/sbin/nologin "$ODOO_USER"
fi
as_root mkdir -p "$ODOO_HOME"
as_root chown "$ODOO_USER:" "$ODOO_HOME"

log "PostgreSQL role $ODOO_USER (LOGIN CREATEDB; peer auth over the socket)"
psql_pg() { as_root runuser -u postgres -- psql -X -q -At -v ON_ERROR_STOP=1 -d postgres "$@"; }
if [ "$(psql_pg -c "SELECT 1 FROM pg_roles WHERE rolname = '$ODOO_USER'")" != "1" ]; then
  psql_pg -c "CREATE ROLE \"$ODOO_USER\" LOGIN CREATEDB"
else
  psql_pg -c "ALTER ROLE \"$ODOO_USER\" LOGIN CREATEDB NOSUPERUSER"
fi

log "Odoo trees"
found=0
for v in "${VERSIONS[@]}"; do
  var="ODOO_${v}_PATH"
  tree="${!var:-$DATA_ROOT/$v}"
  if [ ! -f "$tree/odoo-bin" ]; then warn "Odoo $v: no tree at $tree (see --fetch-help)"; continue; fi
  found=$((found + 1))
  # The odoo user must read the tree and traverse every parent directory (e.g. /root is often 0700).
  dir="$tree"
  while [ "$dir" != "/" ]; do
    dir=$(dirname "$dir")
    as_root chmod o+x "$dir" 2>/dev/null || warn "cannot make $dir traversable"
  done
  # chmod -R only when something is not yet readable: re-runs stay fast.
  if [ -n "$(as_root find "$tree" \( -type d ! -perm -o=rx \) -o \( -type f ! -perm -o=r \) -print -quit)" ]; then
    as_root chmod -R o+rX "$tree"
  fi
  # Odoo runs as $ODOO_USER, who cannot write __pycache__ into the tree: without this, every
  # start recompiles thousands of files (seconds per run).
  if [ ! -f "$tree/.omb-compiled" ]; then
    log "Odoo $v: byte-compiling $tree"
    dirs=("$tree/odoo"); [ -d "$tree/addons" ] && dirs+=("$tree/addons")
    as_root /usr/bin/python3 -m compileall -q -j 0 "${dirs[@]}" >/dev/null 2>&1 || true
    as_root chmod -R o+rX "$tree"
    as_root touch "$tree/.omb-compiled"
  fi
  if as_root runuser -u "$ODOO_USER" -- /usr/bin/python3 -c "import sys; sys.path.insert(0, '$tree'); import odoo" 2>/dev/null; then
    log "Odoo $v: $tree OK (readable by $ODOO_USER, importable by /usr/bin/python3)"
  else
    warn "Odoo $v: /usr/bin/python3 cannot import odoo from $tree as $ODOO_USER"
  fi
done
[ "$found" -gt 0 ] || warn "No Odoo tree found. Real-Odoo tests will be skipped. Run: $0 --fetch-help"
log "Done"
