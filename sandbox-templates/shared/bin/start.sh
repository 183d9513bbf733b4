#!/usr/bin/env bash
# start.sh: the image's start command. Starts PostgreSQL, then
#   - on Fly (OMB_EXPIRES_AT set): keeps the proxy settings for serve.sh in /run/omb/proxy.env
#     (root only) and watches /run/omb/expires-at; at that second it exits, the machine stops, and
#     `auto_destroy` removes it. extend() rewrites the file.
#   - on E2B: stays in the foreground (E2B snapshots the template once this command runs, so new
#     sandboxes start with PostgreSQL already up).
. "$(dirname "$0")/lib.sh"
ensure_postgres
mkdir -p /run/omb
chmod 700 /run/omb
if [ -n "${OMB_EXPIRES_AT:-}" ]; then
  umask 077
  {
    printf 'OMB_SANDBOX_ID=%q\nOMB_PREVIEW_KEY=%q\nOMB_APP_ORIGIN=%q\n' "$OMB_SANDBOX_ID" "$OMB_PREVIEW_KEY" "$OMB_APP_ORIGIN"
    printf 'OMB_PREVIEW_DOMAIN=%q\nFLY_MACHINE_ID=%q\nOMB_CROSS_SITE_COOKIES=%q\n' \
      "${OMB_PREVIEW_DOMAIN:-}" "${FLY_MACHINE_ID:-}" "${OMB_CROSS_SITE_COOKIES:-0}"
  } >/run/omb/proxy.env
  echo "$OMB_EXPIRES_AT" >/run/omb/expires-at
  while [ "$(date +%s)" -lt "$(cat /run/omb/expires-at 2>/dev/null || echo 0)" ]; do sleep 15; done
  echo "sandbox expired: stopping"
  exit 0
fi
exec sleep infinity
