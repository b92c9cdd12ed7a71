// Budgets and balance cap a request's output instead of refusing it (SPEC §4, issue #20.4),
// through both doors and both formats: max_tokens sent upstream is lowered to what the
// remainder covers, the answer ends with finish_reason "length" (Anthropic: max_tokens) and
// x-switchyard-output-capped says why; below a minimal answer, 402 (balance) or 403 (budget)
// naming the budget. And 100 concurrent requests on one key never spend more than its budget.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyLedgerEntry } from "@/lib/billing/ledger";
import { sqlFromPool } from "@/lib/sql/executor";
import { pool } from "@/lib/sql/pool";
import { keySpendSince } from "@/lib/sql/api-keys";
import { startApiServer, type ApiServer } from "@/lib/testing/api-servers";
import { SIGNUP_UNITS, balanceOf, ledgerSum, settledLog, useGatewayEmulator, waitForLogCount } from "@/lib/testing/chat-harness";
import { createTestUser } from "@/lib/testing/fixtures";
import { createKeyWith } from "@/lib/testing/key-fixtures";

const ctx = useGatewayEmulator({
  setup: (emu) => emu.setModel("emu-chat", { ttftMs: 0, tokensPerSecond: 0, replyTokens: 200 }),
});

const messages = [{ role: "user", content: "budget please" }];
/** sim/claude: 0.03 credits cover its prompt and ~55 output tokens at $5/M. */
const SMALL_BUDGET = 300_000_000n;

async function drainTo(userId: string, left: bigint): Promise<void> {
  const r = await applyLedgerEntry(sqlFromPool(pool()), { userId, kind: "adjustment", amount: left - SIGNUP_UNITS, sourceId: `drain:${userId}` });
  expect(r).toMatchObject({ status: "applied", balance: left });
}

type Sent = { status: number; headers: Headers; text: string; json: () => Record<string, unknown> };

