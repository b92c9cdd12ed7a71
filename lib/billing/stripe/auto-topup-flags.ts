// Which accounts have auto top-up on: a short-TTL in-memory flag per account, so the check
// after every charge costs nothing for the (many) accounts without it.
import { pool } from "@/lib/db";
import { sharedTtlCache } from "@/lib/shared-state";

const TTL_MS = 30_000;
const flags = sharedTtlCache<boolean>("autoTopUpFlags", 50_000);

/** The cached flag, or undefined when it must be read. */
export function cachedAutoTopUpFlag(userId: string, now: number): boolean | undefined {
  return flags.get(userId, now);
}

export async function autoTopUpEnabled(userId: string, now: number): Promise<boolean> {
  const cached = flags.get(userId, now);
  if (cached !== undefined) return cached;
  const { rows } = await pool().query<{ enabled: boolean }>({ name: "auto_topup_flag", text: "SELECT enabled FROM auto_top_ups WHERE user_id = $1", values: [userId] });
  const enabled = rows[0]?.enabled === true;
  flags.set(userId, enabled, TTL_MS, now);
  return enabled;
}

/** Settings changed (or a failure disabled it): re-read on the next check. */
export function forgetAutoTopUp(userId: string): void {
  flags.delete(userId);
}
