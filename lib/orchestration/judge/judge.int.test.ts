// POST /v1/judge over real HTTP on simulated models: contestants stream, the judge scores them
// (json_schema where the catalog says the model does JSON, json_object + instructions
// otherwise), the verdict is checked; invalid JSON twice → a terminal error event with the
// judge's tokens charged; the rules as 400s; the JSON document.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/sql/pool";
import { startApiServer, type ApiServer } from "@/lib/testing/api-servers";
import { SIGNUP_UNITS, balanceOf, ledgerSum, settledLog, useGatewayEmulator, waitForLogCount } from "@/lib/testing/chat-harness";
import { createTestUser } from "@/lib/testing/fixtures";
import { eventsNamed, postOrchestration } from "@/lib/testing/orchestration";
import { checkVerdict, type Verdict } from "./verdict";

const ctx = useGatewayEmulator({ resetEach: true });
const messages = [{ role: "user", content: "Explain how tides work" }];

let api: ApiServer;
beforeAll(async () => {
  api = await startApiServer("node");
});
afterAll(() => api.close());

type Row = { id: string; parent_id: string | null; is_parent: boolean; cost_units: string; output_tokens: number; requested_model: string; status: number };

async function rowsOf(userId: string): Promise<Row[]> {
  const { rows } = await pool().query<Row>(
    "SELECT id, parent_id, is_parent, cost_units::text, output_tokens, requested_model, status FROM request_logs WHERE user_id = $1", [userId]);
  return rows;
}

