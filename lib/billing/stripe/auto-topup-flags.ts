// Which accounts have auto top-up on: a short-TTL in-memory flag per account, so the check
// after every charge costs nothing for the (many) accounts without it.
import { sharedTtlCache } from "@/lib/shared-state";
import { autoTopUpFlag } from "@/lib/sql/auto-top-ups";

const TTL_MS = 30_000;
const flags = sharedTtlCache<boolean>("autoTopUpFlags", 50_000);

/** The cached flag, or undefined when it must be read. */
export function cachedAutoTopUpFlag(userId: string, now: number): boolean | undefined {
  return flags.get(userId, now);
}

export async function autoTopUpEnabled(userId: string, now: number): Promise<boolean> {
  const cached = flags.get(userId, now);
  if (cached !== undefined) return cached;
  const enabled = await autoTopUpFlag(userId);
  flags.set(userId, enabled, TTL_MS, now);
  return enabled;
}

/** Settings changed (or a failure disabled it): re-read on the next check. */
export function forgetAutoTopUp(userId: string): void {
  flags.delete(userId);
}
