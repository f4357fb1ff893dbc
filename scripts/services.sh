# Sourced by the test scripts: starts PostgreSQL and Redis when they are not running, drops
# databases left by earlier runs and exports what the tests read. Needs `set -euo pipefail`.

PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres
export PGHOST PGPORT PGUSER

pg_up() { psql -d postgres -Atqc 'select 1' >/dev/null 2>&1; }
redis_up() { redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; }

wait_for() { # name, check
  for _ in $(seq 1 60); do "$2" && return 0; sleep 1; done
  echo "error: $1 did not come up" >&2; exit 1
}

if ! pg_up; then
  echo "starting PostgreSQL"
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start || true
  fi
  wait_for PostgreSQL pg_up
fi

if ! redis_up; then
  echo "starting Redis"
  mkdir -p /tmp/tagih-redis
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no --dir /tmp/tagih-redis
  wait_for Redis redis_up
fi

# Databases from earlier runs (each integration test gets its own).
for db in $(psql -d postgres -Atqc "select datname from pg_database where datname like 'tagih_test_%' or datname like 'tagih_template_%'"); do
  psql -d postgres -qc "drop database if exists \"$db\" with (force)" >/dev/null 2>&1 || true
done

export TAGIH_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres"
export TAGIH_TEST_REDIS_URL="redis://127.0.0.1:6379"
export RUST_LOG="${RUST_LOG:-warn}"
export CARGO_TERM_COLOR=never

