// The replay lab over real HTTP and a real worker (issue #22.8): estimate arithmetic against
// hand-computed costs; a run of 20 logged requests on a simulated candidate completes with a
// report and reconciles the ledger; a dead worker's item and a restart mid-run are resumed
// without a second charge; cancel stops spending; 404 for another account's id; bad bodies
// are 400s naming the field; zero retention refuses runs; purge removes them.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { computeCost } from "@/lib/catalog";
import { withMarkup } from "@/lib/billing/settlement/markup";
import { flushCharges } from "@/lib/billing/settlement/charge-writer";
import { purgeLogs } from "@/lib/account/purge-logs";
import { setZeroRetention } from "@/lib/account/zero-retention";
import { pool } from "@/lib/sql/pool";
import { claimReplayItem } from "@/lib/sql/replays";
import { startApiServer, type ApiServer } from "@/lib/testing/api-servers";
import { balanceOf, ledgerSum, openaiFor, priceOf, sleep, useGatewayEmulator, waitForLogCount } from "@/lib/testing/chat-harness";
import { createTestUser } from "@/lib/testing/fixtures";
import { callApi } from "@/lib/testing/key-fixtures";
import { JUDGE_OUTPUT_ESTIMATE, judgePromptTokens } from "./estimate";
import { startInvalidationListener, stopInvalidationListener } from "@/lib/invalidation/start";
import { startReplayWorker, stopReplayWorker } from "./worker";

const ctx = useGatewayEmulator({ setup: (emu) => emu.setModel("emu-chat", { ttftMs: 0, tokensPerSecond: 0 }) });
let api: ApiServer;
let user: { userId: string; key: string };
const LOGGED = 22;

beforeAll(async () => {
  api = await startApiServer("node");
  user = await createTestUser();
  const client = openaiFor(api, user.key);
  for (let i = 0; i < LOGGED; i++) {
    await client.chat.completions.create({ model: "sim/gpt", messages: [{ role: "user", content: `Question ${i}: why is the sky blue?` }], max_tokens: 40 });
  }
  await waitForLogCount(user.userId, LOGGED);
});
afterAll(() => api.close());
afterEach(() => stopReplayWorker(10_000));

type Json = Record<string, unknown>;
const post = (body: unknown, key = user.key) => callApi(api.baseUrl, key, "POST", "/replays", body);
const get = (id: string, key = user.key) => callApi(api.baseUrl, key, "GET", `/replays/${id}`);

async function until(id: string, done: (r: Json) => boolean, timeoutMs = 30_000): Promise<Json> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await get(id);
    if (done(r.json)) return r.json;
    if (Date.now() > deadline) throw new Error(`replay ${id} never got there: ${JSON.stringify(r.json).slice(0, 500)}`);
    await sleep(50);
  }
}

/** What the run's calls were charged, from the request logs and from the ledger (their source ids). */
async function replayCharges(runId: string): Promise<{ logs: bigint; ledger: bigint; rows: number }> {
  await flushCharges();
  const { rows } = await pool().query<{ logs: string | null; ledger: string | null; n: number }>(`
SELECT (SELECT sum(cost_units)::text FROM request_logs WHERE source = 'replay' AND id LIKE $1) AS logs,
  (SELECT (-sum(amount))::text FROM ledger_entries WHERE kind = 'charge' AND source_id LIKE $1) AS ledger,
  (SELECT count(*)::int FROM ledger_entries WHERE source_id LIKE $1) AS n`, [`req_${runId}_%`]);
  return { logs: BigInt(rows[0]!.logs ?? 0), ledger: BigInt(rows[0]!.ledger ?? 0), rows: rows[0]!.n };
}

async function itemCosts(runId: string): Promise<bigint> {
  const { rows } = await pool().query<{ s: string | null }>("SELECT sum(cost_units)::text AS s FROM replay_items WHERE run_id = $1", [runId]);
  return BigInt(rows[0]!.s ?? 0);
}

