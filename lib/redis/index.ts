// This process's Redis link: created on first use when REDIS_URL is set, never otherwise, so a
// single server without Redis pays nothing (every caller asks `redisLink()` and gets null).
// Its health is read by /api/metrics (switchyard_redis_up, switchyard_redis_fail_open_total).
import { env } from "@/lib/env";
import { logger } from "@/lib/observability/logger";
import { processSingleton } from "@/lib/shared-state";
import { RedisLink } from "@/lib/redis/link";

export { RedisLink, LuaScript, COMMAND_TIMEOUT_MS } from "@/lib/redis/link";

type State = { link: RedisLink | null; resolved: boolean; failOpen: number };

const state = processSingleton<State>("redisLink", () => ({ link: null, resolved: false, failOpen: 0 }));

/** The process's link, or null without REDIS_URL. */
export function redisLink(): RedisLink | null {
  if (state.resolved) return state.link;
  state.resolved = true;
  const url = env().REDIS_URL;
  if (url) state.link = new RedisLink(url, { log: logger() });
  return state.link;
}

/** Synchronous: Redis configured and answering. */
export function redisUp(): boolean {
  return redisLink()?.up === true;
}

/** A check that should have been shared was made in this process alone (Redis down or failing). */
export function countFailOpen(): void {
  state.failOpen++;
}

export function redisHealth(): { configured: boolean; up: boolean; failOpen: number } {
  return { configured: env().REDIS_URL !== undefined, up: redisUp(), failOpen: state.failOpen };
}

/** Shutdown and tests. */
export async function closeRedis(): Promise<void> {
  const link = state.link;
  state.link = null;
  state.resolved = false;
  await link?.close();
}
