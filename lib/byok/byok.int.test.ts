// BYOK end to end: a user's stored key is used for that provider's requests, costs no
// credits, is logged byok, and never serves another account.
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyFingerprint, type EmulatorHandle } from "@/emulator/server";
import { closeDb } from "@/lib/db";
import { pool } from "@/lib/sql/pool";
import { resetEnvForTests } from "@/lib/env";
import { resetBreakersForTests } from "@/lib/routing/breaker";
import { startApiServer, type ApiServer } from "@/lib/testing/api-servers";
import { SIGNUP_UNITS, balanceOf, ledgerSum, settledLog, startGatewayEmulator, stopGatewayEmulator } from "@/lib/testing/chat-harness";
import { assertTestDatabase } from "@/lib/testing/db-guard";
import { createTestUser } from "@/lib/testing/fixtures";
import { deleteProviderKey, listProviderKeys, saveProviderKey } from "@/lib/byok/store";
import { verifyProviderKey } from "@/lib/byok/verify";

const MODEL = "openai/gpt-4o-mini";
const USER_KEY = "sk-user-own-openai-key-0123456789";
let emu: EmulatorHandle;
let api: ApiServer;
const saved: Record<string, string | undefined> = {};

function client(key: string) {
  return new OpenAI({ apiKey: key, baseURL: `${api.baseUrl}/v1`, maxRetries: 0 });
}

describe("BYOK", () => {
  beforeAll(async () => {
    assertTestDatabase();
    emu = await startGatewayEmulator();
    // "OpenAI" is the emulator here, and the platform has no OpenAI key of its own.
    for (const k of ["OPENAI_BASE_URL", "OPENAI_API_KEY", "BYOK_ENCRYPTION_KEY"]) saved[k] = process.env[k];
    process.env.OPENAI_BASE_URL = `${emu.url}/v1`;
    delete process.env.OPENAI_API_KEY;
    process.env.BYOK_ENCRYPTION_KEY ??= "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    resetEnvForTests();
    resetBreakersForTests();
    api = await startApiServer("node");
  });
  afterAll(async () => {
    await api.close();
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
    await stopGatewayEmulator(emu);
    await closeDb();
  });

  it("stores the key encrypted and shows only its suffix; refuses bad input", async () => {
    const u = await createTestUser();
    await saveProviderKey(u.userId, "openai", USER_KEY);
    const { rows } = await pool().query<{ ciphertext: string; suffix: string }>("SELECT ciphertext, suffix FROM provider_keys WHERE user_id = $1", [u.userId]);
    expect(rows[0]!.ciphertext).not.toContain("own-openai");
    expect(rows[0]!.ciphertext.startsWith("v1:")).toBe(true);
    expect((await listProviderKeys(u.userId)).map((k) => k.suffix)).toEqual(["…6789"]);
    await expect(saveProviderKey(u.userId, "no-such-provider", USER_KEY)).rejects.toMatchObject({ status: 400 });
    await expect(saveProviderKey(u.userId, "openai", "short")).rejects.toMatchObject({ status: 400 });
    await expect(saveProviderKey(u.userId, "openai", "has a space in it")).rejects.toMatchObject({ status: 400 });
  });

  it("routes the user's requests to the provider with their key, charges nothing and logs byok", async () => {
    const owner = await createTestUser();
    const other = await createTestUser();
    // Without a key (and no platform key) the provider is not available.
    await expect(client(owner.key).chat.completions.create({ model: MODEL, messages: [{ role: "user", content: "hi" }] }))
      .rejects.toMatchObject({ status: 503 });
    await saveProviderKey(owner.userId, "openai", USER_KEY);

    const res = await client(owner.key).chat.completions.create({ model: MODEL, messages: [{ role: "user", content: "hello byok" }] })
      .withResponse();
    expect(res.data.choices[0]!.message.content).toBeTruthy();
    const requestId = res.response.headers.get("x-request-id")!;
    const log = await settledLog(api, owner.key, requestId);
    expect(log.status).toBe(200);
    expect(log.cost_units).toBe("0");
    const row = await pool().query<{ byok: boolean }>("SELECT byok FROM request_logs WHERE id = $1", [requestId]);
    expect(row.rows[0]!.byok).toBe(true);
    expect(await balanceOf(owner.userId)).toBe(SIGNUP_UNITS);
    expect(await ledgerSum(owner.userId)).toBe(SIGNUP_UNITS);
    const upstream = emu.requests().filter((r) => r.authFingerprint === keyFingerprint(USER_KEY));
    expect(upstream.length).toBeGreaterThanOrEqual(1);

    // Another account never gets the owner's key.
    await expect(client(other.key).chat.completions.create({ model: MODEL, messages: [{ role: "user", content: "hi" }] }))
      .rejects.toMatchObject({ status: 503 });

    // Removing the key takes effect at once.
    await deleteProviderKey(owner.userId, "openai");
    await expect(client(owner.key).chat.completions.create({ model: MODEL, messages: [{ role: "user", content: "hi" }] }))
      .rejects.toMatchObject({ status: 503 });
  });

  it("verify calls the provider with the stored key", async () => {
    const u = await createTestUser();
    await saveProviderKey(u.userId, "openai", USER_KEY);
    const r = await verifyProviderKey(u.userId, "openai");
    expect(r.ok).toBe(true);
    expect((await listProviderKeys(u.userId))[0]!.verifiedAt).not.toBeNull();
    await expect(verifyProviderKey(u.userId, "anthropic")).rejects.toMatchObject({ status: 404 });
  });
});
