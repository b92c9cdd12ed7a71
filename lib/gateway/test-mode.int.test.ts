// Test-mode keys end to end, with real-looking provider keys configured, the providers' URLs
// pointing at a closed port and no emulator at all: every model is answered by the in-process
// simulator in the endpoint's own wire format (official SDKs), for free (no hold, no charge,
// balance untouched), logged with mode "test"; x-switchyard-simulate scripts the failures.
import type Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db";
import { resetEnvForTests } from "@/lib/env";
import { listLogs } from "@/lib/usage/list-logs";
import { logFiltersSchema } from "@/lib/usage/log-filters";
import { pool } from "@/lib/sql/pool";
import { startApiServer, type ApiServer } from "@/lib/testing/api-servers";
import { SIGNUP_UNITS, anthropicFor, balanceOf, ledgerRows, openaiFor, settledLog } from "@/lib/testing/chat-harness";
import { assertTestDatabase } from "@/lib/testing/db-guard";
import { createTestUser } from "@/lib/testing/fixtures";
import { createKeyWith } from "@/lib/testing/key-fixtures";

// Provider keys set, as on a real deployment; any real call would fail (nothing listens on port 9).
const PROVIDER_ENV: Record<string, string> = {
  OPENAI_API_KEY: "sk-proj-realistic-looking-key", OPENAI_BASE_URL: "http://127.0.0.1:9/v1",
  ANTHROPIC_API_KEY: "sk-ant-realistic-looking-key", ANTHROPIC_BASE_URL: "http://127.0.0.1:9",
};
const saved: Record<string, string | undefined> = {};
beforeAll(() => {
  assertTestDatabase();
  for (const name of [...Object.keys(PROVIDER_ENV), "EMULATOR_URL"]) saved[name] = process.env[name];
  Object.assign(process.env, PROVIDER_ENV);
  delete process.env.EMULATOR_URL;
  resetEnvForTests();
});
afterAll(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetEnvForTests();
  await closeDb();
});

const hi = [{ role: "user" as const, content: "What is the capital of France?" }];

/** The error a call was expected to throw (an SDK's APIError, typed as the test reads it). */
const failure = <T>(p: Promise<unknown>): Promise<T> => p.then(() => { throw new Error("expected the call to fail"); }, (e: unknown) => e as T);
const FAST = "latency_ms=0; tokens_per_second=0";

