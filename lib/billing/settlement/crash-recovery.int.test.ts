// Crash recovery (issue #16): the API door runs in a child process (lib/testing/api-child.ts);
// 200 requests from three accounts — JSON and streams, both wire formats, 0.4–1.4 s each —
// are in flight when it is killed with SIGKILL. A new incarnation on the same port then
// must find: balance = Σ ledger and held = Σ holds for every account, no request charged
// twice, the dead process's holds already given back when it starts serving (other servers'
// holds: within HOLD_TTL + one sweep), and only responses finished in the last moments
// before the kill left unbilled (the charge writer's batch interval, CHARGE_FLUSH_MS).
import { describe, expect, it } from "vitest";
import { CHARGE_FLUSH_MS } from "@/lib/billing/settlement/charge-batching";
import { HOLD_TTL_SECONDS } from "@/lib/sql/credit-holds";
import { pool } from "@/lib/sql/pool";
import { SIGNUP_UNITS, balanceOf, ledgerSum, sleep, useGatewayEmulator } from "@/lib/testing/chat-harness";
import { startApiChild } from "@/lib/testing/api-child-process";
import { createTestUser } from "@/lib/testing/fixtures";
import { freePort } from "@/scripts/lib/postgres";

const N = 200;
/** Kill once this many responses are complete: the rest (~140) are in flight. */
const KILL_AFTER = 60;
/**
 * Asserted bound on how long before the kill an unbilled response may have finished: the
 * batch interval, plus a batch that was being written when the kill came (~100–200 ms).
 */
const UNBILLED_WINDOW_MS = CHARGE_FLUSH_MS + 750;

useGatewayEmulator({
  // sim/gpt and sim/claude (emu-chat): first token after 200 ms, then 40 tokens/s.
  setup: (emu) => emu.setModel("emu-chat", { ttftMs: 200, tokensPerSecond: 40 }),
});

type Outcome = { requestId: string | null; complete: boolean; doneAt: number };

function planFor(i: number): { path: string; body: Record<string, unknown>; stream: boolean } {
  const max = 8 + ((i * 7) % 41); // 8–48 output tokens: 0.4–1.4 s
  const messages = [{ role: "user", content: `crash test request ${i}` }];
  switch (i % 4) {
    case 0: return { path: "/v1/chat/completions", stream: false, body: { model: "sim/gpt", max_tokens: max, messages } };
    case 1: return { path: "/v1/chat/completions", stream: true,
      body: { model: "sim/gpt", max_tokens: max, messages, stream: true, stream_options: { include_usage: true } } };
    case 2: return { path: "/v1/messages", stream: true, body: { model: "sim/claude", max_tokens: max, messages, stream: true } };
    default: return { path: "/v1/messages", stream: false, body: { model: "sim/claude", max_tokens: max, messages } };
  }
}

/** Sends one request; `complete` when the whole answer arrived (a stream's terminal event). */
async function send(url: string, key: string, i: number): Promise<Outcome> {
  const plan = planFor(i);
  let requestId: string | null = null;
  try {
    const res = await fetch(url + plan.path, {
      method: "POST", body: JSON.stringify(plan.body),
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "anthropic-version": "2023-06-01" },
    });
    requestId = res.headers.get("x-request-id");
    const text = await res.text();
    const complete = res.status === 200 && (plan.stream ? /data: \[DONE\]|event: message_stop/.test(text) : JSON.parse(text) !== null);
    return { requestId, complete, doneAt: Date.now() };
  } catch {
    return { requestId, complete: false, doneAt: Date.now() }; // the server died under it
  }
}

async function holdsOf(holder: string): Promise<Array<{ amount: bigint; withinTtl: boolean }>> {
  const { rows } = await pool().query<{ amount: string; within: boolean }>(
    `SELECT amount::text, expires_at <= now() + make_interval(secs => $2) AS within FROM credit_holds WHERE holder = $1`,
    [holder, HOLD_TTL_SECONDS]);
  return rows.map((r) => ({ amount: BigInt(r.amount), withinTtl: r.within }));
}

/** Ids of `ids` that have a request log (and so their charge: both are written together). */
async function loggedIds(ids: string[]): Promise<Set<string>> {
  const { rows } = await pool().query<{ id: string }>("SELECT id FROM request_logs WHERE id = ANY($1::text[])", [ids]);
  return new Set(rows.map((r) => r.id));
}

