// Routing policies end to end over real HTTP (issue #22.5): the /v1/policies API (validation,
// 409, another account's names answer like missing ones), `model: "policy/<name>"` through the
// official OpenAI and Anthropic SDKs and /chat (picks within the policy, says so in
// x-switchyard-route / the route event, an unknown policy is a 400), a PATCH taking effect at
// once here and within a second in another process, and a key's default policy for `auto`.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import OpenAI from "openai";
import { pool } from "@/lib/sql/pool";
import { resetModelStatsForTests } from "@/lib/routing/model-stats";
import { stopRollupFigures } from "@/lib/routing/auto/rollup-figures";
import { startApiServer, type ApiServer } from "@/lib/testing/api-servers";
import { startApiChild, type ApiChild } from "@/lib/testing/api-child-process";
import { anthropicFor, openaiFor, settledLog, sleep, useGatewayEmulator } from "@/lib/testing/chat-harness";
import { createTestUser } from "@/lib/testing/fixtures";
import { callApi, createManagementKey } from "@/lib/testing/key-fixtures";
import { postOrchestration } from "@/lib/testing/orchestration";
import { updatePolicy, upsertPolicy } from "@/lib/policies/store";
import type { PolicyInput } from "@/lib/policies/types";
import { freePort } from "@/scripts/lib/postgres";

useGatewayEmulator({ setup: (emu) => emu.setModel("emu-chat", { ttftMs: 0, tokensPerSecond: 0 }) });

type Err = { error: { message: string; code: string | null; param: string | null; type: string } };
const errOf = (json: Record<string, unknown>) => (json as unknown as Err).error;
const hi = [{ role: "user" as const, content: "hi" }];
const base: Omit<PolicyInput, "name"> = { goal: "cost", allowedModels: [], maxFallbacks: 0, maxCostPerRequest: null, maxLatencyMs: null };

let api: ApiServer;
beforeAll(async () => {
  api = await startApiServer("node");
});
afterAll(async () => {
  stopRollupFigures();
  await api.close();
});
beforeEach(() => resetModelStatsForTests());

describe("the /v1/policies API", () => {
  let a: Awaited<ReturnType<typeof createTestUser>>;
  let b: Awaited<ReturnType<typeof createTestUser>>;
  beforeAll(async () => {
    [a, b] = await Promise.all([createTestUser(), createTestUser()]);
  });
  const call = (method: string, path: string, body?: unknown, key = a.key) => callApi(api.baseUrl, key, method, path, body);

  it("creates (201, defaults filled, money as credits and units), lists, reads, patches and deletes", async () => {
    const created = await call("POST", "/policies", { name: "cheap", goal: "cost", allowed_models: ["sim/fast", "sim/gpt"],
      max_cost_per_request: "0.05", max_latency_ms: 2_000 });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    expect(created.json).toMatchObject({
      object: "policy", name: "cheap", model: "policy/cheap", goal: "cost", allowed_models: ["sim/fast", "sim/gpt"],
      max_fallbacks: 2, max_cost_per_request_credits: "0.05", max_cost_per_request_units: "500000000", max_latency_ms: 2_000,
    });
    expect(String(created.json.id)).toMatch(/^pol_/);
    const list = await call("GET", "/policies");
    expect(list.json).toMatchObject({ object: "list", data: [{ name: "cheap" }] });
    expect((await call("GET", "/policies/cheap")).json).toEqual(created.json);

    const patched = await call("PATCH", "/policies/cheap", { max_fallbacks: 0, max_cost_per_request: null });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ max_fallbacks: 0, max_cost_per_request_credits: null, max_cost_per_request_units: null,
      allowed_models: ["sim/fast", "sim/gpt"], max_latency_ms: 2_000, goal: "cost" });

    const deleted = await call("DELETE", "/policies/cheap");
    expect(deleted.json).toEqual({ id: created.json.id, object: "policy.deleted", name: "cheap", deleted: true });
    expect((await call("GET", "/policies/cheap")).status).toBe(404);
    expect((await call("DELETE", "/policies/cheap")).status).toBe(404);
  });

  it("refuses bad bodies with 400 naming the field, and a second policy of one name with 409", async () => {
    for (const [body, param] of [
      [{ name: "Has Caps" }, "name"], [{ name: "-dash" }, "name"], [{ goal: "cost" }, "name"], [{ name: "x", goal: "fast" }, "goal"],
      [{ name: "x", max_fallbacks: 6 }, "max_fallbacks"], [{ name: "x", max_fallbacks: 1.5 }, "max_fallbacks"],
      [{ name: "x", allowed_models: ["nope/model"] }, "allowed_models[0]"], [{ name: "x", allowed_models: ["sim/embed"] }, "allowed_models[0]"],
      [{ name: "x", max_cost_per_request: "-1" }, "max_cost_per_request"], [{ name: "x", max_cost_per_request: 0.5 }, "max_cost_per_request"],
      [{ name: "x", max_latency_ms: 0 }, "max_latency_ms"], [{ name: "x", colour: "red" }, "colour"],
    ] as const) {
      const r = await call("POST", "/policies", body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(errOf(r.json)).toMatchObject({ type: "invalid_request_error", param });
    }
    expect((await call("POST", "/policies", "[]")).status).toBe(400);
    expect((await call("POST", "/policies", { name: "dup" })).status).toBe(201);
    const again = await call("POST", "/policies", { name: "dup", goal: "latency" });
    expect(again.status).toBe(409);
    expect(errOf(again.json).message).toMatch(/already exists/);
    const rename = await call("PATCH", "/policies/dup", { name: "other" });
    expect([rename.status, errOf(rename.json).param]).toEqual([400, "name"]);
    expect(errOf(rename.json).message).toMatch(/name cannot change/);
  });

  it("another account's policy answers exactly like a missing one, and stays unchanged", async () => {
    expect((await call("POST", "/policies", { name: "mine", goal: "latency" })).status).toBe(201);
    const before = (await call("GET", "/policies/mine")).json;
    const missing = await call("GET", "/policies/no-such-policy", undefined, b.key);
    for (const [method, body] of [["GET"], ["PATCH", { goal: "cost" }], ["DELETE"]] as const) {
      const r = await call(method, "/policies/mine", body, b.key);
      expect(r.status, method).toBe(404);
      expect(errOf(r.json).message).toBe(errOf(missing.json).message.replace("no-such-policy", "mine"));
    }
    expect((await call("GET", "/policies", undefined, b.key)).json).toEqual({ object: "list", data: [] });
    // B's model call cannot name it either.
    const r = await call("POST", "/chat/completions", { model: "policy/mine", messages: hi }, b.key);
    expect([r.status, errOf(r.json).param]).toEqual([400, "model"]);
    expect((await call("GET", "/policies/mine")).json).toEqual(before);
  });

  it("needs a valid key; a name with a NUL or too long is a 404, not a database error", async () => {
    expect((await call("GET", "/policies", undefined, "sk-sy-" + "x".repeat(43))).status).toBe(401);
    expect((await call("GET", "/policies/a%00b")).status).toBe(404);
    expect((await call("GET", `/policies/${"a".repeat(200)}`)).status).toBe(404);
  });
});

