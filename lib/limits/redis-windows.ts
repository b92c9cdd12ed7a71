// A key's limit windows in Redis, checked and taken by ONE Lua script per request (atomic on
// the Redis server, so two processes can never both take the last slot):
//   {k}:req  sorted set of request times (ms) — the exact sliding window of SlidingLog;
//   {k}:tok  hash second → tokens — the 61 one-second buckets of TokenWindow (corrections
//            at settlement land in the bucket of the request's second, as in process);
//   {k}:conc sorted set of in-flight slots scored by when their lease ends: a slot is given
//            back by ZREM after the response; a dead process's slots lapse on their own.
// Time is Redis's clock (TIME), so instances with skewed clocks count one window.
// `{keyId}` is a hash tag: the three keys live on one Redis Cluster slot.
import { LuaScript, redisLink, type RedisLink } from "@/lib/redis";
import { WINDOW_MS } from "@/lib/limits/refusals";

/** A slot outlives its request only when the process died; longer than any request may run. */
export const SLOT_LEASE_MS = 15 * 60_000;

const TAKE = new LuaScript(`
local rpm, tpm, conc = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local countReq, takeSlot, tokens = ARGV[4] == '1', ARGV[5] == '1', tonumber(ARGV[6])
local member, lease, window = ARGV[7], tonumber(ARGV[8]), tonumber(ARGV[9])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if takeSlot and conc >= 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
  local n = redis.call('ZCARD', KEYS[3])
  if n >= conc then return {1, n} end
end
local reqCount, reqReset = 0, 0
if rpm >= 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
  reqCount = redis.call('ZCARD', KEYS[1])
  if reqCount > 0 then
    local newest = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
    reqReset = math.max(1, tonumber(newest[2]) + window - now)
  end
  if countReq and reqCount >= rpm then
    local e = redis.call('ZRANGE', KEYS[1], reqCount - rpm, reqCount - rpm, 'WITHSCORES')
    return {2, math.max(1, tonumber(e[2]) + window - now), reqReset}
  end
end
local used, tokReset = 0, 0
if tpm >= 0 then
  local nowSec = math.floor(now / 1000)
  local flat = redis.call('HGETALL', KEYS[2])
  local secs, amounts, sum = {}, {}, 0
  for i = 1, #flat, 2 do
    local s, a = tonumber(flat[i]), tonumber(flat[i + 1])
    if s > nowSec - 61 then
      secs[#secs + 1] = s
      amounts[s] = a
      sum = sum + a
    else
      redis.call('HDEL', KEYS[2], flat[i])
    end
  end
  table.sort(secs)
  used = math.max(0, sum)
  for i = #secs, 1, -1 do
    if amounts[secs[i]] > 0 then tokReset = math.max(1, (secs[i] + 61) * 1000 - now) break end
  end
  if tokens > tpm then return {4, used, tokReset} end
  if used + tokens > tpm then
    local left, wait = used, math.max(1, (nowSec + 61) * 1000 - now)
    for i = 1, #secs do
      left = left - amounts[secs[i]]
      if left + tokens <= tpm then wait = math.max(1, (secs[i] + 61) * 1000 - now) break end
    end
    return {3, wait, used, tokReset}
  end
  if tokens ~= 0 then
    redis.call('HINCRBY', KEYS[2], nowSec, tokens)
    redis.call('PEXPIRE', KEYS[2], 62000)
    used = used + tokens
    if tokens > 0 then tokReset = math.max(1, (nowSec + 61) * 1000 - now) end
  end
end
if takeSlot and conc >= 0 then
  redis.call('ZADD', KEYS[3], now + lease, member)
  redis.call('PEXPIRE', KEYS[3], lease)
end
if countReq and rpm >= 0 then
  redis.call('ZADD', KEYS[1], now, member)
  redis.call('PEXPIRE', KEYS[1], window)
  reqCount = reqCount + 1
  reqReset = window
end
return {0, reqCount, reqReset, used, tokReset}
`);

