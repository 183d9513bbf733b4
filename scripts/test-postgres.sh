#!/usr/bin/env bash
# Prints a TEST_DATABASE_URL for the local PostgreSQL server, starting the Debian cluster and
# creating a CREATEDB test role when it can; prints nothing (and says why on stderr) when not.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
url="postgres://omb_test:omb_test@127.0.0.1:5432/postgres"
reachable() { PGPASSWORD=omb_test psql "$url" -Atqc 'select 1' >/dev/null 2>&1; }

if reachable; then echo "$url"; exit 0; fi
command -v pg_lsclusters >/dev/null || { warn "PostgreSQL is not installed: skipping the server run of the service tests"; exit 0; }
cluster=$(pg_lsclusters -h 2>/dev/null | awk 'NR==1 {print $1" "$2}')
[ -n "$cluster" ] || { warn "no PostgreSQL cluster found: skipping the server run of the service tests"; exit 0; }
# shellcheck disable=SC2086
as_root pg_ctlcluster --skip-systemctl-redirect $cluster start >/dev/null 2>&1 || true
for _ in $(seq 1 20); do as_root runuser -u postgres -- pg_isready -q 2>/dev/null && break; sleep 0.5; done
as_root runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 >/dev/null 2>&1 <<'SQL' || { warn "could not prepare the test role (need root or sudo): skipping the server run"; exit 0; }
do $$ begin
  if not exists (select from pg_roles where rolname = 'omb_test') then
    create role omb_test login createdb password 'omb_test';
  end if;
end $$;
SQL
if reachable; then echo "$url"; else warn "PostgreSQL did not accept the test role on 127.0.0.1:5432: skipping the server run"; fi
