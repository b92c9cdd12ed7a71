#!/usr/bin/env bash
# Writes prisma/migrations/<timestamp>_<name>/migration.sql from the difference between the
# schema at a git revision (default HEAD) and the working prisma/schema.prisma.
# Needs a reachable Postgres in DATABASE_URL (any scratch database; nothing is changed).
# Usage: tools/migrate-diff/new-migration.sh add_checkout_sessions [REV]
set -euo pipefail
name=${1:?usage: new-migration.sh NAME [REV]}
rev=${2:-HEAD}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
[ -d "$here/node_modules" ] || (cd "$here" && npm install --no-audit --no-fund)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Prisma 6 wants the URL in the datasource block.
add_url() { sed -e 's/provider = "postgresql"/provider = "postgresql"\n  url      = env("DATABASE_URL")/'; }
add_url < "$root/prisma/schema.prisma" > "$here/schema.prisma"
if git -C "$root" cat-file -e "$rev:prisma/schema.prisma" 2>/dev/null; then
  git -C "$root" show "$rev:prisma/schema.prisma" | add_url > "$work/old.prisma"
  from=(--from-schema-datamodel "$work/old.prisma")
else
  from=(--from-empty)
fi
stub="$root/scripts/schema-engine-unavailable.sh"
out="$root/prisma/migrations/$(date -u +%Y%m%d%H%M%S)_${name}"
mkdir -p "$out"
(cd "$here" && PRISMA_QUERY_ENGINE_LIBRARY="$stub" PRISMA_SCHEMA_ENGINE_BINARY="$stub" \
  npx prisma migrate diff "${from[@]}" --to-schema-datamodel schema.prisma --script) \
  | grep -v -e '^CREATE SCHEMA IF NOT EXISTS "public";$' -e '^Loaded Prisma config' > "$out/migration.sql"
rm -f "$here/schema.prisma"
echo "wrote $out/migration.sql — review it before committing"
