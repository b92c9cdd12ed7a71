// The smallest query interface shared by the hot path (pg Pool, prepared statements) and
// Prisma transactions, so money-moving SQL is written once.
import type pg from "pg";
import type { Prisma } from "@/lib/generated/prisma/client";

export type Sql = <T extends Record<string, unknown>>(text: string, values: unknown[], name?: string) => Promise<T[]>;

/** A pool, or one client of it (inside a transaction). */
export function sqlFromPool(pool: pg.Pool | pg.PoolClient): Sql {
  return async <T extends Record<string, unknown>>(text: string, values: unknown[], name?: string) =>
    (await pool.query<T>({ text, values, name })).rows;
}

export function sqlFromPrisma(tx: Prisma.TransactionClient): Sql {
  return <T extends Record<string, unknown>>(text: string, values: unknown[]) =>
    tx.$queryRawUnsafe<T[]>(text, ...values);
}

export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== "object" || err === null) return false;
  const e = err as { code?: string; meta?: { code?: string }; cause?: unknown; message?: string };
  // P2002 = Prisma's own "Unique constraint failed" (model queries such as user.create).
  if (e.code === "23505" || e.code === "P2002" || e.meta?.code === "23505") return true;
  // Prisma raw queries wrap the driver error (P2010) and keep the SQLSTATE in the message.
  if (e.code === "P2010" && typeof e.message === "string" && e.message.includes("23505")) return true;
  return e.cause !== undefined && isUniqueViolation(e.cause);
}
