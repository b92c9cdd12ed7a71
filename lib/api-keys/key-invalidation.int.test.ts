// Key changes reach another process within a second (SPEC §2 cross-process invalidation): an
// API server in a process of its own has just cached a key as valid (for 10 s), and a change
// made here — disable, re-enable, a new limit, a revoke through the management API — applies
// there before the next second is out.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db";
import { dashboardActor, updateApiKey } from "@/lib/api-keys/manage-keys";
import { startApiChild, type ApiChild } from "@/lib/testing/api-child-process";
import { sleep } from "@/lib/testing/chat-harness";
import { assertTestDatabase } from "@/lib/testing/db-guard";
import { createTestUser } from "@/lib/testing/fixtures";
import { callApi, createManagementKey } from "@/lib/testing/key-fixtures";
import { freePort } from "@/scripts/lib/postgres";

beforeAll(() => assertTestDatabase());
afterAll(() => closeDb());

describe("key changes in another process", () => {
  let child: ApiChild;
  beforeAll(async () => {
    child = await startApiChild(await freePort());
  }, 60_000);
  afterAll(() => child.stop());

  const credits = async (key: string) => (await fetch(`${child.url}/v1/credits`, { headers: { authorization: `Bearer ${key}` } })).status;

  /** Milliseconds until the child answers `want` (polling every 20 ms, at most 5 s). */
  async function msUntil(key: string, want: number): Promise<number> {
    const t0 = performance.now();
    while (performance.now() - t0 < 5_000) {
      if ((await credits(key)) === want) return performance.now() - t0;
      await sleep(20);
    }
    throw new Error(`the child never answered ${want}`);
  }

  it("disable, enable and revoke apply there within a second", async () => {
    const u = await createTestUser();
    expect(await credits(u.key)).toBe(200); // cached as valid for 10 s
    await updateApiKey(u.userId, u.keyId, { disabled: true }, dashboardActor(u.userId));
    expect(await msUntil(u.key, 403)).toBeLessThan(1_000);
    await updateApiKey(u.userId, u.keyId, { disabled: false }, dashboardActor(u.userId));
    expect(await msUntil(u.key, 200)).toBeLessThan(1_000);
    // Through the management API this time, served by the other process itself.
    const manager = await createManagementKey(u.userId);
    expect((await callApi(child.url, manager.key, "DELETE", `/keys/${u.keyId}`)).status).toBe(200);
    expect(await msUntil(u.key, 401)).toBeLessThan(1_000);
  });

  it("a new limit applies there within a second", async () => {
    const u = await createTestUser();
    const chat = async () => (await fetch(`${child.url}/v1/chat/completions`, {
      method: "POST", headers: { authorization: `Bearer ${u.key}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "sim/fast", messages: [{ role: "user", content: "hi" }], max_tokens: 3 }),
    })).status;
    expect(await chat()).toBe(200);
    await updateApiKey(u.userId, u.keyId, { rpmLimit: 1 }, dashboardActor(u.userId));
    const t0 = performance.now();
    let status = 200;
    while (status === 200 && performance.now() - t0 < 5_000) status = await chat();
    expect(status).toBe(429);
    expect(performance.now() - t0).toBeLessThan(1_000);
  });
});
