// POST /v1/blend over real HTTP on simulated models: every strategy end to end (event order
// and tags, the synthesis visibly made of the sources), the counting rules as 400s, the JSON
// document, a failed source left out and refunded, per-stage reservation (402 before anything
// runs; a later stage that cannot be covered ends with an error event naming it), and the
// ledger reconciling after concurrent blends.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyLedgerEntry } from "@/lib/billing/ledger";
import { sqlFromPool } from "@/lib/sql/executor";
import { pool } from "@/lib/sql/pool";
import { startApiServer, type ApiServer } from "@/lib/testing/api-servers";
import { SIGNUP_UNITS, balanceOf, ledgerSum, settledLog, useGatewayEmulator, waitForLogCount } from "@/lib/testing/chat-harness";
import { createTestUser } from "@/lib/testing/fixtures";
import { eventsNamed, postOrchestration, type OrchestrationEventJson, type SseAnswer } from "@/lib/testing/orchestration";

const ctx = useGatewayEmulator({
  resetEach: true,
  setup: (emu) => emu.setModel("emu-chat", { ttftMs: 0, tokensPerSecond: 0 }),
});
const messages = [{ role: "user", content: "Explain how tides work" }];

let api: ApiServer;
beforeAll(async () => {
  api = await startApiServer("node");
});
afterAll(() => api.close());

const fastChat = () => ctx.emu.setModel("emu-chat", { ttftMs: 0, tokensPerSecond: 0 });

/** The text each sub-call streamed, by "stage#index". */
function texts(a: SseAnswer): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of eventsNamed(a, "chunk")) {
    const k = `${String(c.stage)}#${String(c.index)}`;
    out.set(k, (out.get(k) ?? "") + String(c.delta));
  }
  return out;
}

function trigrams(text: string): Set<string> {
  const w = (text.match(/[\p{L}\p{N}]+/gu) ?? []).map((x) => x.toLowerCase());
  return new Set(w.slice(2).map((_, i) => `${w[i]} ${w[i + 1]} ${w[i + 2]}`));
}

/** Each of `sources` has a three-word run, found in none of the others, that `merged` quotes. */
function expectComposedOf(merged: string, sources: string[]): void {
  const grams = trigrams(merged);
  for (const s of sources) {
    const own = [...trigrams(s)].filter((g) => !sources.some((o) => o !== s && trigrams(o).has(g)));
    expect(own.some((g) => grams.has(g)), `nothing of\n  ${s}\nin\n  ${merged}`).toBe(true);
  }
}

/** Stages in the order their events first appear; no event of a stage after a later stage began. */
function stageOrder(events: OrchestrationEventJson[]): string[] {
  const order: string[] = [];
  for (const e of events) {
    if (typeof e.stage !== "string" || e.event === "route" || e.event === "blend") continue;
    if (order.at(-1) !== e.stage) {
      expect(order, `stage ${e.stage} came back after ${order.at(-1)}`).not.toContain(e.stage);
      order.push(e.stage);
    }
  }
  return order;
}

const cases = [
  { strategy: "consensus", body: { models: ["sim/gpt", "sim/claude", "sim/gemini"] }, stages: ["source", "synthesis"] },
  { strategy: "council", body: { models: ["sim/gpt", "sim/gemini"], synthesizer: "sim/claude" }, stages: ["source", "synthesis"] },
  { strategy: "best_of", body: { models: ["sim/gemini", "sim/gpt", "sim/fast"] }, stages: ["source", "synthesis"] },
  { strategy: "chain", body: { models: ["sim/gpt", "sim/claude", "sim/gemini"], synthesizer: "sim/gpt" }, stages: ["source", "synthesis"] },
  { strategy: "moa", body: { models: ["sim/gpt", "sim/gemini"], layers: 2, synthesizer: "sim/claude" }, stages: ["layer_1", "layer_2", "synthesis"] },
  { strategy: "self_moa", body: { models: ["sim/gpt"], samples: 3 }, stages: ["source", "synthesis"] },
] as const;