function post(api: ApiServer, key: string, path: "/chat/completions" | "/messages", body: Record<string, unknown>): Promise<Sent> {
  return fetch(`${api.baseUrl}/v1${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "x-api-key": key, "anthropic-version": "2023-06-01", "content-type": "application/json" },
    body: JSON.stringify(body),
  }).then(async (res) => {
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) as Record<string, unknown> };
  });
}

/** The max_tokens the gateway sent upstream on the emulator's last request. */
function upstreamMaxTokens(): number {
  const body = ctx.emu.requests().at(-1)!.body as { max_tokens?: number };
  return body.max_tokens!;
}

describe.each(["node", "fetch"] as const)("output capped by balance or budget via the %s door", (door) => {
  let api: ApiServer;
  beforeAll(async () => {
    api = await startApiServer(door);
  });
  afterAll(() => api.close());

  it("19 credits and sim/claude without max_tokens: capped to what the balance covers, not 402", async () => {
    const user = await createTestUser();
    const left = 190_000_000_000n; // 19 credits; the worst case at 64,000 output tokens is 32
    await drainTo(user.userId, left);
    for (const stream of [false, true]) {
      const r = await post(api, user.key, "/chat/completions", { model: "sim/claude", messages, stream });
      expect(r.status, r.text).toBe(200);
      expect(r.headers.get("x-switchyard-output-capped")).toBe("balance");
      const max = upstreamMaxTokens();
      expect(max).toBeLessThan(64_000);
      expect(max).toBeGreaterThan(30_000); // ≈ 19 credits ÷ $5/M, minus the prompt
      await settledLog(api, user.key, r.headers.get("x-request-id")!);
    }
    const balance = await balanceOf(user.userId);
    expect(balance).toBe(await ledgerSum(user.userId));
    expect(balance).toBeLessThan(left);
  });

  it.each([false, true])("a key's budget caps /chat/completions (stream %s): finish_reason length + header", async (stream) => {
    const { userId } = await createTestUser();
    const { key } = await createKeyWith(userId, { budgetTotal: SMALL_BUDGET });
    const r = await post(api, key, "/chat/completions", { model: "sim/claude", messages, stream, max_tokens: 4096 });
    expect(r.status, r.text).toBe(200);
    expect(r.headers.get("x-switchyard-output-capped")).toBe("budget");
    const max = upstreamMaxTokens();
    expect(max).toBeGreaterThanOrEqual(16);
    expect(max).toBeLessThan(60);
    if (stream) expect(r.text).toContain('"finish_reason":"length"');
    else expect(r.json()).toMatchObject({ choices: [{ finish_reason: "length" }] });
    const log = await settledLog(api, key, r.headers.get("x-request-id")!);
    expect(BigInt(log.cost_units)).toBeLessThanOrEqual(SMALL_BUDGET);
    // What is left no longer covers a minimal answer: 403 naming the budget.
    const refused = await post(api, key, "/chat/completions", { model: "sim/claude", messages, stream });
    expect(refused.status).toBe(403);
    expect(refused.json()).toMatchObject({ error: { code: "budget_exhausted", message: expect.stringMatching(/total budget .* does not reset/) } });
  });

  it.each([false, true])("a key's budget caps /messages (stream %s): stop_reason max_tokens + header", async (stream) => {
    const { userId } = await createTestUser();
    const { key } = await createKeyWith(userId, { budgetDaily: SMALL_BUDGET });
    const r = await post(api, key, "/messages", { model: "sim/claude", messages, stream, max_tokens: 4096 });
    expect(r.status, r.text).toBe(200);
    expect(r.headers.get("x-switchyard-output-capped")).toBe("budget");
    if (stream) expect(r.text).toContain('"stop_reason":"max_tokens"');
    else expect(r.json()).toMatchObject({ stop_reason: "max_tokens" });
    await settledLog(api, key, r.headers.get("x-request-id")!);
    const refused = await post(api, key, "/messages", { model: "sim/claude", messages, stream, max_tokens: 4096 });
    expect(refused.status).toBe(403);
    expect(refused.json()).toMatchObject({ type: "error", error: { message: expect.stringMatching(/daily budget .* resets at \d{4}-\d\d-\d\dT00:00:00\.000Z/) } });
  });

  it("402 (balance) and 403 (budget) once the remainder cannot cover a minimal answer; nothing sent upstream", async () => {
    const poor = await createTestUser();
    await drainTo(poor.userId, 50_000_000n); // below the prompt + 16 output tokens
    const before = ctx.emu.requests().length;
    const r402 = await post(api, poor.key, "/chat/completions", { model: "sim/claude", messages });
    expect(r402.status).toBe(402);
    expect(r402.json()).toMatchObject({ error: { code: "insufficient_credits", message: expect.stringContaining("minimal answer") } });
    const { userId } = await createTestUser();
    const { key } = await createKeyWith(userId, { budgetMonthly: 50_000_000n });
    const r403 = await post(api, key, "/chat/completions", { model: "sim/claude", messages });
    expect(r403.status).toBe(403);
    expect(r403.json()).toMatchObject({ error: { code: "budget_exhausted", message: expect.stringMatching(/monthly budget .* resets at \d{4}-\d\d-01T00:00:00\.000Z/) } });
    expect(ctx.emu.requests().length).toBe(before);
    expect(await balanceOf(poor.userId)).toBe(50_000_000n);
  });
});

describe("100 concurrent requests on one key", () => {
  it("never spend more than the key's budget; balance = Σ ledger", async () => {
    const apis = await Promise.all([startApiServer("node"), startApiServer("fetch")]);
    try {
      const { userId } = await createTestUser();
      const budget = 20_000_000_000n; // 2 credits: ~38 full sim/claude answers of 100 tokens
      const { key, keyId } = await createKeyWith(userId, { budgetTotal: budget });
      const results = await Promise.all(Array.from({ length: 100 }, (_, i) => post(apis[i % 2]!, key,
        i % 3 === 0 ? "/messages" : "/chat/completions", { model: "sim/claude", messages, max_tokens: 100, stream: i % 2 === 0 })));
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s !== 200 && s !== 403), statuses.join()).toEqual([]);
      const admitted = statuses.filter((s) => s === 200).length;
      expect(admitted).toBeGreaterThan(30);
      expect(admitted).toBeLessThan(100);
      await waitForLogCount(userId, admitted);
      const { rows } = await pool().query<{ s: string }>(
        "SELECT coalesce(sum(cost_units), 0)::text AS s FROM request_logs WHERE api_key_id = $1", [keyId]);
      const spent = BigInt(rows[0]!.s);
      expect(spent).toBeLessThanOrEqual(budget);
      expect(spent).toBeGreaterThan(budget / 2n);
      const now = Date.now();
      expect((await keySpendSince(userId, keyId, now - (now % 86_400_000), 0)).total).toBe(spent); // the rollups agree
      const balance = await balanceOf(userId);
      expect(balance).toBe(await ledgerSum(userId));
      expect(SIGNUP_UNITS - balance).toBe(spent);
      console.log(`100 concurrent on one key: ${admitted} admitted (${results.filter((r) => r.headers.get("x-switchyard-output-capped")).length} capped), ` +
        `${100 - admitted} × 403; spent ${spent} of ${budget} units`);
    } finally {
      await Promise.all(apis.map((a) => a.close()));
    }
  }, 30_000);
});
