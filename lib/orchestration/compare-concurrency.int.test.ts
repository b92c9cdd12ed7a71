// The billing invariant under orchestration load: 50 concurrent compares from ONE account —
// answering, failing, cut and aborted models mixed — leave balance = Σ ledger exactly, one
// charge row per billed sub-call, Σ children's cost = what the account was charged = what the
// events reported, parents at zero, and rollups counting each sub-call once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/sql/pool";
import { startApiServer, type ApiServer } from "@/lib/testing/api-servers";
import { SIGNUP_UNITS, balanceOf, ledgerRows, ledgerSum, useGatewayEmulator, waitForLogCount } from "@/lib/testing/chat-harness";
import { createTestUser } from "@/lib/testing/fixtures";
import { parseSse } from "@/lib/testing/orchestration";

const N = 50;
const ctx = useGatewayEmulator({ setup: (emu) => emu.setModel("emu-chat", { ttftMs: 0, tokensPerSecond: 300, replyTokens: 40 }) });

let apis: ApiServer[];
beforeAll(async () => {
  apis = await Promise.all([startApiServer("node"), startApiServer("fetch")]);
});
afterAll(() => Promise.all(apis.map((a) => a.close())));

function modelsFor(i: number): string[] {
  switch (i % 5) {
    case 0: return ["sim/fast", "sim/gpt", "sim/down"];
    case 1: return ["sim/cut", "sim/fast"];
    case 2: return ["sim/claude", "sim/gemini", "sim/no-usage"];
    case 3: return ["sim/down", "sim/down"]; // all fail: JSON error, nothing charged
    default: return ["sim/gpt", "sim/fast", "sim/gpt", "sim/gemini"];
  }
}

type Sent = { requestId: string; status: number; reported: bigint; subCalls: number };

async function send(api: ApiServer, key: string, i: number): Promise<Sent> {
  const models = modelsFor(i);
  const ac = new AbortController();
  const res = await fetch(api.baseUrl + "/v1/compare", {
    method: "POST", signal: ac.signal, body: JSON.stringify({ models, messages: [{ role: "user", content: `compare number ${i}` }], max_tokens: 64 }),
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
  });
  const requestId = res.headers.get("x-request-id")!;
  if (i % 7 === 6 && res.status === 200) {
    // The client leaves after the first read.
    const reader = res.body!.getReader();
    await reader.read();
    ac.abort();
    await reader.cancel().catch(() => undefined);
    return { requestId, status: 499, reported: -1n, subCalls: models.length };
  }
  const text = await res.text();
  let reported = 0n;
  if (res.status === 200) {
    for (const e of parseSse(text).events) {
      if (e.event === "done" || e.event === "error") reported += BigInt((e.charged_units as string | undefined) ?? "0");
    }
  }
  return { requestId, status: res.status, reported, subCalls: models.length };
}

describe("one account under 50 concurrent compares", () => {
  it("reconciles exactly: balance = Σ ledger, Σ children's cost = charged = reported", async () => {
    const user = await createTestUser();
    const sent = await Promise.all(Array.from({ length: N }, (_, i) => send(apis[i % 2]!, user.key, i)));
    expect(new Set(sent.map((s) => s.requestId)).size).toBe(N);
    const rowsExpected = sent.reduce((n, s) => n + 1 + s.subCalls, 0);
    await waitForLogCount(user.userId, rowsExpected, 30_000);

    const { rows } = await pool().query<{ id: string; parent_id: string | null; is_parent: boolean; cost_units: string; status: number }>(
      "SELECT id, parent_id, is_parent, cost_units::text, status FROM request_logs WHERE user_id = $1", [user.userId]);
    expect(rows).toHaveLength(rowsExpected);
    const parents = rows.filter((r) => r.is_parent);
    expect(parents.map((p) => p.id).sort()).toEqual(sent.map((s) => s.requestId).sort());
    for (const p of parents) expect(p.cost_units).toBe("0");
    const byParent = new Map<string, bigint>();
    let children = 0n;
    for (const r of rows.filter((x) => !x.is_parent)) {
      expect(r.parent_id).not.toBeNull();
      byParent.set(r.parent_id!, (byParent.get(r.parent_id!) ?? 0n) + BigInt(r.cost_units));
      children += BigInt(r.cost_units);
    }
    // What each finished stream reported equals what its children were charged.
    for (const s of sent) {
      if (s.reported >= 0n) expect(byParent.get(s.requestId) ?? 0n, s.requestId).toBe(s.reported);
      if (s.status !== 200 && s.status !== 499) expect(byParent.get(s.requestId) ?? 0n).toBe(0n);
    }
    const ledger = await ledgerRows(user.userId);
    const charges = ledger.filter((l) => l.kind === "charge");
    expect(new Set(charges.map((c) => c.sourceId)).size).toBe(charges.length); // one per billed sub-call
    const costById = new Map(rows.map((r) => [r.id, BigInt(r.cost_units)]));
    for (const c of charges) expect(-c.amount).toBe(costById.get(c.sourceId));
    expect(charges.length).toBe(rows.filter((r) => BigInt(r.cost_units) > 0n).length);

    const balance = await balanceOf(user.userId);
    expect(balance).toBe(await ledgerSum(user.userId));
    expect(SIGNUP_UNITS - balance).toBe(children);
    expect(children).toBeGreaterThan(0n);
    const { rows: roll } = await pool().query<{ requests: string; cost: string }>(
      "SELECT sum(requests)::text AS requests, sum(cost_units)::text AS cost FROM usage_rollups WHERE user_id = $1", [user.userId]);
    expect(roll[0]).toEqual({ requests: String(rowsExpected - N), cost: children.toString() });
    expect(ctx.emu.requests().length).toBeGreaterThan(0);
  }, 60_000);
});
