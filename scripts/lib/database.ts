// One place that decides which database the scripts use: DATABASE_URL when set, else the
// embedded cluster under .data/ (port PG_PORT, default 54329).
import path from "node:path";
import { startLocalPostgres, type PgInstance } from "./postgres";

export const EMBEDDED_PORT = Number(process.env.PG_PORT ?? 54329);

export async function openDatabase(): Promise<{ url: string; embedded: PgInstance | null }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, embedded: null };
  const embedded = await startLocalPostgres({
    root: path.resolve(".data/postgres"),
    port: EMBEDDED_PORT,
    database: "switchyard",
  });
  return { url: embedded.url, embedded };
}

export async function withDatabase(fn: (url: string) => Promise<void>): Promise<void> {
  const { url, embedded } = await openDatabase();
  try {
    await fn(url);
  } finally {
    embedded?.stop();
  }
}
