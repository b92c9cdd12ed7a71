// `/v1/models` says which models work here — for this deployment, or for the key sent — and a
// model without a configured provider answers 503 with a message a customer can act on (add
// their own key under Providers), through both doors and both chat dialects.
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { pool } from "@/lib/sql/pool";
import { saveProviderKey } from "@/lib/byok/store";
import { startApiServer, type ApiServer } from "@/lib/testing/api-servers";
import { anthropicFor, openaiFor, useGatewayEmulator } from "@/lib/testing/chat-harness";
import { createTestUser } from "@/lib/testing/fixtures";

const ctx = useGatewayEmulator();
const saved: Record<string, string | undefined> = {};
const ENV = ["OPENAI_API_KEY", "OPENAI_BASE_URL", "ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", "APP_URL"];

// The deployment: simulated models, no OpenAI or Anthropic key of its own ("OpenAI" for BYOK
// callers is the emulator), public URL https://switchyard.example.
beforeAll(() => {
  for (const k of ENV) saved[k] = process.env[k];
  delete process.env.OPENAI_API_KEY;
  delete process.env.ANTHROPIC_API_KEY;
  delete process.env.ANTHROPIC_BASE_URL;
  process.env.OPENAI_BASE_URL = `${ctx.emu.url}/v1`;
  process.env.APP_URL = "https://switchyard.example";
  process.env.BYOK_ENCRYPTION_KEY ??= "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
  resetEnvForTests();
});
afterAll(() => {
  for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
  resetEnvForTests();
});

const PROVIDERS_URL = "https://switchyard.example/dashboard/providers";
const OPENAI_REASON = `Not available on this deployment: no OpenAI key is configured. Add your own OpenAI key under Providers (BYOK): ${PROVIDERS_URL}`;

type ModelItem = { id: string; available: boolean; unavailable_reason: string | null };

async function models(api: ApiServer, key?: string): Promise<Map<string, ModelItem>> {
  const res = await fetch(`${api.baseUrl}/v1/models`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { data: ModelItem[] };
  return new Map(body.data.map((m) => [m.id, m]));
}

async function model(api: ApiServer, id: string, key?: string): Promise<ModelItem> {
  const res = await fetch(`${api.baseUrl}/v1/models/${id}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  expect(res.status).toBe(200);
  return (await res.json()) as ModelItem;
}

describe.each(["node", "fetch"] as const)("model availability via the %s door", (door) => {
  let api: ApiServer;
  beforeAll(async () => {
    api = await startApiServer(door);
  });
  afterAll(() => api.close());

  it("without a key: the deployment's view, with what to do about a missing provider", async () => {
    const list = await models(api);
    expect(list.get("sim/gpt")).toMatchObject({ available: true, unavailable_reason: null });
    expect(list.get("openai/gpt-4o-mini")).toMatchObject({ available: false, unavailable_reason: OPENAI_REASON });
    expect(list.get("anthropic/claude-haiku-4-5")!.unavailable_reason).toContain("no Anthropic key is configured");
    expect(await model(api, "openai/gpt-4o-mini")).toMatchObject({ available: false, unavailable_reason: OPENAI_REASON });
    expect(await model(api, "sim/claude")).toMatchObject({ available: true, unavailable_reason: null });
  });

  it("a bad key is a 401, as anywhere (the route stays public without one)", async () => {
    const res = await fetch(`${api.baseUrl}/v1/models`, { headers: { authorization: `Bearer sk-sy-${"Z".repeat(43)}` } });
    expect(res.status).toBe(401);
    const one = await fetch(`${api.baseUrl}/v1/models/sim/gpt`, { headers: { "x-api-key": `sk-sy-${"Z".repeat(43)}` } });
    expect(one.status).toBe(401);
  });

  it("with a key whose account has its own OpenAI key: OpenAI models are available to it, not to others", async () => {
    const owner = await createTestUser();
    const other = await createTestUser();
    await saveProviderKey(owner.userId, "openai", "sk-own-openai-key-0123456789");
    expect((await models(api, owner.key)).get("openai/gpt-4o-mini")).toMatchObject({ available: true, unavailable_reason: null });
    expect(await model(api, "openai/gpt-4o-mini", owner.key)).toMatchObject({ available: true });
    expect((await models(api, owner.key)).get("anthropic/claude-haiku-4-5")!.available).toBe(false);
    expect((await models(api, other.key)).get("openai/gpt-4o-mini")).toMatchObject({ available: false, unavailable_reason: OPENAI_REASON });
  });

  it("a key's allowed_models makes the others unavailable to it", async () => {
    const u = await createTestUser();
    await pool().query("UPDATE api_keys SET allowed_models = ARRAY['sim/claude'] WHERE id = $1", [u.keyId]);
    const list = await models(api, u.key);
    expect(list.get("sim/claude")).toMatchObject({ available: true, unavailable_reason: null });
    expect(list.get("sim/gpt")).toMatchObject({ available: false, unavailable_reason: "This API key may not use this model" });
    expect(await model(api, "sim/gpt", u.key)).toMatchObject({ available: false, unavailable_reason: "This API key may not use this model" });
  });

  it("the OpenAI SDK's models.list() still works and carries the fields", async () => {
    const u = await createTestUser();
    const seen = new Map<string, ModelItem>();
    for await (const m of openaiFor(api, u.key).models.list()) seen.set(m.id, m as unknown as ModelItem);
    expect(seen.get("sim/gpt")?.available).toBe(true);
    expect(seen.get("openai/gpt-4o-mini")?.available).toBe(false);
  });

  it("/chat/completions: a model without a provider is a 503 telling the customer what to do", async () => {
    const u = await createTestUser();
    const err = await openaiFor(api, u.key).chat.completions
      .create({ model: "openai/gpt-4o-mini", messages: [{ role: "user", content: "hi" }] })
      .then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    const e = err as InstanceType<typeof OpenAI.APIError>;
    expect(e.status).toBe(503);
    expect(e.param).toBe("model");
    expect(e.message).toContain("The model 'openai/gpt-4o-mini' is not available on this deployment: no OpenAI key is configured. "
      + `Add your own OpenAI key under Providers (BYOK): ${PROVIDERS_URL}`);
    expect(e.message).not.toMatch(/operator/i);
    // A chain still skips what is not served here and answers with what is.
    const ok = await openaiFor(api, u.key).chat.completions
      .create({ model: "openai/gpt-4o-mini", messages: [{ role: "user", content: "hi" }], max_tokens: 5, ...{ models: ["sim/gpt"] } })
      .withResponse();
    expect(ok.response.headers.get("x-switchyard-model")).toBe("sim/gpt");
  });

  it("/messages: the same 503 and message in Anthropic's shape", async () => {
    const u = await createTestUser();
    const err = await anthropicFor(api, u.key).messages
      .create({ model: "anthropic/claude-haiku-4-5", max_tokens: 10, messages: [{ role: "user", content: "hi" }] })
      .then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.APIError);
    const e = err as InstanceType<typeof Anthropic.APIError>;
    expect(e.status).toBe(503);
    expect(e.message).toContain("The model 'anthropic/claude-haiku-4-5' is not available on this deployment: no Anthropic key is configured. "
      + `Add your own Anthropic key under Providers (BYOK): ${PROVIDERS_URL}`);
  });
});
