// POST /v1/compare over real HTTP: interleaved tagged events, per-model done, summary, the
// document form, a failing model refunded while the others finish, all failing → JSON error
// and nothing charged, 2–9 models, RPM counted once per call, the parent row with its
// sub-calls as children (rollups count the children only), and a client leaving mid-compare.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clearKeyCache } from "@/lib/api-keys/key-cache";
import { pool } from "@/lib/sql/pool";
import { releaseIdleHolds } from "@/lib/billing/settlement/holds";
import { startApiServer, type ApiServer } from "@/lib/testing/api-servers";
import {
  SIGNUP_UNITS, costOf, creditsUnits, ledgerRows, ledgerSum, settledLog, sleep, useGatewayEmulator, waitForLogCount,
} from "@/lib/testing/chat-harness";
import { createTestUser } from "@/lib/testing/fixtures";
import { eventsNamed, parseSse, postOrchestration } from "@/lib/testing/orchestration";
import { getLog } from "@/lib/usage/get-log";
import { listLogs } from "@/lib/usage/list-logs";
import { logFiltersSchema } from "@/lib/usage/log-filters";

const ctx = useGatewayEmulator({ resetEach: true });
const messages = [{ role: "user", content: "Compare yourselves on this prompt" }];

let api: ApiServer;
beforeAll(async () => {
  api = await startApiServer("node");
});
afterAll(() => api.close());

type Row = { id: string; parent_id: string | null; is_parent: boolean; status: number; cost_units: string; input_tokens: number;
  output_tokens: number; resolved_model: string | null; requested_model: string; endpoint: string };

async function rowsOf(userId: string): Promise<Row[]> {
  const { rows } = await pool().query<Row>(
    `SELECT id, parent_id, is_parent, status, cost_units::text, input_tokens, output_tokens, resolved_model, requested_model, endpoint
     FROM request_logs WHERE user_id = $1 ORDER BY created_at`, [userId]);
  return rows;
}

