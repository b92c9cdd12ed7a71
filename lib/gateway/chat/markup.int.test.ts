// PRICE_MARKUP_BPS (SPEC §4 "an optional markup is a setting"), through the real API: a
// request is charged its exact catalog cost plus ceil(cost × bps / 10,000), to the unit; its
// reservation includes the markup (never below the charge); its log's price snapshot records
// the markup. /v1/models keeps the provider's price.
import type { ChatCompletion } from "openai/resources/chat/completions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { startApiServer, type ApiServer } from "@/lib/testing/api-servers";
import {
  SIGNUP_UNITS, costOf, creditsUnits, ledgerRows, ledgerSum, openaiFor, priceOf, settledLog, useGatewayEmulator,
} from "@/lib/testing/chat-harness";
import { createTestUser } from "@/lib/testing/fixtures";

useGatewayEmulator({ setup: (emu) => emu.setModel("emu-chat", { ttftMs: 5, tokensPerSecond: 2000 }) });

const BPS = 250;
/** The markup rule written out independently of the code under test. */
const marked = (cost: bigint) => cost + (cost * BigInt(BPS) + 9_999n) / 10_000n;
const messages = [{ role: "user" as const, content: "Price this request with a markup, please" }];
type Usage = NonNullable<ChatCompletion["usage"]>;

function setMarkup(bps: number | null): void {
  if (bps === null) delete process.env.PRICE_MARKUP_BPS;
  else process.env.PRICE_MARKUP_BPS = String(bps);
  resetEnvForTests();
}

let api: ApiServer;
beforeAll(async () => {
  api = await startApiServer("node");
});
afterAll(async () => {
  setMarkup(null);
  await api.close();
});

describe(`a markup of ${BPS} bps`, () => {
  it("charges cost + ceil(cost × 250 / 10,000) exactly, non-streaming and streaming, and the log records the markup", async () => {
    setMarkup(BPS);
    const user = await createTestUser();
    const client = openaiFor(api, user.key);
    const { data, response } = await client.chat.completions.create({ model: "sim/gpt", messages }).withResponse();
    const stream = await client.chat.completions
      .create({ model: "sim/gpt", messages, stream: true, stream_options: { include_usage: true } })
      .withResponse();
    let streamUsage: Usage | null = null;
    for await (const chunk of stream.data) if (chunk.usage) streamUsage = chunk.usage;

    let total = 0n;
    for (const [requestId, usage] of [[response.headers.get("x-request-id")!, data.usage!], [stream.response.headers.get("x-request-id")!, streamUsage!]] as const) {
      const log = await settledLog(api, user.key, requestId);
      const cost = costOf("sim/gpt", { prompt_tokens: usage.prompt_tokens, completion_tokens: usage.completion_tokens });
      const charge = marked(cost);
      expect(charge).toBeGreaterThan(cost);
      expect(log.cost_units).toBe(charge.toString());
      expect(BigInt(log.reserved_units)).toBeGreaterThanOrEqual(charge);
      expect(log.price).toMatchObject({ modelId: "sim/gpt", markupBps: BPS, inputPerToken: priceOf("sim/gpt").inputPerToken.toString() });
      expect(await ledgerRows(user.userId, requestId)).toEqual([{ kind: "charge", amount: -charge, sourceId: requestId }]);
      total += charge;
    }
    expect(await creditsUnits(api, user.key)).toBe(SIGNUP_UNITS - total);
    expect(await ledgerSum(user.userId)).toBe(SIGNUP_UNITS - total);
  });

  it("reserves the worst case with the markup on it; without the setting, no markup at all", async () => {
    const user = await createTestUser();
    const client = openaiFor(api, user.key);
    const reservedAt = async (bps: number | null) => {
      setMarkup(bps);
      const { response } = await client.chat.completions.create({ model: "sim/gpt", messages, max_tokens: 100 }).withResponse();
      return settledLog(api, user.key, response.headers.get("x-request-id")!);
    };
    const plain = await reservedAt(null);
    const withMarkup = await reservedAt(BPS);
    expect(plain.price).toMatchObject({ markupBps: 0 });
    const cost = costOf("sim/gpt", { prompt_tokens: plain.usage.input_tokens, completion_tokens: plain.usage.output_tokens });
    expect(plain.cost_units).toBe(cost.toString());
    // Same prompt, same max_tokens: the same worst case, marked up.
    expect(withMarkup.reserved_units).toBe(marked(BigInt(plain.reserved_units)).toString());
  });

  it("leaves /v1/models at the provider's price", async () => {
    setMarkup(BPS);
    const user = await createTestUser();
    const res = await fetch(`${api.baseUrl}/v1/models/sim/gpt`, { headers: { authorization: `Bearer ${user.key}` } });
    const body = (await res.json()) as { pricing?: { input?: string } } & Record<string, unknown>;
    setMarkup(null);
    const again = (await (await fetch(`${api.baseUrl}/v1/models/sim/gpt`, { headers: { authorization: `Bearer ${user.key}` } })).json()) as unknown;
    expect(res.status).toBe(200);
    expect(body).toEqual(again);
  });
});
