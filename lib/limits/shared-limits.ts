// Per-key limits counted across processes and instances, through Redis (REDIS_URL). The pipeline
// asks `useSharedLimits(key)` (synchronous) and then either awaits ONE `takeSharedLimits` for
// the whole request — concurrency slot, request and tokens in one round trip — or takes the
// in-process limits as before (rate-limiter.ts):
//   - no REDIS_URL, or a key without limits: false, no await — exactly the single-server path;
//   - Redis configured but down: false, and the check is counted as a fail-open;
//   - a Redis call that fails or times out (100 ms): this request falls back to the in-process
//     windows (fail open, counted); sharing resumes by itself once Redis answers again.
// Refusals are the in-process ones, word for word (refusals.ts).
import { randomBytes } from "node:crypto";
import { logger } from "@/lib/observability/logger";
import { countFailOpen, redisLink, type RedisLink } from "@/lib/redis";
import {
  countInFlight, setRateLimitHeaders, takeConcurrencySlot, takeRateLimit, takeTokenLimit, type KeyLimits, type LimitResponse,
} from "@/lib/limits/rate-limiter";
import { concurrencyRefused, requestsRefused, setRequestHeaders, setTokenHeaders, tokensRefused } from "@/lib/limits/refusals";
import { forgetTakeInRedis, releaseSlotInRedis, takeInRedis } from "@/lib/limits/redis-windows";

/** What one request takes: its concurrency slot, one request against RPM, its tokens against TPM. */
export type LimitTake = { slot: boolean; request: boolean; tokens: number };

const hasLimits = (k: KeyLimits) => k.rpmLimit !== null || k.tpmLimit !== null || k.concurrencyLimit !== null;

/** Counts requests across processes through one Redis link (the process's, or a test's). */
export class SharedLimiter {
  // Unique members for the sorted sets: a process tag and a counter (no allocation of randomness per request).
  private readonly tag = `${process.pid.toString(36)}.${randomBytes(4).toString("hex")}.`;
  private seq = 0;

  constructor(private readonly link: () => RedisLink | null) {}

  /** Whether this key's limits are counted in Redis now. Counts a fail-open when Redis is configured but down. */
  use(key: KeyLimits): boolean {
    if (!hasLimits(key)) return false;
    const link = this.link();
    if (!link) return false;
    if (link.up) return true;
    countFailOpen();
    return false;
  }

  async take(key: KeyLimits, res: LimitResponse, take: LimitTake): Promise<void> {
    const link = this.link();
    const member = this.tag + (this.seq++).toString(36);
    const limits = { rpm: key.rpmLimit, tpm: key.tpmLimit, concurrency: key.concurrencyLimit };
    const wanted = { slot: take.slot && limits.concurrency !== null, request: take.request, tokens: limits.tpm === null ? 0 : take.tokens };
    if (!wanted.slot && !wanted.request && wanted.tokens === 0) return; // nothing to count
    let r;
    try {
      if (!link) throw new Error("redis is not configured");
      r = await takeInRedis(link, key.keyId, limits, wanted, member);
    } catch (err) {
      if (link?.up) forgetTakeInRedis(link, key.keyId, member);
      countFailOpen();
      logger().debug({ err: String(err) }, "shared limits unavailable: counting in this process");
      takeLocally(key, res, take);
      return;
    }
    switch (r.status) {
      case "concurrency": throw concurrencyRefused(r.inFlight, limits.concurrency!);
      case "requests": throw requestsRefused(limits.rpm!, r.waitMs, r.resetMs);
      case "tokens": throw tokensRefused(limits.tpm!, wanted.tokens, r.used, r.waitMs, r.resetMs);
      case "admitted":
        if (wanted.slot) {
          res.after(() => releaseSlotInRedis(link, key.keyId, member));
          countInFlight(key.keyId, res);
        }
        if (res.headersSent === true) return; // a later stage of an orchestration call
        if (limits.rpm !== null) setRequestHeaders(res, limits.rpm, r.requests, r.requestsResetMs);
        if (limits.tpm !== null) setTokenHeaders(res, limits.tpm, r.tokensUsed, r.tokensResetMs);
    }
  }
}

function takeLocally(key: KeyLimits, res: LimitResponse, take: LimitTake): void {
  if (take.slot) takeConcurrencySlot(key, res);
  if (take.request) takeRateLimit(key.keyId, { rpm: key.rpmLimit, tpm: key.tpmLimit }, take.tokens);
  else takeTokenLimit(key.keyId, key.tpmLimit, take.tokens);
  setRateLimitHeaders(key, res);
}

const processLimiter = new SharedLimiter(redisLink);

/** Synchronous: count this request's limits in Redis (then await takeSharedLimits) or in process. */
export function useSharedLimits(key: KeyLimits): boolean {
  return processLimiter.use(key);
}

/**
 * Checks and takes the request's limits in one Redis round trip, or throws the 429 having
 * taken nothing; sets the x-ratelimit-* headers; gives the slot back after the response.
 */
export function takeSharedLimits(key: KeyLimits, res: LimitResponse, take: LimitTake): Promise<void> {
  return processLimiter.take(key, res, take);
}