// A correction: more tokens count now; fewer go back in the bucket of the request's second,
// unless that second has left the window (as TokenWindow.add does).
const SETTLE = new LuaScript(`
local delta, at = tonumber(ARGV[1]), tonumber(ARGV[2])
local t = redis.call('TIME')
local nowSec = tonumber(t[1])
local sec = delta > 0 and nowSec or math.floor(at / 1000)
if sec <= nowSec - 61 then return 0 end
redis.call('HINCRBY', KEYS[1], sec, delta)
redis.call('PEXPIRE', KEYS[1], 62000)
return 1
`);

export type WindowLimits = { rpm: number | null; tpm: number | null; concurrency: number | null };
export type WindowTake = { request: boolean; slot: boolean; tokens: number };

export type TakeResult =
  | { status: "admitted"; requests: number; requestsResetMs: number; tokensUsed: number; tokensResetMs: number }
  | { status: "concurrency"; inFlight: number }
  | { status: "requests"; waitMs: number; resetMs: number }
  | { status: "tokens"; waitMs: number; used: number; resetMs: number };

const keysOf = (keyId: string) => [`sy:lim:{${keyId}}:req`, `sy:lim:{${keyId}}:tok`, `sy:lim:{${keyId}}:conc`];
const limitArg = (v: number | null) => (v === null ? -1 : v);

function num(v: unknown): number {
  if (typeof v !== "number") throw new Error("unexpected reply from the limits script");
  return v;
}

/** One round trip: checks every limit of the key and takes them all, or none. */
export async function takeInRedis(
  link: RedisLink, keyId: string, limits: WindowLimits, take: WindowTake, member: string,
): Promise<TakeResult> {
  const reply = await link.run(TAKE, keysOf(keyId), [
    limitArg(limits.rpm), limitArg(limits.tpm), limitArg(limits.concurrency),
    take.request ? 1 : 0, take.slot ? 1 : 0, take.tokens, member, SLOT_LEASE_MS, WINDOW_MS,
  ]);
  if (!Array.isArray(reply)) throw new Error("unexpected reply from the limits script");
  const r = reply.map(num);
  switch (r[0]) {
    case 0: return { status: "admitted", requests: r[1]!, requestsResetMs: r[2]!, tokensUsed: r[3]!, tokensResetMs: r[4]! };
    case 1: return { status: "concurrency", inFlight: r[1]! };
    case 2: return { status: "requests", waitMs: r[1]!, resetMs: r[2]! };
    case 3: return { status: "tokens", waitMs: r[1]!, used: r[2]!, resetMs: r[3]! };
    case 4: return { status: "tokens", waitMs: Infinity, used: r[1]!, resetMs: r[2]! };
    default: throw new Error("unexpected reply from the limits script");
  }
}

/** Gives a concurrency slot back (after the response). A failure leaves it to its lease. */
export function releaseSlotInRedis(link: RedisLink, keyId: string, member: string): void {
  link.client.zrem(keysOf(keyId)[2]!, member).catch(() => undefined);
}

/**
 * A take whose answer never came (timeout) may still have run: drop its request and slot
 * entries, fire and forget, so a slot does not stay taken for its whole lease.
 */
export function forgetTakeInRedis(link: RedisLink, keyId: string, member: string): void {
  const [req, , conc] = keysOf(keyId);
  link.client.zrem(req!, member).catch(() => undefined);
  link.client.zrem(conc!, member).catch(() => undefined);
}

/** A TPM correction at settlement (after the response; fire and forget). */
export function settleTokensInRedis(keyId: string, delta: number, at: number, link: RedisLink | null = redisLink()): void {
  if (!link?.up || delta === 0) return;
  link.run(SETTLE, [keysOf(keyId)[1]!], [delta, at]).catch(() => undefined);
}
