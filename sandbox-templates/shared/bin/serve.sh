#!/usr/bin/env bash
# serve.sh: the live preview. Sets the admin password (OMB_ADMIN_PASSWORD, or the first line of
# stdin), starts Odoo on 127.0.0.1:8069 and the preview proxy on 0.0.0.0:8080 in the background
# (each in its own session, so they outlive this command), and returns once Odoo answers.
# The proxy's settings (sandbox id, preview key, app origin) come from the sandbox's environment
# (E2B create envs) or /run/omb/proxy.env (written by start.sh from the Fly machine's env).
. "$(dirname "$0")/lib.sh"
[ -f /run/omb/proxy.env ] && . /run/omb/proxy.env
PASSWORD=${OMB_ADMIN_PASSWORD:-}
[ -n "$PASSWORD" ] || IFS= read -r PASSWORD || true
[ -n "$PASSWORD" ] || { echo "no admin password (OMB_ADMIN_PASSWORD or stdin)" >&2; exit 2; }
: "${OMB_SANDBOX_ID:?}" "${OMB_PREVIEW_KEY:?}" "${OMB_APP_ORIGIN:?}"

ensure_database
mkdir -p "$LOG_DIR"; chown odoo:odoo "$LOG_DIR"
# Hashed the way Odoo stores it (passlib pbkdf2_sha512, verified by 16–19).
HASH=$(printf '%s' "$PASSWORD" | as_odoo /usr/bin/python3 -c "import sys; from passlib.context import CryptContext; print(CryptContext(['pbkdf2_sha512']).hash(sys.stdin.read()))")
# psql interpolates :'hash' (quoted) only in commands read from stdin, not in -c.
echo "UPDATE res_users SET password = :'hash' WHERE login = 'admin';" |
  as_odoo psql -X -q -d "$DB" -v ON_ERROR_STOP=1 -v hash="$HASH"

mkdir -p "$RUN_DIR"
running() { [ -f "$RUN_DIR/$1.pid" ] && kill -0 "$(cat "$RUN_DIR/$1.pid")" 2>/dev/null; }
# Each in its own session (setsid), recorded by pid: `kill -- -<pid>` ends it with its children.
if ! running odoo; then
  # shellcheck disable=SC2046
  setsid nohup runuser -u odoo -- env -i PATH=/usr/bin:/bin HOME=$OMB_HOME LANG=C.UTF-8 \
    /usr/bin/python3 "$ODOO_ROOT/odoo-bin" $(odoo_args "$DB" "$ODOO_PORT") >>"$LOG_DIR/server.log" 2>&1 </dev/null &
  echo $! >"$RUN_DIR/odoo.pid"
fi
if ! running proxy; then
  setsid nohup runuser -u "$PROXY_USER" -- env -i PATH=/usr/bin:/bin \
    PORT=$PROXY_PORT BIND_HOST=$PROXY_BIND UPSTREAM=127.0.0.1:$ODOO_PORT SECRET="$OMB_PREVIEW_KEY" \
    SANDBOX_ID="$OMB_SANDBOX_ID" APP_ORIGIN="$OMB_APP_ORIGIN" PREVIEW_DOMAIN="${OMB_PREVIEW_DOMAIN:-}" \
    FLY_MACHINE_ID="${FLY_MACHINE_ID:-}" CROSS_SITE_COOKIES="${OMB_CROSS_SITE_COOKIES:-0}" \
    node "$OMB_ETC/omb-preview-proxy.mjs" >>"$LOG_DIR/proxy.log" 2>&1 </dev/null &
  echo $! >"$RUN_DIR/proxy.pid"
fi
for _ in $(seq 1 180); do
  status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$ODOO_PORT/web/login" || true)
  if [ -n "$status" ] && [ "$status" != "000" ] && [ "$status" -lt 500 ]; then echo "ready ($status)"; exit 0; fi
  sleep 0.5
done
echo "Odoo did not answer on 127.0.0.1:$ODOO_PORT in 90 s:" >&2
tail -n 30 "$LOG_DIR/server.log" >&2
exit 1
