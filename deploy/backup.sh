#!/bin/sh
# deploy/backup.sh DIRECTORY: a consistent backup while the site keeps running.
#   PostgreSQL: pg_dump (custom format, for pg_restore). SQLite: its online backup API, one
#   snapshot while registrations go on, checked with PRAGMA integrity_check.
#   Plus instance/ (uploaded photos, signatures) as a tar. Backups older than 14 days go.
# Prints the database backup's path. The environment comes from the env file, as for the units.
set -eu
dir=${1:?usage: deploy/backup.sh DIRECTORY}
if [ -z "${DATABASE_URL:-}" ]; then
  set -a; . "${SEMINARIO_ENV_FILE:-/etc/seminario/seminario.env}"; set +a
fi
cd "$(dirname "$0")/.."
stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$dir"
case "$DATABASE_URL" in
  postgresql*)
    out="$dir/seminario-$stamp.pgdump"
    pg_dump --format=custom --no-owner --file="$out.part" \
      --dbname="$(printf %s "$DATABASE_URL" | sed 's/^postgresql+[a-z0-9]*:/postgresql:/')"
    ;;
  sqlite:///*)
    out="$dir/seminario-$stamp.sqlite3"
    .venv/bin/python - "${DATABASE_URL#sqlite:///}" "$out.part" <<'PY'
import sqlite3
import sys

source = sqlite3.connect(sys.argv[1], timeout=30)
target = sqlite3.connect(sys.argv[2])
source.backup(target)  # in one step: a single consistent snapshot, writers are not stopped
verdict = target.execute("PRAGMA integrity_check").fetchone()[0]
target.close()
source.close()
sys.exit(0 if verdict == "ok" else f"backup.sh: the copy fails its integrity check: {verdict}")
PY
    ;;
  *)
    echo "backup.sh: DATABASE_URL is neither postgresql nor sqlite:///" >&2
    exit 1
    ;;
esac
mv "$out.part" "$out"
if [ -d instance ]; then
  tar -czf "$dir/seminario-$stamp-instance.tar.gz" \
    --exclude='*.sqlite3' --exclude='*.sqlite3-*' --exclude='.cache' instance
fi
find "$dir" -name 'seminario-*' -mtime +"${BACKUP_KEEP_DAYS:-14}" -delete
echo "$out"
