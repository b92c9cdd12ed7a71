// Database errors the callers act on.

/** A unique-constraint violation, from pg (SQLSTATE 23505) or Prisma (P2002, or wrapped in P2010). */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== "object" || err === null) return false;
  const e = err as { code?: string; meta?: { code?: string }; cause?: unknown; message?: string };
  // P2002 = Prisma's own "Unique constraint failed" (model queries such as user.create).
  if (e.code === "23505" || e.code === "P2002" || e.meta?.code === "23505") return true;
  // Prisma raw queries wrap the driver error (P2010) and keep the SQLSTATE in the message.
  if (e.code === "P2010" && typeof e.message === "string" && e.message.includes("23505")) return true;
  return e.cause !== undefined && isUniqueViolation(e.cause);
}