describe.each(["node", "fetch"] as const)("test-mode keys via the %s door", (door) => {
  let api: ApiServer;
  let user: Awaited<ReturnType<typeof createTestUser>>;
  let key: string;
  beforeAll(async () => {
    api = await startApiServer(door);
    user = await createTestUser();
    ({ key } = await createKeyWith(user.userId, { name: "sandbox", mode: "test" }));
  });
  afterAll(() => api.close());

  it("answers openai/gpt-4o-mini in the OpenAI format, free, logged as test", async () => {
    const { data, response } = await openaiFor(api, key).chat.completions.create({ model: "openai/gpt-4o-mini", messages: hi })
      .withResponse();
    expect(key).toMatch(/^sk-sy-test-/);
    expect(data.object).toBe("chat.completion");
    expect(data.model).toBe("openai/gpt-4o-mini");
    expect(data.choices[0]!.message.content).toMatch(/^This is a simulated reply from openai\/gpt-4o-mini \(Switchyard test mode\)\. You asked: "What is the capital of France\?"/);
    expect(data.usage!.completion_tokens).toBeGreaterThan(20);
    expect(response.headers.get("x-switchyard-provider")).toBe("simulator");
    const log = await settledLog(api, key, response.headers.get("x-request-id")!);
    expect(log).toMatchObject({ status: 200, resolved_model: "openai/gpt-4o-mini", provider: "simulator", cost_units: "0", reserved_units: "0" });
    expect((log as unknown as { mode: string }).mode).toBe("test");
    expect(log.usage).toMatchObject({ input_tokens: data.usage!.prompt_tokens, output_tokens: data.usage!.completion_tokens, source: "provider" });
    // Never touches money: no hold, no charge, the balance as signed up.
    expect(await balanceOf(user.userId)).toBe(SIGNUP_UNITS);
    expect((await ledgerRows(user.userId)).map((r) => r.kind)).toEqual(["grant"]);
    const { rows } = await pool().query<{ held: string }>("SELECT held::text FROM users WHERE id = $1", [user.userId]);
    expect(rows[0]!.held).toBe("0");
  });

  it("streams any provider's model through the Anthropic Messages door", async () => {
    const stream = anthropicFor(api, key).messages.stream(
      { model: "anthropic/claude-haiku-4-5", max_tokens: 200, messages: hi }, { headers: { "x-switchyard-simulate": FAST } });
    const events: string[] = [];
    stream.on("streamEvent", (e: Anthropic.MessageStreamEvent) => events.push(e.type));
    const final = await stream.finalMessage();
    expect(events[0]).toBe("message_start");
    expect(events).toContain("content_block_delta");
    expect(events.at(-1)).toBe("message_stop");
    expect(final.stop_reason).toBe("end_turn");
    const text = final.content.map((b) => (b.type === "text" ? b.text : "")).join("");
    expect(text).toMatch(/^This is a simulated reply from anthropic\/claude-haiku-4-5/);
    expect(final.usage.output_tokens).toBeGreaterThan(20);
  });

  it("keeps the key's allow-list, and answers `auto` with the simulator", async () => {
    const { key: narrow } = await createKeyWith(user.userId, { mode: "test", allowedModels: ["openai/gpt-4o-mini"] });
    const err = await failure<{ status: number }>(
      openaiFor(api, narrow).chat.completions.create({ model: "anthropic/claude-haiku-4-5", messages: hi }));
    expect(err.status).toBe(403);
    const auto = await openaiFor(api, key).chat.completions.create({ model: "auto", messages: hi },
      { headers: { "x-switchyard-simulate": FAST } });
    expect(auto.model).toBe("openai/gpt-4o-mini");
  });

  it("status=503 answers 503 with retry-after, in each endpoint's error format", async () => {
    const headers = { "x-switchyard-simulate": "status=503; latency_ms=0" };
    const o = await failure<{ status: number; headers: Headers; error: { message: string; type: string } }>(
      openaiFor(api, key).chat.completions.create({ model: "openai/gpt-4o-mini", messages: hi }, { headers }));
    expect(o.status).toBe(503);
    expect(o.headers.get("retry-after")).toBe("1");
    expect(o.error.message).toBe("Simulated 503 error (x-switchyard-simulate: status=503).");
    const a = await failure<{ status: number; error: { type: string; error: { type: string } } }>(
      anthropicFor(api, key).messages.create({ model: "openai/gpt-4o-mini", max_tokens: 50, messages: hi }, { headers }));
    expect(a.status).toBe(503);
    expect(a.error.type).toBe("error");
    // The next request, without the header, is unaffected (no breaker opened).
    expect((await openaiFor(api, key).chat.completions.create({ model: "openai/gpt-4o-mini", messages: hi },
      { headers: { "x-switchyard-simulate": FAST } })).choices[0]!.finish_reason).toBe("stop");
  });

  it("latency_ms delays the answer; rate_limit=N answers 429 with retry-after N", async () => {
    const t0 = performance.now();
    await openaiFor(api, key).chat.completions.create({ model: "openai/gpt-4o-mini", messages: hi, max_tokens: 3 },
      { headers: { "x-switchyard-simulate": "latency_ms=400; tokens_per_second=0" } });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(400);
    const res = await fetch(`${api.baseUrl}/v1/chat/completions`, {
      method: "POST", body: JSON.stringify({ model: "openai/gpt-4o-mini", messages: hi }),
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "x-switchyard-simulate": "rate_limit=3; latency_ms=0" },
    });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("3");
  });

  it("cut_after_tokens=5 breaks a stream off after five tokens with an error event", async () => {
    const res = await fetch(`${api.baseUrl}/v1/chat/completions`, {
      method: "POST", body: JSON.stringify({ model: "openai/gpt-4o-mini", messages: hi, stream: true }),
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "x-switchyard-simulate": `cut_after_tokens=5; ${FAST}` },
    });
    expect(res.status).toBe(200);
    const events = (await res.text()).split("\n\n").filter(Boolean).map((e) => JSON.parse(e.replace(/^data: /, "")) as
      { choices?: Array<{ delta: { content?: string } }>; error?: { message: string } });
    const content = events.filter((e) => e.choices?.[0]?.delta.content);
    expect(content).toHaveLength(5);
    expect(events.at(-1)!.error!.message).toMatch(/cut after 5 output tokens/);
    const log = await settledLog(api, key, res.headers.get("x-request-id")!);
    expect(log.status).toBe(502);
    expect(log.cost_units).toBe("0");
  });

  it("a bad x-switchyard-simulate is a 400 naming the problem", async () => {
    for (const [header, text] of [["status=503; colour=red", /unknown name 'colour'/], ["latency_ms=soon", /'latency_ms' needs a whole number/]] as const) {
      const res = await fetch(`${api.baseUrl}/v1/chat/completions`, {
        method: "POST", body: JSON.stringify({ model: "openai/gpt-4o-mini", messages: hi }),
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "x-switchyard-simulate": header },
      });
      expect(res.status).toBe(400);
      const err = ((await res.json()) as { error: { message: string; param: string } }).error;
      expect(err.param).toBe("x-switchyard-simulate");
      expect(err.message).toMatch(text);
    }
  });

  it("the logs filter tells test from live traffic", async () => {
    const f = (mode: string) => logFiltersSchema.parse({ mode });
    const test = await listLogs(user.userId, f("test"));
    expect(test.data.length).toBeGreaterThan(3);
    expect(test.data.every((r) => r.provider === "simulator" || r.provider === null)).toBe(true);
    expect((await listLogs(user.userId, f("live"))).data).toEqual([]);
  });
});
