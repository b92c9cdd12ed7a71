// Key management with hostile names: stored verbatim (parameterised SQL), clear errors for
// what cannot be a name, and owners only ever touch their own keys.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { createApiKey, listApiKeys, revokeApiKey } from "@/lib/api-keys/manage-keys";
import { assertTestDatabase } from "@/lib/testing/db-guard";
import { createTestUser } from "@/lib/testing/fixtures";

describe("API key management", () => {
  beforeAll(() => assertTestDatabase());
  afterAll(() => closeDb());

  it.each(["'; DROP TABLE users; --", "名前 🔑 clé", "<script>alert(1)</script>", "a".repeat(64)])(
    "stores the name %j verbatim", async (name) => {
      const { userId } = await createTestUser();
      const { key, summary } = await createApiKey(userId, name);
      expect(summary.name).toBe(name);
      expect(summary.display).toBe(`${key.slice(0, 10)}…${key.slice(-4)}`);
      expect((await listApiKeys(userId)).map((k) => k.name)).toContain(name);
    });

  it.each([
    ["", "Give the key a name."],
    ["   ", "Give the key a name."],
    ["a".repeat(65), "Key names are at most 64 characters."],
    ["nul\u0000byte", "Key names cannot contain control characters."],
  ])("refuses the name %j with a clear 400", async (name, message) => {
    const { userId } = await createTestUser();
    const err = await createApiKey(userId, name).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(400);
    expect((err as AppError).message).toBe(message);
  });

  it("never lets one account revoke another's key (404)", async () => {
    const a = await createTestUser();
    const b = await createTestUser();
    const err = await revokeApiKey(b.userId, a.keyId).catch((e: unknown) => e);
    expect((err as AppError).status).toBe(404);
    expect((await listApiKeys(a.userId))[0]!.revokedAt).toBeNull();
  });
});