describe("POST /v1/compare", () => {
  it("streams every model's tagged events interleaved, a done per model and a summary; one parent row, children billed exactly", async () => {
    ctx.emu.setModel("emu-chat", { ttftMs: 0, tokensPerSecond: 400, replyTokens: 30 });
    const user = await createTestUser();
    const models = ["sim/gpt", "sim/fast", "sim/gpt"]; // a model may repeat: index tells them apart
    const a = await postOrchestration(api, user.key, "/v1/compare", { models, messages });
    expect(a.status).toBe(200);
    expect(a.done).toBe(true);
    expect(a.events[0]).toMatchObject({
      event: "route", id: a.requestId, mode: "compare",
      models: models.map((model, index) => ({ model, index, stage: "source" })),
    });
    for (const e of a.events.slice(1, -1)) {
      expect(e).toMatchObject({ model: models[e.index as number], stage: "source" });
    }
    const chunkIndexes = eventsNamed(a, "chunk").map((c) => c.index);
    expect(new Set(chunkIndexes)).toEqual(new Set([0, 1, 2]));
    // Interleaved: the slower model's chunks do not all come after the fast one's done.
    const firstDone = a.events.findIndex((e) => e.event === "done");
    expect(a.events.slice(firstDone).some((e) => e.event === "chunk")).toBe(true);
    const dones = eventsNamed(a, "done");
    expect(dones.map((d) => d.index).sort()).toEqual([0, 1, 2]);
    expect(eventsNamed(a, "trace")).toHaveLength(3);
    const summary = a.events.at(-1)!;
    expect(summary.event).toBe("summary");

    const rows = await (async () => {
      await settledLog(api, user.key, a.requestId);
      await waitForLogCount(user.userId, 4);
      return rowsOf(user.userId);
    })();
    const parent = rows.find((r) => r.is_parent)!;
    expect(parent).toMatchObject({ id: a.requestId, parent_id: null, status: 200, cost_units: "0", input_tokens: 0, output_tokens: 0, endpoint: "compare" });
    const children = rows.filter((r) => !r.is_parent);
    expect(children).toHaveLength(3);
    for (const c of children) expect(c.parent_id).toBe(a.requestId);
    let total = 0n;
    for (const d of dones) {
      const child = children.find((c) => c.resolved_model === d.resolved_model && c.cost_units === d.charged_units);
      expect(child, JSON.stringify(d)).toBeDefined();
      const cost = costOf(d.resolved_model as string, { prompt_tokens: child!.input_tokens, completion_tokens: child!.output_tokens });
      expect(d.charged_units).toBe(cost.toString());
      expect(d).toMatchObject({ finish_reason: "stop", usage: { prompt_tokens: child!.input_tokens, completion_tokens: child!.output_tokens } });
      expect(typeof d.latency_ms).toBe("number");
      expect(typeof d.ttft_ms).toBe("number");
      total += cost;
    }
    // The last done's remaining_units is the balance after every charge of this call.
    const lastDone = dones.at(-1)!;
    expect(BigInt(lastDone.remaining_units as string)).toBe(SIGNUP_UNITS - total);
    expect(summary).toMatchObject({
      total_charged_units: total.toString(), remaining_units: (SIGNUP_UNITS - total).toString(), succeeded: 3, failed: 0,
      fastest: { model: expect.any(String), index: expect.any(Number) }, cheapest: { model: "sim/fast", index: 1 },
      longest: { completion_tokens: 30 },
    });
    expect(await creditsUnits(api, user.key)).toBe(SIGNUP_UNITS - total);
    expect(await ledgerSum(user.userId)).toBe(SIGNUP_UNITS - total);
    expect((await ledgerRows(user.userId)).filter((r) => r.kind === "charge").map((r) => r.sourceId).sort())
      .toEqual(children.map((c) => c.id).sort());
    // Rollups: the three sub-calls, not the parent.
    const { rows: roll } = await pool().query<{ requests: string; cost: string }>(
      "SELECT sum(requests)::text AS requests, sum(cost_units)::text AS cost FROM usage_rollups WHERE user_id = $1", [user.userId]);
    expect(roll[0]).toEqual({ requests: "3", cost: total.toString() });
  });

  it("shows the tree on the dashboard: the parent's sub-calls with model, tokens, cost and latency; each links back; the list badges the parent", async () => {
    const user = await createTestUser();
    const a = await postOrchestration(api, user.key, "/v1/compare", { models: ["sim/fast", "sim/gemini", "sim/down"], messages, max_tokens: 12 });
    expect(a.status).toBe(200);
    await settledLog(api, user.key, a.requestId);
    await waitForLogCount(user.userId, 4);
    const parent = await getLog(user.userId, a.requestId);
    expect(parent).toMatchObject({ isParent: true, parentId: null, costUnits: "0", inputTokens: 0 });
    const tree = [...parent.children].sort((x, y) => (x.index ?? 0) - (y.index ?? 0));
    expect(tree.map((c) => [c.stage, c.index, c.resolvedModel ?? c.requestedModel, c.status])).toEqual([
      ["source", 0, "sim/fast", 200], ["source", 1, "sim/gemini", 200], ["source", 2, "sim/down", 503],
    ]);
    expect(parent.children).toHaveLength(3);
    for (const d of eventsNamed(a, "done")) {
      const child = parent.children.find((c) => c.index === d.index)!;
      expect(child).toMatchObject({ costUnits: d.charged_units, outputTokens: 12, latencyMs: expect.any(Number) });
    }
    const child = await getLog(user.userId, parent.children[0]!.id);
    expect(child).toMatchObject({ isParent: false, parentId: a.requestId, parentEndpoint: "compare", children: [] });
    const page = await listLogs(user.userId, logFiltersSchema.parse({}));
    expect(page.data.filter((r) => r.isParent).map((r) => r.id)).toEqual([a.requestId]);
    expect(page.data.filter((r) => r.parentId === a.requestId)).toHaveLength(3);
    // Another account sees neither the parent nor its children.
    const other = await createTestUser();
    await expect(getLog(other.userId, a.requestId)).rejects.toMatchObject({ status: 404 });
  });

  it("answers stream: false with one document: route, a result per model, the summary", async () => {
    const user = await createTestUser();
    const a = await postOrchestration(api, user.key, "/v1/compare", { models: ["sim/fast", "sim/gemini"], messages, stream: false, max_tokens: 10 });
    expect(a.status).toBe(200);
    const doc = a.json as { object: string; results: Array<Record<string, unknown>>; summary: Record<string, unknown>; route: unknown };
    expect(doc).toMatchObject({ id: a.requestId, object: "switchyard.compare", mode: "compare", route: { mode: "compare" } });
    expect(doc.results.map((r) => [r.model, r.index, r.stage, r.status])).toEqual([["sim/fast", 0, "source", "ok"], ["sim/gemini", 1, "source", "ok"]]);
    for (const r of doc.results) {
      expect(r.content).toContain("Simulated reply from");
      expect(r).toMatchObject({ finish_reason: "length", usage: { completion_tokens: 10 }, trace: { failovers: 0 } });
    }
    expect(doc.summary).toMatchObject({ succeeded: 2, failed: 0, cheapest: { model: "sim/fast" } });
  });

  it("refunds a failing model with its error event while the others finish", async () => {
    const user = await createTestUser();
    const a = await postOrchestration(api, user.key, "/v1/compare", { models: ["sim/fast", "sim/down"], messages });
    expect(a.status).toBe(200);
    expect(eventsNamed(a, "error")).toEqual([expect.objectContaining({
      event: "error", model: "sim/down", index: 1, stage: "source", status_code: 503, refunded: true, charged_units: "0",
    })]);
    expect(eventsNamed(a, "done")).toEqual([expect.objectContaining({ model: "sim/fast", index: 0 })]);
    expect(a.events.at(-1)).toMatchObject({ event: "summary", succeeded: 1, failed: 1, fastest: { model: "sim/fast" } });
    await settledLog(api, user.key, a.requestId);
    await waitForLogCount(user.userId, 3);
    await releaseIdleHolds(); // the balance is set below: this process must not still hold the old one
    const rows = await rowsOf(user.userId);
    const down = rows.find((r) => r.requested_model === "sim/down")!;
    expect(down).toMatchObject({ status: 503, cost_units: "0", parent_id: a.requestId });
    expect(await ledgerRows(user.userId, down.id)).toEqual([]);
    const fast = rows.find((r) => r.resolved_model === "sim/fast")!;
    expect(await ledgerSum(user.userId)).toBe(SIGNUP_UNITS - BigInt(fast.cost_units));
  });

  it("answers a plain JSON error when every model fails, with a full refund", async () => {
    const user = await createTestUser();
    const a = await postOrchestration(api, user.key, "/v1/compare", { models: ["sim/down", "sim/down"], messages });
    expect(a.status).toBe(503);
    expect(a.headers.get("content-type")).toMatch(/^application\/json/);
    expect(a.json).toMatchObject({ error: { type: "upstream_error", message: expect.stringContaining("Every model") } });
    await settledLog(api, user.key, a.requestId);
    await waitForLogCount(user.userId, 3);
    await releaseIdleHolds(); // the balance is set below: this process must not still hold the old one
    const rows = await rowsOf(user.userId);
    expect(rows.find((r) => r.is_parent)).toMatchObject({ status: 503 });
    expect(rows.every((r) => r.cost_units === "0")).toBe(true);
    expect(await ledgerSum(user.userId)).toBe(SIGNUP_UNITS);
    expect(await creditsUnits(api, user.key)).toBe(SIGNUP_UNITS);
  });

  it.each([
    [["sim/gpt"], "models"],
    [Array(10).fill("sim/fast"), "models"],
    ["sim/gpt", "models"],
    [["sim/gpt", ""], "models[1]"],
  ])("refuses models=%j with a 400 naming %s", async (models, param) => {
    const user = await createTestUser();
    const a = await postOrchestration(api, user.key, "/v1/compare", { models, messages });
    expect(a.status).toBe(400);
    expect(a.json).toMatchObject({ error: { param, type: "invalid_request_error" } });
  });

  it("refuses an unknown model naming its position, a `model` field, and bad messages — before any upstream call", async () => {
    const user = await createTestUser();
    const unknown = await postOrchestration(api, user.key, "/v1/compare", { models: ["sim/gpt", "sim/nope"], messages });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ error: { param: "models[1]" } });
    const model = await postOrchestration(api, user.key, "/v1/compare", { model: "sim/gpt", models: ["sim/gpt", "sim/fast"], messages });
    expect(model).toMatchObject({ status: 400, json: { error: { param: "model" } } });
    const bad = await postOrchestration(api, user.key, "/v1/compare", { models: ["sim/gpt", "sim/fast"], messages: [{ role: "user" }] });
    expect(bad).toMatchObject({ status: 400, json: { error: { param: "messages[0].content" } } });
    expect(ctx.emu.requests()).toHaveLength(0);
  });

  it("reserves every model's worst case up front: capped to what is left (done says so), 402 below a minimal answer", async () => {
    const user = await createTestUser();
    const drainTo = async (left: bigint, tag: string) => {
      await pool().query("UPDATE users SET balance = $2 WHERE id = $1", [user.userId, left.toString()]);
      await pool().query("INSERT INTO ledger_entries (id, user_id, kind, amount, balance_after, source_id, created_at) VALUES ($1, $2, 'adjustment', $3, $4, $5, now())",
        [`le_test_${tag}_${user.userId}`, user.userId, (left - SIGNUP_UNITS).toString(), left.toString(), `drain:${tag}:${user.userId}`]);
    };
    // sim/claude: 64,000 output tokens at $5/M ≈ 32 credits each: 50 credits cover one, and 18 for the other.
    await drainTo(500_000_000_000n, "a");
    const capped = await postOrchestration(api, user.key, "/v1/compare", { models: ["sim/claude", "sim/claude"], messages, stream: true });
    expect(capped.status).toBe(200);
    expect(eventsNamed(capped, "done").map((d) => d.output_capped ?? null).sort()).toEqual(["balance", null]);
    await waitForLogCount(user.userId, 3);
    await releaseIdleHolds(); // the balance is set below: this process must not still hold the old one
    // Below a minimal answer for the second model (the prompt + 16 tokens): 402 before any model runs.
    await drainTo(60_000_000n, "b");
    const before = ctx.emu.requests().length;
    const a = await postOrchestration(api, user.key, "/v1/compare", { models: ["sim/claude", "sim/claude"], messages });
    expect(a.status).toBe(402);
    expect(a.json).toMatchObject({ error: { type: "insufficient_credits", message: expect.stringContaining("2 model calls of this compare") } });
    expect(ctx.emu.requests()).toHaveLength(before);
  });

  it("counts one request per call against the key's RPM, whatever the number of models", async () => {
    const user = await createTestUser();
    await pool().query("UPDATE api_keys SET rpm_limit = 2 WHERE id = $1", [user.keyId]);
    clearKeyCache();
    const body = { models: ["sim/fast", "sim/fast", "sim/fast", "sim/fast"], messages, max_tokens: 5 };
    expect((await postOrchestration(api, user.key, "/v1/compare", body)).status).toBe(200);
    expect((await postOrchestration(api, user.key, "/v1/compare", body)).status).toBe(200);
    const third = await postOrchestration(api, user.key, "/v1/compare", body);
    expect(third.status).toBe(429);
    expect(third.headers.get("retry-after")).toBeTruthy();
  });

  it("settles every sub-call exactly once when the client leaves mid-compare", async () => {
    ctx.emu.setModel("emu-chat", { ttftMs: 0, tokensPerSecond: 40, replyTokens: 400 });
    const user = await createTestUser();
    const ac = new AbortController();
    const res = await fetch(api.baseUrl + "/v1/compare", {
      method: "POST", signal: ac.signal, body: JSON.stringify({ models: ["sim/gpt", "sim/claude", "sim/gemini"], messages }),
      headers: { authorization: `Bearer ${user.key}`, "content-type": "application/json" },
    });
    const requestId = res.headers.get("x-request-id")!;
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    while ((text.match(/"event":"chunk"/g) ?? []).length < 6) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    ac.abort();
    await reader.cancel().catch(() => undefined);
    const started = Date.now();
    await waitForLogCount(user.userId, 4);
    expect(Date.now() - started).toBeLessThan(5_000); // not the 10 s the replies would take
    await sleep(300);
    const rows = await rowsOf(user.userId);
    expect(rows).toHaveLength(4);
    expect(rows.find((r) => r.is_parent)).toMatchObject({ id: requestId, status: 499 });
    const children = rows.filter((r) => !r.is_parent);
    let total = 0n;
    for (const c of children) {
      expect(c.status).toBe(499);
      const cost = BigInt(c.cost_units);
      expect(await ledgerRows(user.userId, c.id)).toEqual(cost > 0n ? [{ kind: "charge", amount: -cost, sourceId: c.id }] : []);
      total += cost;
    }
    expect(total).toBeGreaterThan(0n);
    expect(await ledgerSum(user.userId)).toBe(SIGNUP_UNITS - total);
    expect(await creditsUnits(api, user.key)).toBe(SIGNUP_UNITS - total);
    expect(parseSse(text.slice(0, text.lastIndexOf("\n\n") + 2)).events[0]).toMatchObject({ event: "route" });
  });
});