describe("POST /v1/replays", () => {
  it("estimate: logged tokens × the candidate's price, plus the judge's calls, to the unit; spends nothing", async () => {
    const before = await balanceOf(user.userId);
    const r = await post({ candidate: "sim/fast", judge: "sim/claude", days: 1, sample_size: 300, mode: "estimate" });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    const { rows } = await pool().query<{ input_tokens: number; output_tokens: number; cost_units: string }>(
      "SELECT input_tokens, output_tokens, cost_units::text FROM request_logs WHERE user_id = $1", [user.userId]);
    let cand = 0n;
    let judge = 0n;
    let original = 0n;
    for (const l of rows) {
      cand += withMarkup(computeCost(priceOf("sim/fast"), { prompt_tokens: l.input_tokens, completion_tokens: l.output_tokens }));
      const judgeIn = judgePromptTokens({ inputTokens: l.input_tokens, outputTokens: l.output_tokens }, l.output_tokens);
      judge += withMarkup(computeCost(priceOf("sim/claude"), { prompt_tokens: judgeIn, completion_tokens: JUDGE_OUTPUT_ESTIMATE }));
      original += BigInt(l.cost_units);
    }
    expect(r.json).toMatchObject({
      sampled: LOGGED, replayable: LOGGED, skipped: { zero_retention: 0, truncated: 0, missing_answer: 0, unsupported: 0 },
      candidate_cost_units: cand.toString(), judge_cost_units: judge.toString(), estimated_units: (cand + judge).toString(),
      original_cost_units: original.toString(),
    });
    expect((r.json.items as unknown[]).length).toBe(LOGGED);
    expect(await balanceOf(user.userId)).toBe(before);
  });

  it.each([
    [{ days: 0 }, "days"], [{ days: 91 }, "days"], [{ sample_size: 19 }, "sample_size"], [{ sample_size: 301 }, "sample_size"],
    [{ mode: "go" }, "mode"], [{ candidate: "nope/model" }, "candidate"], [{ judge: 3 }, "judge"], [{ max_credits: "-1" }, "max_credits"],
    [{ filters: { endpoint: "embeddings" } }, "filters.endpoint"], [{ surprise: 1 }, "surprise"], [{ candidate: "policy/cheap" }, "candidate"],
    [{ filters: { request_class: "poetry" } }, "filters.request_class"],
  ])("a bad body %j is a 400 naming %s", async (patch, param) => {
    const r = await post({ candidate: "sim/fast", days: 1, sample_size: 20, mode: "estimate", ...patch });
    expect(r.status, JSON.stringify(r.json)).toBe(400);
    expect((r.json.error as Json).param).toBe(param);
    if (param === "candidate" && JSON.stringify(patch).includes("policy")) expect((r.json.error as Json).message).toMatch(/The policy 'cheap' does not exist in this account/);
    if (param === "filters.request_class") expect((r.json.error as Json).message).toMatch(/'poetry'; the classes are vision, tools, long_context, code, math, quick_chat, general$/);
  });

  it("filters.request_class samples only that class and is echoed in the API's names", async () => {
    // The 22 logged calls are short questions: the classifier logged them as quick chats.
    const quick = await post({ candidate: "sim/fast", days: 1, sample_size: 300, mode: "estimate", filters: { request_class: "quick_chat", endpoint: "chat.completions" } });
    expect(quick.status, JSON.stringify(quick.json)).toBe(200);
    expect(quick.json).toMatchObject({ sampled: LOGGED, filters: { request_class: "quick_chat", endpoint: "chat.completions" } });
    const code = await post({ candidate: "sim/fast", days: 1, sample_size: 300, mode: "estimate", filters: { request_class: "code" } });
    expect(code.json).toMatchObject({ sampled: 0, replayable: 0, filters: { request_class: "code" } });
  });

  it("refuses with 402 before anything is spent when the estimate exceeds max_credits", async () => {
    const r = await post({ candidate: "sim/fast", days: 1, sample_size: 20, mode: "run", max_credits: "0.0000000001" });
    expect(r.status).toBe(402);
    expect((r.json.error as Json).param).toBe("max_credits");
    expect((await callApi(api.baseUrl, user.key, "GET", "/replays")).json.data).toEqual([]);
  });
});

