// POST /v1/chat over real HTTP: the event stream and its document form, Mesh routing
// (failover, latency, cost, round-robin), errors before and after the first byte, money and
// the request log; and `switchyard.routing` on /chat/completions.
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { recordModelOutcome, resetModelStatsForTests } from "@/lib/routing/model-stats";
import { resetMeshRotationsForTests } from "@/lib/routing/mesh";
import { pool } from "@/lib/sql/pool";
import { startApiServer, type ApiServer } from "@/lib/testing/api-servers";
import {
  SIGNUP_UNITS, costOf, creditsUnits, ledgerSum, openaiFor, settledLog, useGatewayEmulator,
} from "@/lib/testing/chat-harness";
import { createTestUser } from "@/lib/testing/fixtures";
import { eventsNamed, postOrchestration } from "@/lib/testing/orchestration";

const ctx = useGatewayEmulator({ resetEach: true });
const messages = [{ role: "user", content: "Say hello to the orchestration layer" }];

let api: ApiServer;
beforeAll(async () => {
  api = await startApiServer("node");
});
afterAll(() => api.close());
beforeEach(() => {
  resetModelStatsForTests();
  resetMeshRotationsForTests();
});

describe("POST /v1/chat", () => {
  it("streams route, chunks, trace and done as `data: {json}` lines ending with [DONE], and bills to the token", async () => {
    const user = await createTestUser();
    const a = await postOrchestration(api, user.key, "/v1/chat", { model: "sim/gpt", messages, max_tokens: 40 });
    expect(a.status).toBe(200);
    expect(a.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(a.requestId).toMatch(/^req_/);
    expect(a.text).not.toMatch(/^event:/m);
    expect(a.done).toBe(true);
    expect(a.events.map((e) => e.event)).toEqual(["route", ...Array(a.events.length - 3).fill("chunk"), "trace", "done"]);
    expect(a.events[0]).toMatchObject({ event: "route", id: a.requestId, mode: "chat", model: "sim/gpt", chain: ["sim/gpt"], strategy: "failover" });
    const text = eventsNamed(a, "chunk").map((c) => c.delta).join("");
    expect(text).toContain("Simulated reply from");
    for (const c of eventsNamed(a, "chunk")) expect(c).toMatchObject({ model: "sim/gpt" });
    const done = a.events.at(-1)!;
    const log = await settledLog(api, user.key, a.requestId);
    const cost = costOf("sim/gpt", { prompt_tokens: log.usage.input_tokens, completion_tokens: log.usage.output_tokens });
    expect(done).toMatchObject({
      event: "done", model: "sim/gpt", resolved_model: "sim/gpt", finish_reason: "length",
      usage: { prompt_tokens: log.usage.input_tokens, completion_tokens: 40, total_tokens: log.usage.input_tokens + 40 },
      charged_units: cost.toString(), remaining_units: (SIGNUP_UNITS - cost).toString(),
    });
    expect(typeof done.latency_ms).toBe("number");
    expect(typeof done.ttft_ms).toBe("number");
    expect(eventsNamed(a, "trace")[0]).toMatchObject({ attempts: [{ model: "sim/gpt", status: 200 }], failovers: 0 });
    expect(log).toMatchObject({ endpoint: "chat", status: 200, resolved_model: "sim/gpt", cost_units: cost.toString() });
    expect(await creditsUnits(api, user.key)).toBe(SIGNUP_UNITS - cost);
    expect(await ledgerSum(user.userId)).toBe(SIGNUP_UNITS - cost);
    const { rows } = await pool().query<{ is_parent: boolean; parent_id: string | null }>(
      "SELECT is_parent, parent_id FROM request_logs WHERE user_id = $1", [user.userId]);
    expect(rows).toEqual([{ is_parent: false, parent_id: null }]); // one ordinary row
  });

  it("answers stream: false with one JSON document holding the same information", async () => {
    const user = await createTestUser();
    const a = await postOrchestration(api, user.key, "/v1/chat", { model: "sim/fast", messages, stream: false });
    expect(a.status).toBe(200);
    expect(a.headers.get("content-type")).toMatch(/^application\/json/);
    expect(a.headers.get("x-switchyard-model")).toBe("sim/fast");
    const doc = a.json as { id: string; object: string; route: unknown; results: Array<Record<string, unknown>>; remaining_units: string };
    expect(doc).toMatchObject({ id: a.requestId, object: "switchyard.chat", mode: "chat", route: { model: "sim/fast", strategy: "failover" } });
    expect(doc.results).toHaveLength(1);
    const log = await settledLog(api, user.key, a.requestId);
    expect(doc.results[0]).toMatchObject({
      model: "sim/fast", status: "ok", resolved_model: "sim/fast", finish_reason: "stop", error: null,
      usage: { prompt_tokens: log.usage.input_tokens, completion_tokens: log.usage.output_tokens },
      charged_units: log.cost_units, trace: { attempts: [{ model: "sim/fast", status: 200 }], failovers: 0 },
    });
    expect(doc.results[0]!.content).toContain("Simulated reply from");
    expect(BigInt(doc.remaining_units)).toBe(SIGNUP_UNITS - BigInt(log.cost_units));
  });

  it("fails over along routing.fallback before the first byte; trace shows every attempt", async () => {
    const user = await createTestUser();
    const a = await postOrchestration(api, user.key, "/v1/chat", {
      model: "sim/down", messages, routing: { strategy: "failover", fallback: ["sim/fast"] },
    });
    expect(a.status).toBe(200);
    expect(a.events[0]).toMatchObject({ event: "route", model: "sim/down", chain: ["sim/down", "sim/fast"] });
    const trace = eventsNamed(a, "trace")[0]!;
    expect(trace).toMatchObject({ failovers: 1, attempts: [{ model: "sim/down", status: 503 }, { model: "sim/fast", status: 200 }] });
    // /chat's events name the model that answered.
    for (const c of eventsNamed(a, "chunk")) expect(c.model).toBe("sim/fast");
    expect(a.events.at(-1)).toMatchObject({ event: "done", model: "sim/fast", resolved_model: "sim/fast" });
    const log = await settledLog(api, user.key, a.requestId);
    expect(log.attempts.map((t) => t.status)).toEqual([503, 200]);
  });

  it("orders the chain by measured p50 latency (unknown last), by price, or round-robin per key — never racing", async () => {
    const user = await createTestUser();
    recordModelOutcome("sim/gemini", true, 900, 100);
    recordModelOutcome("sim/fast", true, 20, 5);
    const latency = await postOrchestration(api, user.key, "/v1/chat", {
      model: "sim/gpt", messages, routing: { strategy: "latency", fallback: ["sim/gemini", "sim/fast"] },
    });
    expect(latency.events[0]).toMatchObject({ chain: ["sim/fast", "sim/gemini", "sim/gpt"], strategy: "latency" });
    expect(latency.events.at(-1)).toMatchObject({ resolved_model: "sim/fast" });

    const cost = await postOrchestration(api, user.key, "/v1/chat", {
      model: "sim/claude", messages, routing: { strategy: "cost", fallback: ["sim/gpt", "sim/fast"] },
    });
    expect(cost.events[0]).toMatchObject({ chain: ["sim/fast", "sim/gpt", "sim/claude"] });

    ctx.emu.reset();
    const firsts: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      const rr = await postOrchestration(api, user.key, "/v1/chat", {
        model: "sim/fast", messages, max_tokens: 5, routing: { strategy: "round-robin", fallback: ["sim/gpt", "sim/gemini"] },
      });
      firsts.push(rr.events[0]!.model);
    }
    expect(firsts).toEqual(["sim/fast", "sim/gpt", "sim/gemini"]);
    // One upstream call per request: the strategy orders, it never races.
    expect(ctx.emu.requests()).toHaveLength(3);
  });

  it("routes `auto` through lib/routing/auto: the route event and x-switchyard-route say what was chosen and why", async () => {
    const user = await createTestUser();
    const a = await postOrchestration(api, user.key, "/v1/chat", { model: "auto", messages, optimization_goal: "cost" });
    expect(a.status).toBe(200);
    const route = a.events[0]!;
    expect(route).toMatchObject({ event: "route", strategy: "auto", reason: expect.stringContaining("goal cost") });
    expect(a.headers.get("x-switchyard-route")).toContain(route.model as string);
    expect(a.events.at(-1)).toMatchObject({ event: "done", resolved_model: route.model });
  });

  it("answers a plain OpenAI-shaped JSON error when every model fails before the first byte, and refunds it", async () => {
    const user = await createTestUser();
    const a = await postOrchestration(api, user.key, "/v1/chat", { model: "sim/down", messages, routing: { fallback: ["sim/rate-limited"] } });
    expect([502, 503, 429]).toContain(a.status);
    expect(a.headers.get("content-type")).toMatch(/^application\/json/);
    expect(a.json).toMatchObject({ error: { message: expect.any(String), type: expect.any(String) } });
    const log = await settledLog(api, user.key, a.requestId);
    expect(log).toMatchObject({ status: a.status, cost_units: "0" });
    expect(await ledgerSum(user.userId)).toBe(SIGNUP_UNITS);
  });

  it("ends with a terminal error event when the model fails after the first byte, charging what was delivered", async () => {
    const user = await createTestUser();
    const a = await postOrchestration(api, user.key, "/v1/chat", { model: "sim/cut", messages });
    expect(a.status).toBe(200);
    expect(a.done).toBe(true);
    expect(eventsNamed(a, "chunk").length).toBeGreaterThan(0);
    const error = a.events.at(-1)!;
    expect(error).toMatchObject({ event: "error", model: "sim/cut", status_code: 502, refunded: false });
    const log = await settledLog(api, user.key, a.requestId);
    expect(error.charged_units).toBe(log.cost_units);
    expect(BigInt(log.cost_units)).toBeGreaterThan(0n);
  });

  it.each([
    ["no messages", { model: "sim/gpt" }, "messages"],
    ["an unknown strategy", { model: "sim/gpt", messages, routing: { strategy: "fastest" } }, "routing.strategy"],
    ["a bad fallback list", { model: "sim/gpt", messages, routing: { fallback: "sim/fast" } }, "routing.fallback"],
    ["models and routing.fallback at once", { model: "sim/gpt", messages, models: ["sim/fast"], routing: { fallback: ["sim/gemini"] } }, "routing.fallback"],
    ["an unknown field", { model: "sim/gpt", messages, bogus: 1 }, null],
    ["a bad temperature", { model: "sim/gpt", messages, temperature: 7 }, "temperature"],
    ["stream that is not a boolean", { model: "sim/gpt", messages, stream: "yes" }, "stream"],
    ["an unknown model", { model: "sim/nope", messages }, "model"],
  ])("refuses %s with a 400/404 naming the field", async (_name, body, param) => {
    const user = await createTestUser();
    const a = await postOrchestration(api, user.key, "/v1/chat", body);
    expect([400, 404]).toContain(a.status);
    expect(a.json).toMatchObject({ error: { param } });
    expect(ctx.emu.requests()).toHaveLength(0);
  });

  it("needs a valid key like every endpoint", async () => {
    const a = await postOrchestration(api, "sk-sy-nope", "/v1/chat", { model: "sim/gpt", messages });
    expect(a.status).toBe(401);
    expect(a.json).toMatchObject({ error: { type: "authentication_error" } });
    expect(a.requestId).toMatch(/^req_/);
  });
});

