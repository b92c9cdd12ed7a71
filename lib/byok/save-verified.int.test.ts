// Saving a BYOK key checks it with the provider first (issue #18.8): a refused key is never
// stored, an unreachable provider stores the key unverified, and an outage never marks a
// stored key "rejected" (the page used to show "Rejected" next to "Could not reach …").
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db";
import { resetEnvForTests } from "@/lib/env";
import { assertTestDatabase } from "@/lib/testing/db-guard";
import { createTestUser } from "@/lib/testing/fixtures";
import { saveVerifiedProviderKey } from "@/lib/byok/save-verified";
import { listProviderKeys, saveProviderKey } from "@/lib/byok/store";
import { verifyProviderKey } from "@/lib/byok/verify";

const GOOD = "sk-good-provider-key-0001";
const BAD = "sk-bad-provider-key-0002";
const FLAKY = "sk-flaky-provider-key-0003";

// A stand-in for OpenAI's GET /models: which key it accepts decides the answer.
let provider: http.Server;
let seen: string[] = [];
const saved: Record<string, string | undefined> = {};

describe("saving a provider key verifies it first", () => {
  beforeAll(async () => {
    assertTestDatabase();
    provider = http.createServer((req, res) => {
      const key = (req.headers.authorization ?? "").replace(/^Bearer /, "");
      seen.push(`${req.method} ${req.url} ${key}`);
      const status = key === GOOD ? 200 : key === FLAKY ? 503 : 401;
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(status === 200 ? { data: [] } : { error: {} }));
    });
    await new Promise<void>((r) => provider.listen(0, "127.0.0.1", r));
    for (const k of ["OPENAI_BASE_URL", "BYOK_ENCRYPTION_KEY"]) saved[k] = process.env[k];
    process.env.OPENAI_BASE_URL = `http://127.0.0.1:${(provider.address() as AddressInfo).port}/v1`;
    process.env.BYOK_ENCRYPTION_KEY ??= "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    resetEnvForTests();
  });
  afterAll(async () => {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
    resetEnvForTests();
    await new Promise<void>((r) => provider.close(() => r()));
    await closeDb();
  });

  it("stores an accepted key as verified, after asking the provider with that key", async () => {
    const u = await createTestUser();
    seen = [];
    const r = await saveVerifiedProviderKey(u.userId, "openai", GOOD);
    expect(r.verified).toBe(true);
    expect(seen).toEqual([`GET /v1/models ${GOOD}`]);
    const [row] = await listProviderKeys(u.userId);
    expect(row).toMatchObject({ provider: "openai", suffix: "…0001", verifyError: null });
    expect(row!.verifiedAt).not.toBeNull();
  });

  it("refuses a key the provider rejects and stores nothing", async () => {
    const u = await createTestUser();
    await expect(saveVerifiedProviderKey(u.userId, "openai", BAD)).rejects.toMatchObject({
      status: 400, param: "key", message: expect.stringMatching(/rejected the key \(HTTP 401\).*not saved/),
    });
    expect(await listProviderKeys(u.userId)).toEqual([]);
  });

  it("stores a key it could not check as not verified, with no error recorded", async () => {
    const u = await createTestUser();
    const r = await saveVerifiedProviderKey(u.userId, "openai", FLAKY);
    expect(r.verified).toBe(false);
    expect(r.message).toMatch(/saved, but not verified.*HTTP 503/);
    const [row] = await listProviderKeys(u.userId);
    expect(row).toMatchObject({ verifiedAt: null, verifyError: null });
  });

  it("validates the provider and the key's shape before calling anyone", async () => {
    const u = await createTestUser();
    seen = [];
    await expect(saveVerifiedProviderKey(u.userId, "no-such-provider", GOOD)).rejects.toMatchObject({ status: 400, param: "provider" });
    await expect(saveVerifiedProviderKey(u.userId, "openai", "short")).rejects.toMatchObject({ status: 400, param: "key" });
    expect(seen).toEqual([]);
  });

  it("Verify: an outage leaves the stored verdict alone; a refusal marks the key rejected", async () => {
    const u = await createTestUser();
    await saveVerifiedProviderKey(u.userId, "openai", GOOD);
    // The same stored key, now answered 503 (the stand-in decides by key, so swap it in).
    await saveProviderKey(u.userId, "openai", FLAKY);
    const flaky = await verifyProviderKey(u.userId, "openai");
    expect(flaky).toMatchObject({ ok: false, outcome: "inconclusive" });
    expect((await listProviderKeys(u.userId))[0]).toMatchObject({ verifyError: null });

    await saveProviderKey(u.userId, "openai", BAD);
    const bad = await verifyProviderKey(u.userId, "openai");
    expect(bad).toMatchObject({ ok: false, outcome: "rejected" });
    expect((await listProviderKeys(u.userId))[0]!.verifyError).toMatch(/rejected the key \(HTTP 401\)/);
  });
});
