#!/bin/sh
# Stand-in for Prisma's native schema engine, which cannot be downloaded offline.
# Migrations are applied by `npm run db:migrate` (scripts/migrate.ts); see README "Migrations".
echo "Prisma schema engine unavailable offline: use 'npm run db:migrate' to apply migrations (README: Migrations)." >&2
exit 1
