// An operator registers an OpenAI-compatible upstream by config alone (SWITCHYARD_UPSTREAMS):
// its models appear in the catalog with the configured prices, route to its base URL and are
// billed exactly at those prices. The upstream here is the provider emulator's OpenAI door.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorHandle } from "@/emulator/server";
import { closeDb } from "@/lib/db";
import { resetEnvForTests } from "@/lib/env";
import { startApiServer, type ApiServer } from "@/lib/testing/api-servers";
import { SIGNUP_UNITS, costOf, creditsUnits, openaiFor, settledLog, startGatewayEmulator, stopGatewayEmulator } from "@/lib/testing/chat-harness";
import { assertTestDatabase } from "@/lib/testing/db-guard";
import { createTestUser } from "@/lib/testing/fixtures";

let emu: EmulatorHandle;
let api: ApiServer;
beforeAll(async () => {
  assertTestDatabase();
  emu = await startGatewayEmulator();
  process.env.SWITCHYARD_UPSTREAMS = JSON.stringify([{
    id: "acme", displayName: "Acme LLM", baseUrl: `${emu.url}/v1`, apiKey: "acme-secret",
    models: [{ name: "emu-fast", input: "0.5", output: "1.5", contextWindow: 32768, maxOutputTokens: 4096 }],
  }]);
  resetEnvForTests();
  api = await startApiServer("node");
});
afterAll(async () => {
  await api.close();
  delete process.env.SWITCHYARD_UPSTREAMS;
  await stopGatewayEmulator(emu);
  await closeDb();
});

describe("operator-defined upstreams", () => {
  it("lists the custom model with its configured price", async () => {
    const res = await fetch(`${api.baseUrl}/v1/models/acme/emu-fast`);
    expect(res.status).toBe(200);
    const model = await res.json();
    expect(model.id).toBe("acme/emu-fast");
    expect(JSON.stringify(model)).toContain("0.5");
  });

  it("routes to the configured base URL with its key and bills at the configured price", async () => {
    const user = await createTestUser();
    const client = openaiFor(api, user.key);
    const { data, response } = await client.chat.completions
      .create({ model: "acme/emu-fast", max_tokens: 50, messages: [{ role: "user", content: "hi acme" }] })
      .withResponse();
    expect(response.headers.get("x-switchyard-provider")).toBe("acme");
    const upstream = emu.requests().at(-1)!;
    expect(upstream.model).toBe("emu-fast");
    expect(upstream.path).toBe("/v1/chat/completions");
    expect(upstream.authFingerprint).toBe(createHash("sha256").update("acme-secret").digest("hex").slice(0, 12));
    const log = await settledLog(api, user.key, response.headers.get("x-request-id")!);
    const expected = costOf("acme/emu-fast", data.usage!);
    expect(BigInt(log.cost_units)).toBe(expected);
    expect(await creditsUnits(api, user.key)).toBe(SIGNUP_UNITS - expected);
  });
});
