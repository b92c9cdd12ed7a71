// Key budgets shared through Redis (REDIS_URL): every process reserves from, and settles into,
// one live counter per key (the scripts and the layout: budget-lua.ts), so N processes or
// instances together never spend more than the budget. Postgres stays the source of truth: a
// key's state is seeded from its charges (keySpendSince) by the first process that needs it,
// set only if absent, and forgotten by Redis after STATE_TTL_MS without use.
// - take: ONE round trip per request of a budgeted key (two on its first request: the script
//   asks for the seed, then sets it and reserves in the same call);
// - settle / shrink / release: fire and forget after the response; a settle that fails is
//   retried for a while (a reservation it could not end lapses with its lease anyway);
// - a reservation is leased (RESERVATION_LEASE_MS): a dead process's reservations are swept by the
//   next take, so a crash does not freeze a budget.
// Errors (Redis down, timeout) reject; budget-holds.ts then counts this request in process.
import { randomBytes } from "node:crypto";
import { Command } from "ioredis";
import type { LuaScript, RedisLink } from "@/lib/redis";
import { keySpendSince, type KeySpend } from "@/lib/sql/api-keys";
import { flushCharges } from "@/lib/billing/settlement/charge-writer";
import { SETTLE_BUDGET, SHRINK_BUDGET, TAKE_BUDGET, budgetKeys } from "@/lib/billing/settlement/budget-lua";
import { dayStart, monthStart, type BudgetLeft, type BudgetName, type BudgetedKey } from "@/lib/billing/settlement/budget-window";

/** A reservation outlives its request only when its process died (as the limits' slots). */
export const RESERVATION_LEASE_MS = 15 * 60_000;
/** An idle key's state lives this long past its last use (longer than any reservation's lease). */
export const STATE_TTL_MS = RESERVATION_LEASE_MS + 10 * 60_000;
const SETTLE_RETRIES = 30;
/**
 * A take waits this long for Redis, not the link's 100 ms: a timeout falls back to a per-process
 * budget (an overspend across processes), and under load a busy event loop alone can hold a
 * reply past 100 ms (measured: the two-worker e2e test timed out 20 takes at once, 144 % spent).
 * A Redis that is down fails at once (no offline queue), so this costs nothing then. Settlements
 * (after the response) wait as long: a timed-out one is retried and may count twice.
 */
export const TAKE_TIMEOUT_MS = 1_000;
const RETRY_EVERY_MS = 1_000;

/** A reservation counted in Redis; end it with SharedBudgets.settle. */
export type SharedReservation = {
  readonly kind: "shared";
  readonly owner: SharedBudgets;
  readonly keyId: string;
  readonly member: string;
  readonly day: number;
  readonly month: number;
  readonly amount: bigint;
};

export type SharedTake = { taken: SharedReservation } | { exhausted: BudgetLeft };

/** The state of a key's budget in Redis (tests, reconciliation). */
export type SharedBudgetState = {
  day: number; month: number; spentDay: bigint; spentMonth: bigint; spentTotal: bigint;
  heldDay: bigint; heldMonth: bigint; heldTotal: bigint; reservations: number;
};

const NAMES: readonly BudgetName[] = ["daily", "monthly", "total"];
const limitArg = (v: bigint | null) => (v === null ? "" : v.toString());

function bigOf(v: unknown): bigint {
  if (typeof v !== "string" && typeof v !== "number") throw new Error("unexpected reply from the budget script");
  return BigInt(v);
}

/** RedisLink.run with its own deadline (a timer set first overrides the link's default command timeout). */
async function runWithin(link: RedisLink, script: LuaScript, keys: string[], args: string[], timeoutMs: number): Promise<unknown> {
  const send = (name: "evalsha" | "eval", body: string): Promise<unknown> => {
    const cmd = new Command(name, [body, keys.length, ...keys, ...args], { replyEncoding: "utf8" });
    cmd.setTimeout(timeoutMs);
    return link.client.sendCommand(cmd) as Promise<unknown>;
  };
  try {
    return await send("evalsha", script.sha);
  } catch (err) {
    if (!(err instanceof Error) || !err.message.startsWith("NOSCRIPT")) throw err;
    return await send("eval", script.source);
  }
}

export class SharedBudgets {
  // Unique reservation members: a process tag and a counter.
  private readonly tag = `${process.pid.toString(36)}.${randomBytes(4).toString("hex")}.`;
  private seq = 0;
  private readonly seeding = new Map<string, Promise<KeySpend>>();

  /** `leaseMs`: tests shorten it to watch a dead process's reservations lapse. */
  constructor(readonly link: RedisLink, private readonly leaseMs = RESERVATION_LEASE_MS) {}

