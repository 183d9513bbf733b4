#!/usr/bin/env bash
# write-module.sh <module>: reads a base64 zip of `<module>/...` on stdin (Fly has no file API)
# and replaces /opt/omb/addons/<module> with it. Entries outside `<module>/` are refused.
. "$(dirname "$0")/lib.sh"
MODULE=${1:?module}
[[ $MODULE =~ ^[a-z][a-z0-9_]*$ ]] || { echo "invalid module name: $MODULE" >&2; exit 2; }
ZIP=$(mktemp)
trap 'rm -f "$ZIP"' EXIT
base64 -d >"$ZIP"
rm -rf "${ADDONS_DIR:?}/$MODULE"
/usr/bin/python3 - "$ZIP" "$ADDONS_DIR" "$MODULE" <<'PY'
import os, sys, zipfile
zip_path, root, module = sys.argv[1:]
with zipfile.ZipFile(zip_path) as archive:
    for name in archive.namelist():
        parts = name.split("/")
        if parts[0] != module or ".." in parts or name.startswith("/"):
            sys.exit(f"refusing zip entry {name!r}")
    archive.extractall(root)
PY
chown -R odoo:odoo "$ADDONS_DIR/$MODULE"
echo "wrote $(find "$ADDONS_DIR/$MODULE" -type f | wc -l) files"