async function expectReconciled(userIds: string[]): Promise<void> {
  for (const userId of userIds) {
    expect(await balanceOf(userId)).toBe(await ledgerSum(userId));
    const { rows } = await pool().query<{ held: string; holds: string }>(
      `SELECT held::text, (SELECT coalesce(sum(amount), 0) FROM credit_holds WHERE user_id = $1)::text AS holds
       FROM users WHERE id = $1`, [userId]);
    expect(rows[0]!.held).toBe(rows[0]!.holds);
  }
  const { rows: twice } = await pool().query(
    `SELECT source_id FROM ledger_entries WHERE kind = 'charge' AND user_id = ANY($1::text[])
     GROUP BY source_id HAVING count(*) > 1`, [userIds]);
  expect(twice).toEqual([]);
}

describe("kill -9 during 200 in-flight requests", () => {
  it("restarts with reconciled accounts, no double charge, the dead holds back at once, and a bounded unbilled window", async () => {
    const users = await Promise.all([createTestUser(), createTestUser(), createTestUser()]);
    const userIds = users.map((u) => u.userId);
    const port = await freePort();
    const first = await startApiChild(port);

    let done = 0;
    let killAt = 0;
    const outcomes = await Promise.all(Array.from({ length: N }, async (_, i) => {
      const o = await send(first.url, users[i % users.length]!.key, i);
      if (o.complete && ++done >= KILL_AFTER && !killAt) {
        first.proc.kill("SIGKILL");
        killAt = Date.now();
      }
      return o;
    }));
    expect(killAt).toBeGreaterThan(0);
    await first.exited;

    // What the dead process left: its holds, none set to outlive HOLD_TTL.
    const deadHolds = await holdsOf(first.holder);
    expect(deadHolds.length).toBeGreaterThan(0);
    expect(deadHolds.every((h) => h.withinTtl)).toBe(true);

    const second = await startApiChild(port);
    const recoveredMs = Date.now() - killAt;
    expect(second.holder).not.toBe(first.holder);
    expect(second.holder.split("~")[0]).toBe(first.holder.split("~")[0]); // same instance, new incarnation
    expect(second.releasedHolds).toBe(deadHolds.length);
    expect(await holdsOf(first.holder)).toEqual([]);
    await expectReconciled(userIds);

    // Billing vs what the clients received.
    const ids = outcomes.flatMap((o) => (o.requestId ? [o.requestId] : []));
    const logged = await loggedIds(ids);
    const completed = outcomes.filter((o) => o.complete);
    const unbilled = completed.filter((o) => !logged.has(o.requestId!));
    const chargedIncomplete = outcomes.filter((o) => !o.complete && o.requestId && logged.has(o.requestId)).length;
    const lastUnbilledMs = Math.max(0, ...unbilled.map((o) => killAt - o.doneAt));
    const held = deadHolds.reduce((s, h) => s + h.amount, 0n);
    console.log(`crash test: ${N} sent, ${completed.length} complete before the kill, ${N - completed.length} cut off; ` +
      `${unbilled.length} complete but unbilled (finished ≤ ${lastUnbilledMs} ms before the kill; bound: the ` +
      `${CHARGE_FLUSH_MS} ms charge batch interval, asserted < ${UNBILLED_WINDOW_MS} ms), ${chargedIncomplete} charged but cut off; ` +
      `${deadHolds.length} dead holds (${held} units) released ${recoveredMs} ms after the kill, by the restart ` +
      `(other servers' holds: ≤ ${HOLD_TTL_SECONDS} s TTL + 15 s sweep)`);
    expect(completed.length).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(completed.length).toBeLessThan(N);
    for (const o of unbilled) expect(killAt - o.doneAt).toBeLessThan(UNBILLED_WINDOW_MS);
    // Every charge belongs to a request we sent, and its amount left the balance.
    const { rows: charges } = await pool().query<{ source_id: string }>(
      "SELECT source_id FROM ledger_entries WHERE kind = 'charge' AND user_id = ANY($1::text[])", [userIds]);
    expect(charges.every((c) => logged.has(c.source_id))).toBe(true);
    expect(charges.length).toBe(logged.size);

    // The new incarnation bills normally and gives its holds back on a clean stop.
    const after = await Promise.all(users.map((u, i) => send(second.url, u.key, i * 4)));
    expect(after.every((o) => o.complete)).toBe(true);
    const afterIds = after.map((o) => o.requestId!);
    for (let t = 0; (await loggedIds(afterIds)).size < afterIds.length; t++) {
      if (t > 200) throw new Error("the restarted server never logged its requests");
      await sleep(25);
    }
    await second.stop();
    expect(await holdsOf(second.holder)).toEqual([]);
    await expectReconciled(userIds);
    for (const userId of userIds) expect(await balanceOf(userId)).toBeLessThan(SIGNUP_UNITS);
  });
});
