#!/bin/sh
# deploy/restore.sh BACKUP [INSTANCE_TAR]: put a backup from deploy/backup.sh back.
# Stop the services first (systemctl stop seminario-web seminario-outbox), start them after.
#   PostgreSQL: pg_restore replaces every table, in one transaction (all or nothing).
#   SQLite: the copy is checked, then moved into place (its -wal/-shm files are removed).
set -eu
file=${1:?usage: deploy/restore.sh BACKUP [INSTANCE_TAR]}
if [ -z "${DATABASE_URL:-}" ]; then
  set -a; . "${SEMINARIO_ENV_FILE:-/etc/seminario/seminario.env}"; set +a
fi
file=$(realpath "$file")
tarball=${2:+$(realpath "$2")}
cd "$(dirname "$0")/.."
case "$DATABASE_URL" in
  postgresql*)
    pg_restore --clean --if-exists --no-owner --single-transaction --exit-on-error \
      --dbname="$(printf %s "$DATABASE_URL" | sed 's/^postgresql+[a-z0-9]*:/postgresql:/')" \
      "$file"
    ;;
  sqlite:///*)
    path=${DATABASE_URL#sqlite:///}
    cp "$file" "$path.restoring"
    .venv/bin/python - "$path.restoring" <<'PY'
import sqlite3
import sys

verdict = sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check").fetchone()[0]
sys.exit(0 if verdict == "ok" else f"restore.sh: the backup fails its integrity check: {verdict}")
PY
    rm -f "$path-wal" "$path-shm"
    mv "$path.restoring" "$path"
    ;;
  *)
    echo "restore.sh: DATABASE_URL is neither postgresql nor sqlite:///" >&2
    exit 1
    ;;
esac
if [ -n "$tarball" ]; then
  tar -xzf "$tarball"
fi
echo "restored $file"