describe("POST /v1/judge", () => {
  it("contestants stream, the judge (json_schema) returns a verdict that passes the checks", async () => {
    ctx.emu.setModel("emu-chat", { ttftMs: 0, tokensPerSecond: 0 });
    const user = await createTestUser();
    const contestants = ["sim/gpt", "sim/gemini", "sim/claude"];
    const a = await postOrchestration(api, user.key, "/v1/judge", { contestants, judge: "sim/fast", criteria: ["accuracy", "brevity"], messages });
    expect(a.status, a.text).toBe(200);
    expect(a.events[0]).toMatchObject({
      event: "route", mode: "judge",
      models: [...contestants.map((model, index) => ({ model, index, stage: "source" })), { model: "sim/fast", index: 0, stage: "judge" }],
    });
    const chunks = eventsNamed(a, "chunk");
    expect(new Set(chunks.map((c) => c.index))).toEqual(new Set([0, 1, 2]));
    expect(chunks.every((c) => c.stage === "source")).toBe(true); // the judge's JSON is not streamed as text
    const dones = eventsNamed(a, "done");
    expect(dones.map((d) => d.stage)).toEqual(["source", "source", "source", "judge"]);
    const verdict = a.events.at(-1)!;
    expect(verdict).toMatchObject({ event: "verdict", judge: "sim/fast", stage: "judge", criteria: ["accuracy", "brevity"] });
    const check = checkVerdict(JSON.stringify(verdict), contestants);
    expect(check.ok, JSON.stringify(verdict)).toBe(true);
    const v = verdict as unknown as Verdict;
    expect(v.scores.map((s) => s.rank)).toEqual([1, 2, 3]);
    expect(v.scores[0]!.model).toBe(v.winner);

    // What the judge was sent: the verdict schema as json_schema, the answers in its instructions.
    const sent = ctx.emu.requests().find((r) => r.model === "emu-fast")!;
    const body = sent.body as { response_format: { type: string; json_schema: { schema: { properties: { winner: { enum: string[] } } } } }; messages: Array<{ role: string; content: string }> };
    expect(body.response_format.type).toBe("json_schema");
    expect(body.response_format.json_schema.schema.properties.winner.enum).toEqual(contestants);
    for (const c of contestants) expect(body.messages[0]!.content).toContain(`### Contestant ${c}\nSimulated reply from emu-chat`);

    await settledLog(api, user.key, a.requestId);
    await waitForLogCount(user.userId, 5);
    const rows = await rowsOf(user.userId);
    const total = rows.reduce((s, r) => s + BigInt(r.cost_units), 0n);
    expect(rows.filter((r) => r.is_parent)).toHaveLength(1);
    expect(rows.filter((r) => !r.is_parent).every((r) => r.parent_id === a.requestId)).toBe(true);
    expect(await ledgerSum(user.userId)).toBe(SIGNUP_UNITS - total);
  });

  it("a judge without native JSON (sim/claude) gets json_object and the schema in its instructions", async () => {
    const user = await createTestUser();
    const a = await postOrchestration(api, user.key, "/v1/judge", { contestants: ["sim/fast", "sim/gpt"], judge: "sim/claude", messages, max_tokens: 300 });
    expect(a.status, a.text).toBe(200);
    const verdict = a.events.at(-1)!;
    expect(verdict.event).toBe("verdict");
    expect(checkVerdict(JSON.stringify(verdict), ["sim/fast", "sim/gpt"]).ok).toBe(true);
    const sent = ctx.emu.requests().find((r) => r.format === "anthropic")!;
    const body = sent.body as { system: Array<{ text: string }>; tools?: unknown };
    expect(body.tools).toBeUndefined();
    const system = body.system.map((b) => b.text).join("\n");
    expect(system).toContain("The JSON must conform to this JSON Schema:");
    expect(system).toContain("Respond with one valid JSON object"); // the adapter's json_object instruction
  });

  it("invalid JSON twice: one retry told what was wrong, then an error event; the judge's tokens are charged", async () => {
    ctx.emu.setModel("emu-fast", { invalidJson: true });
    const user = await createTestUser();
    const a = await postOrchestration(api, user.key, "/v1/judge", { contestants: ["sim/gpt", "sim/gemini"], judge: "sim/fast", messages, max_tokens: 200 });
    expect(a.status).toBe(200);
    const judgeDones = eventsNamed(a, "done").filter((d) => d.stage === "judge");
    expect(judgeDones.map((d) => d.index)).toEqual([0, 1]);
    for (const d of judgeDones) expect(BigInt(String(d.charged_units))).toBeGreaterThan(0n);
    const error = a.events.at(-1)!;
    expect(error).toMatchObject({ event: "error", code: "upstream_error", status_code: 502, refunded: false });
    expect(String(error.message)).toMatch(/did not return a valid verdict in 2 attempts \(the judge's answer is not valid JSON\)/);
    expect(eventsNamed(a, "verdict")).toHaveLength(0);
    const retry = ctx.emu.requests().filter((r) => r.model === "emu-fast")[1]!;
    expect(JSON.stringify(retry.body)).toContain("Your previous reply was rejected: the judge's answer is not valid JSON");

    await settledLog(api, user.key, a.requestId);
    await waitForLogCount(user.userId, 5);
    const rows = await rowsOf(user.userId);
    const judged = rows.filter((r) => r.requested_model === "sim/fast");
    expect(judged).toHaveLength(2);
    for (const r of judged) {
      expect(r.status).toBe(200);
      expect(r.output_tokens).toBeGreaterThan(0);
      expect(BigInt(r.cost_units)).toBeGreaterThan(0n);
    }
    const total = rows.reduce((s, r) => s + BigInt(r.cost_units), 0n);
    expect(total).toBe(eventsNamed(a, "done").reduce((s, d) => s + BigInt(String(d.charged_units)), 0n));
    expect(await balanceOf(user.userId)).toBe(SIGNUP_UNITS - total);
    expect(await ledgerSum(user.userId)).toBe(SIGNUP_UNITS - total);
  });

  it.each([
    [{ contestants: ["sim/gpt"], judge: "sim/fast" }, "contestants", /'contestants' must list 2 to 4 models \(got 1\)/],
    [{ contestants: ["sim/gpt", "sim/fast", "sim/gemini", "sim/claude", "sim/gpt"], judge: "sim/fast" }, "contestants", /2 to 4 models \(got 5\)/],
    [{ contestants: ["sim/gpt", "sim/fast"], judge: "sim/fast" }, "judge", /The judge must not be a contestant/],
    [{ contestants: ["sim/gpt", "sim/fast"], judge: "sim-fast" }, "judge", /The judge must not be a contestant/],
    [{ contestants: ["sim/gpt", "sim-gpt"], judge: "sim/fast" }, "contestants.1", /must be distinct models/],
    [{ contestants: ["sim/gpt", "sim/gemini"], judge: "sim/nope" }, "judge", /does not exist/],
    [{ contestants: ["sim/gpt", "sim/gemini"] }, "judge", /judge/],
  ])("%j → 4xx naming the rule, nothing runs", async (body, param, message) => {
    const user = await createTestUser();
    const a = await postOrchestration(api, user.key, "/v1/judge", { ...body, messages });
    expect([400, 404]).toContain(a.status);
    expect(a.json).toMatchObject({ error: { param, message: expect.stringMatching(message) } });
    expect(ctx.emu.requests()).toHaveLength(0);
  });

  it("answers stream: false with one document carrying the verdict", async () => {
    const user = await createTestUser();
    const a = await postOrchestration(api, user.key, "/v1/judge", { contestants: ["sim/fast", "sim/gemini"], judge: "sim/gpt", messages, stream: false, max_tokens: 300 });
    expect(a.status).toBe(200);
    const doc = a.json as { object: string; results: Array<Record<string, unknown>>; verdict: Record<string, unknown> };
    expect(doc.object).toBe("switchyard.judge");
    expect(doc.results.map((r) => [r.model, r.stage, r.status])).toEqual([["sim/fast", "source", "ok"], ["sim/gemini", "source", "ok"], ["sim/gpt", "judge", "ok"]]);
    expect(["sim/fast", "sim/gemini"]).toContain(doc.verdict.winner);
    expect(doc.verdict.scores).toHaveLength(2);
  });

  it("judges the contestants that answered and names the ones that did not", async () => {
    const user = await createTestUser();
    const a = await postOrchestration(api, user.key, "/v1/judge", { contestants: ["sim/fast", "sim/down", "sim/gemini"], judge: "sim/gpt", messages, max_tokens: 300 });
    expect(a.status).toBe(200);
    expect(eventsNamed(a, "error")).toEqual([expect.objectContaining({ model: "sim/down", index: 1, refunded: true })]);
    const verdict = a.events.at(-1)!;
    expect(verdict).toMatchObject({ event: "verdict", unanswered: ["sim/down"] });
    expect(checkVerdict(JSON.stringify(verdict), ["sim/fast", "sim/gemini"]).ok).toBe(true);
  });
});