describe("replay runs", () => {
  let runId = "";

  it("a run of 20 logged requests completes with a report, resumes a dead worker's item, and the ledger reconciles", async () => {
    const r = await post({ candidate: "sim/fast", judge: "sim/claude", days: 1, sample_size: 20, mode: "run" });
    expect(r.status, JSON.stringify(r.json)).toBe(202);
    expect(r.json).toMatchObject({ status: "queued", estimated_credits: expect.any(String) });
    runId = r.json.id as string;
    // A worker that died holding item 0: its lease runs out and the live worker takes it again.
    expect((await claimReplayItem(1, [user.userId]))?.runId).toBe(runId);
    startReplayWorker({ pollMs: 20, onlyUsers: [user.userId] });
    const run = await until(runId, (j) => j.status === "completed");
    expect(run.progress).toEqual({ done: 20, total: 20 });
    const report = run.report as Json;
    expect(report).toMatchObject({ replayed: 20, error_rate: { original: 0, candidate: 0 } });
    const quality = report.quality as Json;
    expect(quality.judged).toBe(20);
    expect(Number(quality.wins) + Number(quality.ties) + Number(quality.losses)).toBe(20);
    expect((report.latency_ms as Json).candidate).toMatchObject({ p50: expect.any(Number), p95: expect.any(Number) });
    const item = (run.items as Json[])[0]!;
    expect(item).toMatchObject({
      status: "done", original: { model: "sim/gpt", answer: expect.any(String) },
      candidate: { model: "sim/fast", status: 200, answer: expect.stringContaining("Simulated") },
      judge: { model: "sim/claude", winner: expect.stringMatching(/^(original|candidate|tie)$/) },
    });

    const charges = await replayCharges(runId);
    expect(charges.logs).toBeGreaterThan(0n);
    expect(charges.ledger).toBe(charges.logs);
    expect(await itemCosts(runId)).toBe(charges.logs);
    expect(BigInt(run.spent_units as string)).toBe(charges.logs);
    expect(await balanceOf(user.userId)).toBe(await ledgerSum(user.userId));
    const { rows } = await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM request_logs WHERE id LIKE $1 AND source <> 'replay'", [`req_${runId}_%`]);
    expect(rows[0]!.n).toBe(0);
  });

  it("a restart mid-run reuses the calls already logged: no second call, no second charge", async () => {
    // As if the process died after three items' calls were written but before the items were.
    await pool().query(`WITH it AS (
  UPDATE replay_items SET status = 'running', lease_until = now() - interval '1 second', candidate = NULL, verdict = NULL, cost_units = 0
  FROM (SELECT id, cost_units AS c FROM replay_items WHERE run_id = $1 AND position < 3) old WHERE replay_items.id = old.id RETURNING old.c
)
UPDATE replay_runs SET status = 'running', finished_at = NULL, spent_units = spent_units - (SELECT sum(c) FROM it),
  committed_units = committed_units - (SELECT sum(c) FROM it) WHERE id = $1`, [runId]);
    const before = await replayCharges(runId);
    const calls = ctx.emu.requests().length;
    startReplayWorker({ pollMs: 20, onlyUsers: [user.userId] });
    const run = await until(runId, (j) => j.status === "completed");
    expect(ctx.emu.requests().length).toBe(calls);
    const after = await replayCharges(runId);
    expect(after).toEqual(before);
    expect(await itemCosts(runId)).toBe(after.logs);
    expect(BigInt(run.spent_units as string)).toBe(after.logs);
    expect((run.items as Json[]).slice(0, 3).every((i) => (i.candidate as Json).status === 200 && i.judge !== null)).toBe(true);
  });

  it("cancel stops spending; the items not started are cancelled", async () => {
    ctx.emu.setModel("emu-fast", { latencyMs: 150 });
    try {
      const r = await post({ candidate: "sim/fast", days: 1, sample_size: 20, mode: "run" });
      const id = r.json.id as string;
      startReplayWorker({ pollMs: 20, onlyUsers: [user.userId] });
      await until(id, (j) => Number((j.progress as Json).done) >= 2);
      const c = await callApi(api.baseUrl, user.key, "POST", `/replays/${id}/cancel`);
      expect(c.status).toBe(200);
      expect(c.json.status).toBe("cancelled");
      await sleep(500); // the calls in flight end (aborted in this process)
      const settled = await replayCharges(id);
      await sleep(700);
      expect(await replayCharges(id)).toEqual(settled);
      const run = (await get(id)).json;
      expect(run.status).toBe("cancelled");
      const items = run.items as Json[];
      expect(items.filter((i) => i.candidate !== null).length).toBeLessThan(20);
      expect(items.some((i) => i.status === "pending" || i.status === "running")).toBe(false);
      expect(await itemCosts(id)).toBe(settled.logs);
      expect(await balanceOf(user.userId)).toBe(await ledgerSum(user.userId));
    } finally {
      ctx.emu.setModel("emu-fast", { latencyMs: 0 });
    }
  });

  it("never spends past max_credits: an item whose worst case would pass it is not started, and the run stops", async () => {
    const e = await post({ candidate: "sim/fast", days: 1, sample_size: 20, mode: "estimate" });
    const r = await post({ candidate: "sim/fast", days: 1, sample_size: 20, mode: "run", max_credits: e.json.estimated_credits });
    expect(r.status, JSON.stringify(r.json)).toBe(202);
    const id = r.json.id as string;
    // The worker's own guard, whatever the answers come to: a third of the estimate fits a few items only.
    await pool().query("UPDATE replay_runs SET max_units = estimated_units / 3 WHERE id = $1", [id]);
    startReplayWorker({ pollMs: 20, onlyUsers: [user.userId] });
    const run = await until(id, (j) => j.status === "completed");
    expect(run.stopped_reason).toBe("max_credits");
    const charges = await replayCharges(id);
    expect(charges.logs).toBeLessThanOrEqual(BigInt(run.max_units as string));
    expect(BigInt(run.spent_units as string)).toBe(charges.logs);
    expect((run.items as Json[]).some((i) => i.skip_reason === "max_credits")).toBe(true);
  });

  it("a new run wakes the replay workers over the invalidation channel, without waiting for their poll", async () => {
    const listener = startInvalidationListener();
    try {
      await listener.ready();
      // Its first look finds nothing; its next poll is far past the test's end.
      startReplayWorker({ pollMs: 600_000, onlyUsers: [user.userId] });
      await sleep(100);
      const started = Date.now();
      const r = await post({ candidate: "sim/fast", days: 1, sample_size: 20, mode: "run" });
      expect(r.status, JSON.stringify(r.json)).toBe(202);
      const run = await until(r.json.id as string, (j) => j.status === "completed", 20_000);
      expect(run.progress).toEqual({ done: 20, total: 20 });
      console.log(`a run woken over LISTEN/NOTIFY completed ${Date.now() - started} ms after its POST`);
    } finally {
      await stopInvalidationListener();
    }
  });

  it("another account's id is a 404, for GET and cancel; GET /replays lists only the account's runs", async () => {
    const other = await createTestUser();
    expect((await get(runId, other.key)).status).toBe(404);
    expect((await callApi(api.baseUrl, other.key, "POST", `/replays/${runId}/cancel`)).status).toBe(404);
    expect((await callApi(api.baseUrl, other.key, "GET", "/replays")).json.data).toEqual([]);
    expect(((await callApi(api.baseUrl, user.key, "GET", "/replays")).json.data as Json[]).map((d) => d.id)).toContain(runId);
  });

  it("zero retention refuses a run (400 explaining); purge removes the runs and their items", async () => {
    await setZeroRetention(user.userId, true);
    try {
      const r = await post({ candidate: "sim/fast", days: 1, sample_size: 20, mode: "run" });
      expect(r.status).toBe(400);
      expect((r.json.error as Json).message).toMatch(/Zero retention/);
    } finally {
      await setZeroRetention(user.userId, false);
    }
    await purgeLogs(user.userId);
    const { rows } = await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM replay_items WHERE user_id = $1", [user.userId]);
    expect(rows[0]!.n).toBe(0);
    expect((await callApi(api.baseUrl, user.key, "GET", "/replays")).json.data).toEqual([]);
  });
});
