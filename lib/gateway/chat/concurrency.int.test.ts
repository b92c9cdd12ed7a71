// The billing invariant under load (SPEC §4): 200 concurrent requests from ONE account through
// both doors — streams and not, both wire formats, failing models, cut streams, client
// aborts, and big reservations of which only some fit (the others capped to what is left:
// issue #20.4, or 402 below a minimal answer) — leave balance = sum(ledger) ≥ 0,
// exactly one reservation and one release-or-refund per admitted request, none for a 402,
// and total charged = sum of logged cost_units.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorHandle } from "@/emulator/server";
import { applyLedgerEntry } from "@/lib/billing/ledger";
import { sqlFromPool } from "@/lib/sql/executor";
import { closeDb } from "@/lib/db";
import { pool } from "@/lib/sql/pool";
import { resetBreakersForTests } from "@/lib/routing/breaker";
import { startApiServer, type ApiServer } from "@/lib/testing/api-servers";
import { SIGNUP_UNITS, balanceOf, ledgerRows, ledgerSum, startGatewayEmulator, stopGatewayEmulator, waitForLogCount } from "@/lib/testing/chat-harness";
import { assertTestDatabase } from "@/lib/testing/db-guard";
import { createTestUser } from "@/lib/testing/fixtures";

const N = 200;
const START = 250_000_000_000n; // 25 credits: room for two 10-credit reservations at a time, not three

let emu: EmulatorHandle;
let apis: ApiServer[];
beforeAll(async () => {
  assertTestDatabase();
  emu = await startGatewayEmulator();
  // emu-chat (sim/gpt, sim/claude): 80 tokens in ~0.4 s, so big reservations overlap.
  emu.setModel("emu-chat", { ttftMs: 0, tokensPerSecond: 200 });
  apis = await Promise.all([startApiServer("node"), startApiServer("fetch")]);
  resetBreakersForTests();
});
afterAll(async () => {
  await Promise.all(apis.map((a) => a.close()));
  await stopGatewayEmulator(emu);
  await closeDb();
});

type Plan = { path: "/v1/chat/completions" | "/v1/messages"; body: Record<string, unknown>; abortAfterBytes?: number; big?: boolean };

function planFor(i: number): Plan {
  const stream = i % 2 === 0;
  const messages = [{ role: "user", content: `concurrent request number ${i}` }];
  if (i % 10 === 0) {
    // ~10 credits worst case each (20,000 output tokens at $5/M): only some fit the balance.
    return { path: "/v1/messages", big: true, body: { model: "sim/claude", max_tokens: 20_000, messages, stream: i % 20 === 0 } };
  }
  const chat = (model: string, extra: Record<string, unknown> = {}): Plan =>
    ({ path: "/v1/chat/completions", body: { model, messages, stream, max_tokens: 64, ...extra } });
  switch (i % 9) {
    case 0: return chat("sim/down");
    case 1: return chat("sim/down", { models: ["sim/fast"] });
    case 2: return chat("sim/cut");
    case 3: return chat("sim/no-usage");
    case 4: return { ...chat("sim/gpt", { stream: true }), abortAfterBytes: i % 4 === 0 ? 1 : undefined };
    case 5: return { path: "/v1/messages", body: { model: "sim/gpt", max_tokens: 64, messages, stream } };
    case 6: return chat("sim/rate-limited", { models: ["sim/gemini"] });
    default: return chat("sim/fast", stream ? { stream_options: { include_usage: true } } : {});
  }
}

async function send(api: ApiServer, key: string, plan: Plan): Promise<{ status: number; requestId: string; capped: string | null }> {
  const ac = new AbortController();
  const res = await fetch(api.baseUrl + plan.path, {
    method: "POST", signal: ac.signal, body: JSON.stringify(plan.body),
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
  });
  const requestId = res.headers.get("x-request-id")!;
  if (plan.abortAfterBytes && res.body) {
    const reader = res.body.getReader();
    await reader.read();
    ac.abort();
    await reader.cancel().catch(() => undefined);
  } else {
    await res.arrayBuffer().catch(() => undefined); // a cut stream may end in an error
  }
  return { status: res.status, requestId, capped: res.headers.get("x-switchyard-output-capped") };
}

describe("one account under 200 concurrent requests", () => {
  it("keeps balance = sum(ledger) ≥ 0 and settles every admitted request exactly once", async () => {
    const user = await createTestUser();
    const drained = await applyLedgerEntry(sqlFromPool(pool()), {
      userId: user.userId, kind: "adjustment", amount: START - SIGNUP_UNITS, sourceId: `concurrency:${user.userId}`,
    });
    expect(drained).toMatchObject({ status: "applied", balance: START });

    const plans = Array.from({ length: N }, (_, i) => planFor(i));
    const results = await Promise.all(plans.map((p, i) => send(apis[i % 2]!, user.key, p)));

    const refused = results.filter((r) => r.status === 402);
    const admitted = results.filter((r) => r.status !== 402);
    // The balance cannot cover every big reservation at once: some are capped to what is left
    // (x-switchyard-output-capped: balance), or refused once that is below a minimal answer.
    expect(results.filter((r, i) => plans[i]!.big && (r.capped === "balance" || r.status === 402)).length).toBeGreaterThan(0);
    expect(results.filter((r, i) => plans[i]!.big && r.status === 200).length).toBeGreaterThan(0);
    expect(new Set(results.map((r) => r.requestId)).size).toBe(N);

    await waitForLogCount(user.userId, admitted.length);
    const { rows: logs } = await pool().query<{ id: string; status: number; cost_units: string; reserved_units: string }>(
      "SELECT id, status, cost_units, reserved_units FROM request_logs WHERE user_id = $1 AND status <> 402", [user.userId]); // refusals have rows of their own (lib/gateway/refusals), uncharged
    expect(logs).toHaveLength(admitted.length);
    const logById = new Map(logs.map((l) => [l.id, l]));

    const ledger = await ledgerRows(user.userId);
    const bySource = new Map<string, typeof ledger>();
    for (const row of ledger) bySource.set(row.sourceId, [...(bySource.get(row.sourceId) ?? []), row]);

    let charged = 0n;
    let billed = 0;
    for (const r of refused) {
      expect(bySource.get(r.requestId)).toBeUndefined();
    }
    for (const r of admitted) {
      const log = logById.get(r.requestId);
      expect(log, r.requestId).toBeDefined();
      const reserved = BigInt(log!.reserved_units);
      const cost = BigInt(log!.cost_units);
      const rows = bySource.get(r.requestId) ?? [];
      // One charge row per billed request, none for a refunded one.
      expect(rows, r.requestId).toEqual(cost > 0n ? [{ kind: "charge", amount: -cost, sourceId: r.requestId }] : []);
      expect(cost >= 0n && cost <= reserved).toBe(true);
      charged += cost;
      if (cost > 0n) billed++;
    }
    // Nothing else moved money: grant + drain + the billed requests' charges.
    expect(ledger.length).toBe(2 + billed);

    const balance = await balanceOf(user.userId);
    expect(balance >= 0n).toBe(true);
    expect(balance).toBe(await ledgerSum(user.userId));
    expect(START - balance).toBe(charged);
    expect(charged).toBeGreaterThan(0n);
    // Every kind of outcome really happened.
    const statuses = new Set(logs.map((l) => l.status));
    for (const s of [200, 499, 502, 503]) expect(statuses.has(s), `status ${s}`).toBe(true);
  }, 30_000);
});
