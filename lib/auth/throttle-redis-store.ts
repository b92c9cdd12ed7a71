// The throttle store shared by every process through Redis (REDIS_URL): sign-up windows and
// sign-in failure counters count across workers and instances. `update` is an optimistic
// compare-and-set: GET, compute the change in JS, then a Lua script writes it only if the value
// is still the one read (else read again). Values carry their own expiry, judged by the
// caller's `now` as the in-memory store does; Redis's PX only cleans up.
// Redis down or failing: this process's memory store answers (fail open, counted), as on one server.
import { countFailOpen, LuaScript, type RedisLink } from "@/lib/redis";
import type { StoreChange, ThrottleStore } from "@/lib/auth/throttle-types";

const CAS = new LuaScript(`
local cur = redis.call('GET', KEYS[1])
if (cur or '') ~= ARGV[1] then return 0 end
if ARGV[2] == 'del' then redis.call('DEL', KEYS[1]) else redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4]) end
return 1
`);

/** Writers racing on one key retry; past this many, the store gives up and fails open. */
const MAX_ATTEMPTS = 20;

type Stored<T> = { v: T; until: number };

export class RedisThrottleStore<T> implements ThrottleStore<T> {
  constructor(
    private readonly name: string,
    private readonly link: () => RedisLink | null,
    private readonly fallback: ThrottleStore<T>,
  ) {}

  async update(key: string, change: (current: T | undefined) => StoreChange<T>, now: number): Promise<void> {
    const link = this.link();
    if (!link?.up) {
      countFailOpen();
      return this.fallback.update(key, change, now);
    }
    const redisKey = `sy:thr:${this.name}:${key}`;
    try {
      for (let i = 0; i < MAX_ATTEMPTS; i++) {
        const raw = await link.client.get(redisKey);
        const stored = raw === null ? null : (JSON.parse(raw) as Stored<T>);
        const next = change(stored && stored.until >= now ? stored.v : undefined);
        if (next === null) return;
        const args = "delete" in next
          ? [raw ?? "", "del", "", 0]
          : [raw ?? "", "set", JSON.stringify({ v: next.value, until: now + next.ttlMs } satisfies Stored<T>), Math.max(1, Math.ceil(next.ttlMs))];
        if ((await link.run(CAS, [redisKey], args)) === 1) return;
      }
      throw new Error(`throttle store: ${MAX_ATTEMPTS} conflicting writers on one key`);
    } catch {
      countFailOpen();
      return this.fallback.update(key, change, now);
    }
  }
}
