// How breakers reach the other processes (breaker.ts): one Redis pub/sub channel carrying each
// opening and closing. Durations, not timestamps, so hosts with skewed clocks agree on how long
// a breaker stays open. Without REDIS_URL, nothing is sent and nothing is heard.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { redisLink } from "@/lib/redis";

const CHANNEL = "switchyard:breakers";
/** Longest opening a message may ask for (RATE_LIMIT_OPEN_MAX_MS in breaker.ts). */
const MAX_OPEN_MS = 120_000;

const transition = z.object({
  from: z.string(), key: z.string(), account: z.string().nullable(), open: z.boolean(), ms: z.number().int().min(0).max(MAX_OPEN_MS),
});
export type Transition = z.infer<typeof transition>;

export function newOrigin(): string {
  return randomBytes(6).toString("hex");
}

/** Fire and forget: a lost message only means the others find out for themselves. */
export function publishTransition(t: Transition): void {
  const link = redisLink();
  if (link?.up) link.publish(CHANNEL, JSON.stringify(t));
}

export function subscribeTransitions(apply: (t: Transition) => void): void {
  redisLink()?.subscribe(CHANNEL, (raw) => {
    let t: Transition;
    try {
      t = transition.parse(JSON.parse(raw));
    } catch {
      return;
    }
    apply(t);
  });
}