  /** Reserves `full`, or the tightest budget's remainder when it is at least `minimal` (> 0). */
  async take(key: BudgetedKey, full: bigint, minimal: bigint, day: number, month: number): Promise<SharedTake> {
    const member = this.tag + (this.seq++).toString(36);
    const cfg = `${limitArg(key.budgetDaily)}|${limitArg(key.budgetMonthly)}|${limitArg(key.budgetTotal)}`;
    const args: string[] = [
      String(day), String(month), cfg, limitArg(key.budgetDaily), limitArg(key.budgetMonthly), limitArg(key.budgetTotal),
      full.toString(), minimal.toString(), member, String(this.leaseMs), String(STATE_TTL_MS),
    ];
    let reply;
    try {
      reply = await runWithin(this.link, TAKE_BUDGET, budgetKeys(key.keyId), args, TAKE_TIMEOUT_MS);
      if (Array.isArray(reply) && reply[0] === 1) {
        const spent = await this.seed(key, day, month);
        reply = await runWithin(this.link, TAKE_BUDGET, budgetKeys(key.keyId), [
          ...args, spent.today.toString(), spent.month.toString(), spent.total.toString(),
        ], TAKE_TIMEOUT_MS);
      }
    } catch (err) {
      // A take whose answer never came may still have run: give it back (no-op otherwise).
      this.end(key.keyId, member, 0n, day, month, 0);
      throw err;
    }
    if (!Array.isArray(reply)) throw new Error("unexpected reply from the budget script");
    if (reply[0] === 0) {
      return { taken: {
        kind: "shared", owner: this, keyId: key.keyId, member, amount: bigOf(reply[1]), day: Number(reply[2]), month: Number(reply[3]),
      } };
    }
    if (reply[0] === 2) {
      const budget = NAMES[Number(reply[2]) - 1];
      if (!budget) throw new Error("unexpected reply from the budget script");
      return { exhausted: { amount: bigOf(reply[1]), budget, limit: bigOf(reply[3]) } };
    }
    throw new Error("unexpected reply from the budget script");
  }

  /** Ends a reservation at `charge` (≤ its amount): after the response, no await. */
  settle(r: SharedReservation, charge: bigint): void {
    this.end(r.keyId, r.member, charge, r.day, r.month, SETTLE_RETRIES);
  }

  /** A charge of a request this process counted alone (Redis was down): adds it to the shared spend. */
  addSpend(keyId: string, charge: bigint, day: number, month: number): void {
    if (charge > 0n) this.end(keyId, "", charge, day, month, SETTLE_RETRIES);
  }

  /** Gives back the part of a reservation above `amount` (fire and forget: settle ends it anyway). */
  shrink(r: SharedReservation, amount: bigint): SharedReservation {
    this.link.run(SHRINK_BUDGET, budgetKeys(r.keyId), [r.member, amount.toString()]).catch(() => undefined);
    return Object.assign({}, r, { amount });
  }

  async state(keyId: string): Promise<SharedBudgetState | null> {
    const [k, lease] = budgetKeys(keyId) as [string, string, string];
    const v = await this.link.client.hmget(k, "day", "month", "sd", "sm", "st", "hd", "hm", "ht");
    if (v[0] === null) return null;
    const b = (i: number) => BigInt(v[i] ?? "0");
    return {
      day: Number(v[0]), month: Number(v[1]), spentDay: b(2), spentMonth: b(3), spentTotal: b(4),
      heldDay: b(5), heldMonth: b(6), heldTotal: b(7), reservations: await this.link.client.zcard(lease),
    };
  }

  private end(keyId: string, member: string, charge: bigint, day: number, month: number, retries: number): void {
    const args = [member, charge.toString(), String(day), String(month), String(STATE_TTL_MS)];
    const attempt = (left: number): void => {
      runWithin(this.link, SETTLE_BUDGET, budgetKeys(keyId), args, TAKE_TIMEOUT_MS).catch(() => {
        // A timed-out settle may have run: retrying may count a charge twice (refusing early,
        // never overspending); a lost one would let the budget be overspent by it.
        if (left > 0) setTimeout(() => attempt(left - 1), RETRY_EVERY_MS).unref();
      });
    };
    attempt(retries);
  }

  /** The key's spend from Postgres, one read per key at a time in this process. */
  private seed(key: BudgetedKey, day: number, month: number): Promise<KeySpend> {
    const id = `${key.keyId}:${day}`;
    let p = this.seeding.get(id);
    if (!p) {
      p = (async () => {
        await flushCharges(); // this process's queued charges of the key belong in the seed
        return keySpendSince(key.userId, key.keyId, dayStart(day), monthStart(month));
      })().finally(() => this.seeding.delete(id));
      this.seeding.set(id, p);
    }
    return p;
  }
}
