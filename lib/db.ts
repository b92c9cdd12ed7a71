// Prisma: the dashboard's and CRUD's way to the database. It runs over the process's one pg
// Pool (lib/sql/pool.ts) through its driver adapter. Raw SQL — the hot path and the rollup
// aggregations — lives in lib/sql/ (docs/architecture.md, "Data access").
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { closePool, pool } from "@/lib/sql/pool";

const globalForDb = globalThis as unknown as { __switchyardPrisma?: PrismaClient };

export function db(): PrismaClient {
  // Kept on globalThis so Next's dev hot reload does not open a new client per edit.
  globalForDb.__switchyardPrisma ??= new PrismaClient({ adapter: new PrismaPg(pool()) });
  return globalForDb.__switchyardPrisma;
}

/** Disconnects Prisma and ends the pool (scripts and tests, at exit). */
export async function closeDb(): Promise<void> {
  const prisma = globalForDb.__switchyardPrisma;
  globalForDb.__switchyardPrisma = undefined;
  if (prisma) await prisma.$disconnect();
  await closePool();
}