describe('model: "policy/<name>"', () => {
  let user: Awaited<ReturnType<typeof createTestUser>>;
  beforeAll(async () => {
    user = await createTestUser();
    await upsertPolicy(user.userId, { ...base, name: "cheap", allowedModels: ["sim/claude", "sim/gpt", "sim/fast"] });
    await upsertPolicy(user.userId, { ...base, name: "claude", goal: "balanced", allowedModels: ["sim/claude"], maxFallbacks: 3 });
    await upsertPolicy(user.userId, { ...base, name: "tight", maxCostPerRequest: 1n });
  });

  it("/chat/completions (OpenAI SDK): picks within the policy, says so, logs the policy as the requested model", async () => {
    const { data, response } = await openaiFor(api, user.key).chat.completions
      .create({ model: "policy/cheap", max_tokens: 5, messages: hi }).withResponse();
    expect(response.headers.get("x-switchyard-model")).toBe("sim/fast"); // goal cost: the cheapest allowed
    expect(response.headers.get("x-switchyard-route")).toMatch(/^sim\/fast; reason=policy\/cheap quick_chat: cheapest: .* \(goal cost\)$/);
    expect(data.choices[0]!.message.content).toBeTruthy();
    const log = await settledLog(api, user.key, response.headers.get("x-request-id")!);
    expect(log).toMatchObject({ requested_model: "policy/cheap", resolved_model: "sim/fast", status: 200 });
  });

  it("/messages (Anthropic SDK) and /chat: the same policy, the same pick", async () => {
    const { response } = await anthropicFor(api, user.key).messages
      .create({ model: "policy/claude", max_tokens: 5, messages: hi }).withResponse();
    expect(response.headers.get("x-switchyard-route")).toMatch(/^sim\/claude; reason=policy\/claude /);
    const chat = await postOrchestration(api, user.key, "/v1/chat", { model: "policy/claude", messages: hi, max_tokens: 5 });
    expect(chat.status).toBe(200);
    expect(chat.events[0]).toMatchObject({ event: "route", model: "sim/claude", chain: ["sim/claude"], strategy: "auto",
      reason: expect.stringMatching(/^policy\/claude /) });
  });

  it("an unknown policy is a 400 invalid_request_error on 'model' naming it", async () => {
    const err = await openaiFor(api, user.key).chat.completions.create({ model: "policy/nope", messages: hi }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    const e = err as InstanceType<typeof OpenAI.BadRequestError>;
    expect([e.status, e.type, e.param]).toEqual([400, "invalid_request_error", "model"]);
    expect(e.message).toMatch(/The policy 'nope' does not exist in this account/);
  });

  it("a policy that leaves no model is a 503 saying which limit excluded everything", async () => {
    const err = await openaiFor(api, user.key).chat.completions.create({ model: "policy/tight", max_tokens: 5, messages: hi })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    const e = err as InstanceType<typeof OpenAI.APIError>;
    expect(e.status).toBe(503);
    expect(e.message).toMatch(/policy\/tight.*max_cost_per_request 0\.0000000001 credits excludes every model/);
  });

  it("a PATCH takes effect on the next request", async () => {
    const u = await createTestUser();
    await upsertPolicy(u.userId, { ...base, name: "switch", allowedModels: ["sim/fast"] });
    const modelOf = async () => (await openaiFor(api, u.key).chat.completions
      .create({ model: "policy/switch", max_tokens: 5, messages: hi }).withResponse()).response.headers.get("x-switchyard-model");
    expect(await modelOf()).toBe("sim/fast"); // now cached
    const r = await callApi(api.baseUrl, u.key, "PATCH", "/policies/switch", { allowed_models: ["sim/gpt"] });
    expect(r.status).toBe(200);
    expect(await modelOf()).toBe("sim/gpt");
  });
});

describe("a key's default policy", () => {
  it("routes `auto` through it (and /chat without a model); deleting the policy returns the key to plain auto", async () => {
    const user = await createTestUser();
    const manager = await createManagementKey(user.userId);
    await upsertPolicy(user.userId, { ...base, name: "default", goal: "balanced", allowedModels: ["sim/gemini"] });
    const unknown = await callApi(api.baseUrl, manager.key, "PATCH", `/keys/${user.keyId}`, { policy: "nope" });
    expect([unknown.status, errOf(unknown.json).param]).toEqual([400, "policy"]);
    const set = await callApi(api.baseUrl, manager.key, "PATCH", `/keys/${user.keyId}`, { policy: "default" });
    expect([set.status, set.json.policy]).toEqual([200, "default"]);
    const { rows } = await pool().query<{ default_policy_id: string }>("SELECT default_policy_id FROM api_keys WHERE id = $1", [user.keyId]);
    expect(rows[0]!.default_policy_id).toMatch(/^pol_/);

    const auto = await openaiFor(api, user.key).chat.completions.create({ model: "auto", max_tokens: 5, messages: hi }).withResponse();
    expect(auto.response.headers.get("x-switchyard-route")).toMatch(/^sim\/gemini; reason=policy\/default /);
    const noModel = await postOrchestration(api, user.key, "/v1/chat", { messages: hi, max_tokens: 5 });
    expect(noModel.status).toBe(200);
    expect(noModel.events[0]).toMatchObject({ event: "route", model: "sim/gemini", reason: expect.stringMatching(/^policy\/default /) });
    // A named model is not routed by it.
    const named = await openaiFor(api, user.key).chat.completions.create({ model: "sim/fast", max_tokens: 5, messages: hi }).withResponse();
    expect(named.response.headers.get("x-switchyard-model")).toBe("sim/fast");

    expect((await callApi(api.baseUrl, user.key, "DELETE", "/policies/default")).status).toBe(200);
    expect((await callApi(api.baseUrl, manager.key, "GET", `/keys/${user.keyId}`)).json.policy).toBeNull();
    const plain = await openaiFor(api, user.key).chat.completions.create({ model: "auto", max_tokens: 5, messages: hi }).withResponse();
    expect(plain.response.headers.get("x-switchyard-route")).not.toMatch(/policy\//);
    // Without a default policy, /chat still needs a model.
    expect((await postOrchestration(api, user.key, "/v1/chat", { messages: hi, max_tokens: 5 })).status).toBe(400);
  });
});

describe("another API process", () => {
  let child: ApiChild;
  beforeAll(async () => {
    child = await startApiChild(await freePort());
  }, 60_000);
  afterAll(() => child.stop());

  it("follows a policy changed here within a second (its cache TTL is 15 s)", async () => {
    const user = await createTestUser();
    await upsertPolicy(user.userId, { ...base, name: "moving", allowedModels: ["sim/fast"] });
    const client = new OpenAI({ apiKey: user.key, baseURL: `${child.url}/v1`, maxRetries: 0 });
    const modelOf = async () => (await client.chat.completions.create({ model: "policy/moving", max_tokens: 5, messages: hi })
      .withResponse()).response.headers.get("x-switchyard-model");
    expect(await modelOf()).toBe("sim/fast");
    expect(await modelOf()).toBe("sim/fast"); // cached in the child
    const t0 = performance.now();
    await updatePolicy(user.userId, "moving", { allowedModels: ["sim/gpt"] });
    let model = await modelOf();
    while (model !== "sim/gpt" && performance.now() - t0 < 5_000) {
      await sleep(20);
      model = await modelOf();
    }
    expect(model).toBe("sim/gpt");
    expect(performance.now() - t0).toBeLessThan(1_000);
  });
});
