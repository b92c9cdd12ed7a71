// The replay lab's dashboard route handlers (issue #22.4) on the real database: the session
// authenticates (401 without), creating and cancelling are same-origin only (403 cross-site),
// an estimate and a run are made with the account's hidden playground key — no API key needed —
// and another account's run id answers 404 on read and cancel.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { siteOrigin } from "@/lib/http/site-origin";
import { pool } from "@/lib/sql/pool";
import { startApiServer, type ApiServer } from "@/lib/testing/api-servers";
import { openaiFor, useGatewayEmulator, waitForLogCount } from "@/lib/testing/chat-harness";
import { createTestUser } from "@/lib/testing/fixtures";
import { signInAs, signOutTestSession } from "@/lib/testing/session";
import { GET as listGet, POST as createPost } from "./route";
import { GET as runGet } from "./[id]/route";
import { POST as cancelPost } from "./[id]/cancel/route";

vi.mock("next-auth", async (original) => (await import("@/lib/testing/session")).withTestSession(await original()));

const SITE = siteOrigin();
const SAME_ORIGIN = { origin: SITE, "sec-fetch-site": "same-origin" };
const CROSS_SITE = { origin: "https://evil.example", "sec-fetch-site": "cross-site" };
const LOGGED = 20;

useGatewayEmulator({ setup: (emu) => emu.setModel("emu-chat", { ttftMs: 0, tokensPerSecond: 0 }) });
let api: ApiServer;
let owner: Awaited<ReturnType<typeof createTestUser>>;

beforeAll(async () => {
  api = await startApiServer("node");
  owner = await createTestUser();
  const client = openaiFor(api, owner.key);
  for (let i = 0; i < LOGGED; i++) {
    await client.chat.completions.create({ model: "sim/gpt", messages: [{ role: "user", content: `Replay route question ${i}` }], max_tokens: 30 });
  }
  await waitForLogCount(owner.userId, LOGGED);
});
afterAll(() => api.close());

const create = (body: unknown, headers: Record<string, string> = SAME_ORIGIN) =>
  createPost(new Request(`${SITE}/api/dashboard/replay`, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json", ...headers } }));
const read = (id: string) => runGet(new Request(`${SITE}/api/dashboard/replay/${id}`), { params: Promise.resolve({ id }) });
const cancel = (id: string, headers: Record<string, string> = SAME_ORIGIN) =>
  cancelPost(new Request(`${SITE}/api/dashboard/replay/${id}/cancel`, { method: "POST", headers }), { params: Promise.resolve({ id }) });

type Json = Record<string, unknown>;
const json = async (r: Response) => (await r.json()) as Json;
const estimateBody = { candidate: "sim/fast", days: 1, sample_size: 20, mode: "estimate" };

async function runCount(userId: string): Promise<number> {
  return (await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM replay_runs WHERE user_id = $1", [userId])).rows[0]!.n;
}

describe("/api/dashboard/replay", () => {
  it("needs a session: 401 on list, create, read and cancel", async () => {
    signOutTestSession();
    expect((await listGet(new Request(`${SITE}/api/dashboard/replay`))).status).toBe(401);
    expect((await create(estimateBody)).status).toBe(401);
    expect((await read("rpl_nope")).status).toBe(401);
    expect((await cancel("rpl_nope")).status).toBe(401);
  });

  it("refuses cross-site (and header-less) creates and cancels with 403, before anything runs", async () => {
    await signInAs(owner);
    const r = await create({ ...estimateBody, mode: "run" }, CROSS_SITE);
    expect(r.status).toBe(403);
    expect((await create({ ...estimateBody, mode: "run" }, {})).status).toBe(403);
    expect((await cancel("rpl_nope", CROSS_SITE)).status).toBe(403);
    expect(await runCount(owner.userId)).toBe(0);
  });

  it("estimates with the session (no API key), then runs; bad bodies are 400s naming the field", async () => {
    await signInAs(owner);
    const e = await create(estimateBody);
    const est = await json(e);
    expect(e.status, JSON.stringify(est)).toBe(200);
    expect(est).toMatchObject({ object: "replay.estimate", sampled: LOGGED, replayable: LOGGED });
    const bad = await create({ ...estimateBody, sample_size: 5 });
    expect(bad.status).toBe(400);
    expect(((await json(bad)).error as Json).param).toBe("sample_size");

    const r = await create({ ...estimateBody, mode: "run" });
    const run = await json(r);
    expect(r.status, JSON.stringify(run)).toBe(202);
    const id = String(run.id);
    // Made with the account's hidden playground key: the dashboard holds no API key.
    const { rows } = await pool().query<{ kind: string }>(
      "SELECT k.kind FROM replay_runs r JOIN api_keys k ON k.id = r.api_key_id WHERE r.id = $1", [id]);
    expect(rows[0]?.kind).toBe("playground");
    const got = await read(id);
    expect(got.status).toBe(200);
    expect(await json(got)).toMatchObject({ id, progress: { total: LOGGED } });
    const list = await json(await listGet(new Request(`${SITE}/api/dashboard/replay`)));
    expect((list.data as Json[]).map((x) => x.id)).toContain(id);
    const c = await cancel(id);
    expect(c.status).toBe(200);
    expect((await json(c)).status).toBe("cancelled");
  });

  it("402 before anything is stored when the estimate exceeds max_credits", async () => {
    await signInAs(owner);
    const before = await runCount(owner.userId);
    const r = await create({ ...estimateBody, mode: "run", max_credits: "0.0000000001" });
    expect(r.status).toBe(402);
    expect(((await json(r)).error as Json).code).toBe("insufficient_credits");
    expect(await runCount(owner.userId)).toBe(before);
  });

  it("another account's run id answers 404 on read and cancel, and stays untouched", async () => {
    await signInAs(owner);
    const r = await create({ ...estimateBody, mode: "run" });
    const id = String((await json(r)).id);
    const other = await createTestUser();
    await signInAs(other);
    const got = await read(id);
    expect(got.status).toBe(404);
    expect(((await json(got)).error as Json).code).toBe("not_found");
    expect((await cancel(id)).status).toBe(404);
    expect((await json(await listGet(new Request(`${SITE}/api/dashboard/replay`)))).data).toEqual([]);
    const { rows } = await pool().query<{ status: string }>("SELECT status FROM replay_runs WHERE id = $1", [id]);
    expect(rows[0]?.status).not.toBe("cancelled");
  });
});
