#!/usr/bin/env bash
# Start Debian's PostgreSQL cluster on loopback and create the test role and database.
# Idempotent: safe to run when the server is already up or the database exists.
set -euo pipefail
if ! command -v pg_lsclusters >/dev/null; then
  echo "postgresql is not installed (apt-get install postgresql)" >&2
  exit 1
fi
ver=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | grep -q .; then
  pg_createcluster "$ver" main >/dev/null
fi
cluster=$(pg_lsclusters -h | head -1 | awk '{print $1" "$2}')
pg_ctlcluster $cluster start 2>/dev/null || true
for _ in $(seq 1 30); do
  pg_isready -h 127.0.0.1 -q && break
  sleep 1
done
pg_isready -h 127.0.0.1
as_pg() { runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qAt "$@"; }
if [ "$(as_pg -c "select 1 from pg_roles where rolname='pledges'")" != "1" ]; then
  as_pg -c "create role pledges login password 'pledges' createdb"
fi
if [ "$(as_pg -c "select 1 from pg_database where datname='pledges_test'")" != "1" ]; then
  as_pg -c "create database pledges_test owner pledges"
fi
echo "PostgreSQL ready: postgresql+psycopg://pledges:pledges@127.0.0.1:5432/pledges_test"