describe("POST /v1/blend", () => {
  it.each(cases)("$strategy: tagged source events, then the synthesis streams, made of the sources; billed exactly", async ({ strategy, body, stages }) => {
    const user = await createTestUser();
    const a = await postOrchestration(api, user.key, "/v1/blend", { ...body, strategy, messages });
    expect(a.status, a.text).toBe(200);
    expect(a.done).toBe(true);
    const route = a.events[0]!;
    expect(route).toMatchObject({ event: "route", mode: "blend", strategy });
    expect(stageOrder(a.events)).toEqual(stages);
    for (const e of a.events.slice(1, -1)) {
      expect(typeof e.model, JSON.stringify(e)).toBe("string");
      expect(typeof e.index).toBe("number");
    }
    const byKey = texts(a);
    const sourceStage = stages.at(-2)!;
    const sources = [...byKey].filter(([k]) => k.startsWith(`${sourceStage}#`)).map(([, t]) => t);
    const expectedSources = strategy === "self_moa" ? 3 : body.models.length;
    expect(sources).toHaveLength(expectedSources);
    const synthesisSteps = [...byKey].filter(([k]) => k.startsWith("synthesis#")).sort(([x], [y]) => x.localeCompare(y)).map(([, t]) => t);
    expect(synthesisSteps).toHaveLength(strategy === "chain" ? body.models.length - 1 : 1);
    const final = synthesisSteps.at(-1)!;
    const blend = a.events.at(-1)!;
    expect(blend).toMatchObject({ event: "blend", strategy, content: final, synthesis: { stage: "synthesis", index: synthesisSteps.length - 1 } });

    if (strategy === "chain") {
      // Each step integrates the next answer into the draft so far.
      const ordered = [0, 1, 2].map((i) => byKey.get(`source#${i}`)!);
      expectComposedOf(synthesisSteps[0]!, [ordered[0]!, ordered[1]!]);
      expectComposedOf(synthesisSteps[1]!, [synthesisSteps[0]!, ordered[2]!]);
    } else {
      expectComposedOf(final, sources);
    }
    if (strategy === "moa") {
      const layer1 = [...byKey].filter(([k]) => k.startsWith("layer_1#")).map(([, t]) => t);
      for (const [k, t] of byKey) if (k.startsWith("layer_2#")) expectComposedOf(t, layer1);
    }
    if (strategy === "self_moa") {
      expect(new Set(sources).size).toBe(3); // diverse samples of one model
      expect(eventsNamed(a, "done").filter((d) => d.stage === "source").every((d) => d.model === "sim/gpt")).toBe(true);
    }

    // Money: one parent row, a child per sub-call, Σ children = what the blend event says was charged.
    const calls = eventsNamed(a, "done").length;
    await settledLog(api, user.key, a.requestId);
    await waitForLogCount(user.userId, calls + 1);
    const { rows } = await pool().query<{ id: string; parent_id: string | null; is_parent: boolean; cost_units: string }>(
      "SELECT id, parent_id, is_parent, cost_units::text FROM request_logs WHERE user_id = $1", [user.userId]);
    const parent = rows.find((r) => r.is_parent)!;
    expect(parent).toMatchObject({ id: a.requestId, cost_units: "0" });
    const children = rows.filter((r) => !r.is_parent);
    expect(children).toHaveLength(calls);
    for (const c of children) expect(c.parent_id).toBe(a.requestId);
    const total = children.reduce((s, c) => s + BigInt(c.cost_units), 0n);
    expect(total).toBeGreaterThan(0n);
    expect(blend).toMatchObject({ charged_units: total.toString(), remaining_units: (SIGNUP_UNITS - total).toString() });
    expect(await ledgerSum(user.userId)).toBe(SIGNUP_UNITS - total);
    expect(await balanceOf(user.userId)).toBe(SIGNUP_UNITS - total);
  });

  it.each([
    [{ models: ["sim/gpt"] }, "models", /Strategy 'consensus' blends 2 to 6 models/],
    [{ models: ["sim/gpt", "sim/fast", "sim/gpt", "sim/fast", "sim/gpt", "sim/fast", "sim/gpt"], strategy: "council" }, "models", /2 to 6 models \(got 7\)/],
    [{ models: ["sim/gpt", "sim/fast"], strategy: "self_moa" }, "models", /'self_moa' samples exactly 1 model/],
    [{ models: ["sim/gpt", "sim/fast"], layers: 2 }, "layers", /'layers' applies only to strategy 'moa'/],
    [{ models: ["sim/gpt", "sim/fast"], strategy: "moa", layers: 4 }, "layers", /from 1 to 3/],
    [{ models: ["sim/gpt"], strategy: "self_moa", samples: 9 }, "samples", /from 2 to 8/],
    [{ models: ["sim/gpt"], strategy: "self_moa", samples: 1 }, "samples", /from 2 to 8/],
    [{ models: ["sim/gpt", "sim/fast"], strategy: "chain", samples: 3 }, "samples", /'samples' applies only to strategy 'self_moa'/],
    [{ models: ["sim/gpt", "sim/fast"], synthesizer: "sim/nope" }, "synthesizer", /does not exist/],
    [{ models: ["sim/gpt", "sim/nope"] }, "models[1]", /does not exist/],
  ])("%j → 400/404 naming the rule, nothing runs", async (body, param, message) => {
    const user = await createTestUser();
    const a = await postOrchestration(api, user.key, "/v1/blend", { ...body, messages });
    expect([400, 404]).toContain(a.status);
    expect(a.json).toMatchObject({ error: { param, message: expect.stringMatching(message) } });
    expect(ctx.emu.requests()).toHaveLength(0);
  });

  it("answers stream: false with one document: the sources, the synthesis and the blend summary", async () => {
    const user = await createTestUser();
    const a = await postOrchestration(api, user.key, "/v1/blend", { models: ["sim/fast", "sim/gemini"], messages, stream: false });
    expect(a.status).toBe(200);
    const doc = a.json as { object: string; results: Array<Record<string, unknown>>; blend: Record<string, unknown> };
    expect(doc.object).toBe("switchyard.blend");
    expect(doc.results.map((r) => [r.model, r.index, r.stage, r.status])).toEqual([
      ["sim/fast", 0, "source", "ok"], ["sim/gemini", 1, "source", "ok"], ["sim/fast", 0, "synthesis", "ok"],
    ]);
    expect(doc.blend).toMatchObject({ strategy: "consensus", content: doc.results[2]!.content, synthesis: { model: "sim/fast", index: 0 } });
    expectComposedOf(String(doc.blend.content), [String(doc.results[0]!.content), String(doc.results[1]!.content)]);
  });

  it("leaves a failed source out (refunded) and synthesizes the others", async () => {
    const user = await createTestUser();
    const a = await postOrchestration(api, user.key, "/v1/blend", { models: ["sim/gpt", "sim/down", "sim/gemini"], synthesizer: "sim/fast", messages });
    expect(a.status).toBe(200);
    expect(eventsNamed(a, "error")).toEqual([expect.objectContaining({ model: "sim/down", index: 1, stage: "source", refunded: true })]);
    const t = texts(a);
    expectComposedOf(t.get("synthesis#0")!, [t.get("source#0")!, t.get("source#2")!]);
    expect(a.events.at(-1)).toMatchObject({ event: "blend", stages: [{ stage: "source", calls: 3, answered: 2 }, { stage: "synthesis", calls: 1, answered: 1 }] });
  });

  it("every source failing is a plain JSON error, nothing charged", async () => {
    const user = await createTestUser();
    const a = await postOrchestration(api, user.key, "/v1/blend", { models: ["sim/down", "sim/down"], synthesizer: "sim/fast", messages });
    expect(a.status).toBe(503);
    expect(a.json).toMatchObject({ error: { type: "upstream_error" } });
    await settledLog(api, user.key, a.requestId);
    expect(await ledgerSum(user.userId)).toBe(SIGNUP_UNITS);
  });

  describe("per-stage reservation", () => {
    async function drainTo(userId: string, left: bigint): Promise<void> {
      const r = await applyLedgerEntry(sqlFromPool(pool()), { userId, kind: "adjustment", amount: left - SIGNUP_UNITS, sourceId: `drain:${userId}` });
      expect(r).toMatchObject({ status: "applied", balance: left });
    }

    it("402 before anything runs when the first stage cannot be covered", async () => {
      const user = await createTestUser();
      await drainTo(user.userId, 10_000_000_000n); // 1 credit: less than two sim/claude worst cases at 64 k output tokens
      const a = await postOrchestration(api, user.key, "/v1/blend", { models: ["sim/claude", "sim/claude"], messages });
      expect(a.status).toBe(402);
      expect(a.json).toMatchObject({ error: { type: "insufficient_credits" } });
      expect(ctx.emu.requests()).toHaveLength(0);
      expect(await balanceOf(user.userId)).toBe(10_000_000_000n);
    });

    it("a synthesis the balance can no longer cover ends with an error event naming the stage; the sources stay charged", async () => {
      const user = await createTestUser();
      // Two cheap 20-token sources fit (≈ 0.006 credits at worst); the synthesizer's prompt alone (sim/claude at $1/M:
      // ~200 tokens of instructions and answers ≈ 0.02 credits) does not.
      const left = 120_000_000n; // 0.012 credits
      await drainTo(user.userId, left);
      const a = await postOrchestration(api, user.key, "/v1/blend", {
        models: ["sim/fast", "sim/gemini"], synthesizer: "sim/claude", messages, max_tokens: 20,
      });
      expect(a.status).toBe(200);
      expect(eventsNamed(a, "done").map((d) => d.stage)).toEqual(["source", "source"]);
      const error = a.events.at(-1)!;
      expect(error).toMatchObject({ event: "error", status_code: 402, code: "insufficient_credits", refunded: false });
      expect(String(error.message)).toMatch(/before its synthesis stage/);
      expect(eventsNamed(a, "chunk").some((c) => c.stage === "synthesis")).toBe(false);
      await settledLog(api, user.key, a.requestId);
      await waitForLogCount(user.userId, 3);
      const spent = left - (await balanceOf(user.userId));
      expect(spent).toBeGreaterThan(0n);
      expect(await ledgerSum(user.userId)).toBe(await balanceOf(user.userId));
    });
  });

  it("the ledger reconciles after concurrent blends from one account", async () => {
    fastChat();
    const user = await createTestUser();
    const bodies = [
      { models: ["sim/gpt", "sim/fast"], strategy: "consensus" },
      { models: ["sim/gemini", "sim/fast", "sim/gpt"], strategy: "chain" },
      { models: ["sim/fast", "sim/gpt"], strategy: "moa", layers: 2 },
      { models: ["sim/fast"], strategy: "self_moa", samples: 4 },
      { models: ["sim/claude", "sim/down"], strategy: "best_of", synthesizer: "sim/fast" },
      { models: ["sim/gpt", "sim/gemini"], strategy: "council" },
    ];
    const answers = await Promise.all([...bodies, ...bodies].map((b) => postOrchestration(api, user.key, "/v1/blend", { ...b, messages, max_tokens: 40 })));
    for (const a of answers) expect(a.status, a.text).toBe(200);
    const subCalls = answers.reduce((n, a) => n + eventsNamed(a, "done").length + eventsNamed(a, "error").length, 0);
    await waitForLogCount(user.userId, subCalls + answers.length);
    const { rows } = await pool().query<{ cost: string; parents: string; parent_cost: string }>(
      `SELECT coalesce(sum(cost_units) FILTER (WHERE NOT is_parent), 0)::text AS cost, count(*) FILTER (WHERE is_parent)::text AS parents,
              coalesce(sum(cost_units) FILTER (WHERE is_parent), 0)::text AS parent_cost
       FROM request_logs WHERE user_id = $1`, [user.userId]);
    const cost = BigInt(rows[0]!.cost);
    expect(rows[0]).toMatchObject({ parents: String(answers.length), parent_cost: "0" });
    const charged = answers.reduce((s, a) => s + BigInt(String(a.events.at(-1)!.charged_units)), 0n);
    expect(charged).toBe(cost);
    expect(await balanceOf(user.userId)).toBe(SIGNUP_UNITS - cost);
    expect(await ledgerSum(user.userId)).toBe(SIGNUP_UNITS - cost);
  });
});