describe("switchyard.routing on /v1/chat/completions", () => {
  it("means the same as `models`: fallbacks, ordered by the strategy (OpenAI SDK)", async () => {
    const user = await createTestUser();
    const body = { model: "sim/down", messages: [{ role: "user" as const, content: "hi" }], switchyard: { routing: { strategy: "failover", fallback: ["sim/fast"] } } };
    const { data, response } = await openaiFor(api, user.key).chat.completions
      .create(body as OpenAI.ChatCompletionCreateParamsNonStreaming).withResponse();
    expect(data.model).toBe("sim/fast");
    const log = await settledLog(api, user.key, response.headers.get("x-request-id")!);
    expect(log.attempts.map((t) => [t.model, t.status])).toEqual([["sim/down", 503], ["sim/fast", 200]]);
  });

  it("refuses `models` together with switchyard.routing.fallback (400 naming the field)", async () => {
    const user = await createTestUser();
    const err = await openaiFor(api, user.key).chat.completions.create({
      model: "sim/gpt", messages: [{ role: "user", content: "hi" }], models: ["sim/fast"], switchyard: { routing: { fallback: ["sim/gemini"] } },
    } as OpenAI.ChatCompletionCreateParamsNonStreaming).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect((err as { param?: string }).param).toBe("switchyard.routing.fallback");
  });
});
