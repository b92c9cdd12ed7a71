// The playground's route handler on the real database and the real gateway core: the session
// authenticates (401 without), cross-site requests are refused (403), a run goes through the
// orchestration core with the account's hidden playground key — logged `source: playground`,
// billed like any call — that key never shows in the keys list or the management functions,
// and the run lands in the account's history unless zero retention is on; purge, export and
// account deletion cover the history.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { deleteAccount } from "@/lib/account/delete-account";
import { exportUserData } from "@/lib/account/export-data";
import { purgeLogs } from "@/lib/account/purge-logs";
import { setZeroRetention } from "@/lib/account/zero-retention";
import { getApiKey, listApiKeys, revokeApiKey, updateApiKey } from "@/lib/api-keys/manage-keys";
import { flushCharges } from "@/lib/billing/settlement/charge-writer";
import { siteOrigin } from "@/lib/http/site-origin";
import { pool } from "@/lib/sql/pool";
import { startApiServer, type ApiServer } from "@/lib/testing/api-servers";
import { ledgerRows, sleep, useGatewayEmulator, waitForLogCount } from "@/lib/testing/chat-harness";
import { createTestUser } from "@/lib/testing/fixtures";
import { parseSse } from "@/lib/testing/orchestration";
import { signInAs, signOutTestSession } from "@/lib/testing/session";
import { getHistoryRun, listHistory } from "@/lib/playground/history";
import { POST } from "@/app/api/dashboard/playground/[mode]/route";
import { GET as historyList } from "@/app/api/dashboard/playground/history/route";
import { GET as historyGet } from "@/app/api/dashboard/playground/history/[id]/route";
import { POST as stopPost } from "@/app/api/dashboard/playground/stop/route";

vi.mock("next-auth", async (original) => (await import("@/lib/testing/session")).withTestSession(await original()));
// Outside a Next request scope there is no `after`: run the work once the response is out.
vi.mock("next/server", async (original) => ({ ...(await original<typeof import("next/server")>()), after: (fn: () => unknown) => setImmediate(() => void fn()) }));

const SITE = siteOrigin(); // this deployment's configured public origin
const SAME_ORIGIN = { origin: SITE, "sec-fetch-site": "same-origin" };
const messages = [{ role: "user", content: "Which is the best sorting algorithm for nearly sorted data?" }];

const ctx = useGatewayEmulator({ resetEach: true });
let api: ApiServer;
beforeAll(async () => {
  api = await startApiServer("node");
});
afterAll(() => api.close());

function run(mode: string, body: unknown, headers: Record<string, string> = SAME_ORIGIN): Promise<Response> {
  const req = new Request(`${SITE}/api/dashboard/playground/${mode}`, {
    method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json", ...headers },
  });
  return POST(req, { params: Promise.resolve({ mode }) });
}

type LogRow = { id: string; source: string; api_key_id: string; parent_id: string | null; is_parent: boolean; cost_units: string };

async function logsOf(userId: string): Promise<LogRow[]> {
  await flushCharges();
  return (await pool().query<LogRow>(
    "SELECT id, source, api_key_id, parent_id, is_parent, cost_units::text FROM request_logs WHERE user_id = $1 ORDER BY created_at", [userId])).rows;
}

async function playgroundKeyRow(userId: string): Promise<{ id: string; kind: string; name: string } | undefined> {
  return (await pool().query<{ id: string; kind: string; name: string }>(
    "SELECT id, kind, name FROM api_keys WHERE user_id = $1 AND kind = 'playground'", [userId])).rows[0];
}

/** History is written after the response: wait for it (or for `n` runs). */
async function historyOf(userId: string, n: number) {
  for (let i = 0; i < 200; i++) {
    const h = await listHistory(userId);
    if (h.length >= n) return h;
    await sleep(20);
  }
  return listHistory(userId);
}

describe("POST /api/dashboard/playground/[mode]", () => {
  it("needs a session: 401 JSON, nothing run or charged", async () => {
    const user = await createTestUser();
    signOutTestSession();
    const res = await run("compare", { models: ["sim/gpt", "sim/fast"], messages });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    expect(await logsOf(user.userId)).toEqual([]);
  });

  it.each([
    ["a foreign Origin", { origin: "https://evil.example" }],
    ["Sec-Fetch-Site cross-site", { "sec-fetch-site": "cross-site", origin: SITE }],
    ["Sec-Fetch-Site same-site", { "sec-fetch-site": "same-site" }],
    ["an opaque Origin", { origin: "null" }],
    ["neither Origin nor Sec-Fetch-Site", {}],
  ])("refuses %s with 403 even when signed in; nothing charged", async (_label, headers) => {
    const user = await createTestUser();
    await signInAs(user);
    const res = await run("chat", { model: "sim/gpt", messages }, headers);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("forbidden");
    await sleep(50);
    expect(await logsOf(user.userId)).toEqual([]);
    expect(await playgroundKeyRow(user.userId)).toBeUndefined();
  });

  it("answers an unknown mode with 404 JSON", async () => {
    const user = await createTestUser();
    await signInAs(user);
    const res = await run("embeddings", { model: "sim/gpt", messages });
    expect(res.status).toBe(404);
  });

  it("runs a compare through the core with the hidden key: streamed, logged source=playground, billed, kept in history", async () => {
    ctx.emu.setModel("emu-chat", { ttftMs: 0, tokensPerSecond: 400, replyTokens: 20 });
    const user = await createTestUser();
    await signInAs(user);
    const models = ["sim/gpt", "sim/fast", "sim/gemini"];
    const res = await run("compare", { models, messages, temperature: 0.3, max_tokens: 200 });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const requestId = res.headers.get("x-request-id")!;
    const sse = parseSse(await res.text());
    expect(sse.done).toBe(true);
    expect(sse.events.filter((e) => e.event === "done").map((e) => e.index).sort()).toEqual([0, 1, 2]);
    expect(sse.events.at(-1)).toMatchObject({ event: "summary", succeeded: 3 });

    // One parent row and three children, all from the playground key, all source=playground.
    await waitForLogCount(user.userId, 4);
    const key = (await playgroundKeyRow(user.userId))!;
    expect(key).toMatchObject({ kind: "playground", name: "Playground" });
    const rows = await logsOf(user.userId);
    expect(rows).toHaveLength(4);
    for (const r of rows) expect(r).toMatchObject({ source: "playground", api_key_id: key.id });
    const parent = rows.find((r) => r.is_parent)!;
    expect(parent.id).toBe(requestId);
    const children = rows.filter((r) => !r.is_parent);
    expect(children.every((c) => c.parent_id === requestId)).toBe(true);
    // Billed like any call: one ledger charge per child, equal to its logged cost.
    for (const c of children) expect(await ledgerRows(user.userId, c.id)).toEqual([{ kind: "charge", amount: -BigInt(c.cost_units), sourceId: c.id }]);

    // History: the run with its request, its columns' answers and exact costs, linked to its log row.
    const [item] = await historyOf(user.userId, 1);
    expect(item).toMatchObject({ mode: "compare", models, requestId, title: messages[0]!.content });
    const stored = (await getHistoryRun(user.userId, item!.id))!;
    expect(stored.request).toMatchObject({ models, temperature: 0.3, max_tokens: 200 });
    expect(stored.run.status).toBe("done");
    expect(stored.run.order).toEqual(["source:0", "source:1", "source:2"]);
    const costByModel = new Map<string, bigint>();
    for (const c of children) {
      const { rows: [m] } = await pool().query<{ requested_model: string }>("SELECT requested_model FROM request_logs WHERE id = $1", [c.id]);
      costByModel.set(m!.requested_model, BigInt(c.cost_units));
    }
    for (const k of stored.run.order) {
      const call = stored.run.calls[k]!;
      expect(call.text.length).toBeGreaterThan(0);
      expect(BigInt(call.chargedUnits!)).toBe(costByModel.get(call.model));
    }
    expect(stored.run.compare?.fastest).toMatch(/^source:\d$/);

    // The history routes answer the owner only.
    const listed = await historyList(new Request(`${SITE}/api/dashboard/playground/history`));
    expect(((await listed.json()) as { data: Array<{ id: string }> }).data.map((d) => d.id)).toEqual([item!.id]);
    const other = await createTestUser();
    await signInAs(other);
    const foreign = await historyGet(new Request(`${SITE}/api/dashboard/playground/history/${item!.id}`), { params: Promise.resolve({ id: item!.id }) });
    expect(foreign.status).toBe(404);
  });

  it("stops one compare column on the server: that model ends (499, billed for what it generated), the others finish", async () => {
    ctx.emu.setModel("emu-chat", { ttftMs: 0, tokensPerSecond: 40, replyTokens: 60 }); // ~1.5 s per answer
    const user = await createTestUser();
    await signInAs(user);
    const res = await run("compare", { models: ["sim/gpt", "sim/claude"], messages });
    expect(res.status).toBe(200);
    const requestId = res.headers.get("x-request-id")!;
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    while (!text.includes('"index":1')) text += decoder.decode((await reader.read()).value, { stream: true }); // column 1 is streaming
    const stop = (body: unknown, headers: Record<string, string> = SAME_ORIGIN) => stopPost(new Request(`${SITE}/api/dashboard/playground/stop`, {
      method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json", ...headers },
    }));
    expect((await stop({ request_id: requestId, index: 1 }, { origin: "https://evil.example" })).status).toBe(403);
    const stopped = await stop({ request_id: requestId, index: 1 });
    expect(await stopped.json()).toEqual({ stopped: true });
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    const sse = parseSse(text);
    expect(sse.done).toBe(true);
    expect(sse.events.filter((e) => e.event === "done").map((e) => e.index)).toEqual([0]); // column 1 sent no done
    await waitForLogCount(user.userId, 3);
    const { rows } = await pool().query<{ status: number; requested_model: string; output_tokens: number; cost_units: string }>(
      "SELECT status, requested_model, output_tokens, cost_units::text FROM request_logs WHERE parent_id = $1 ORDER BY requested_model", [requestId]);
    expect(rows.map((r) => [r.requested_model, r.status])).toEqual([["sim/claude", 499], ["sim/gpt", 200]]);
    expect(rows[0]!.output_tokens).toBeLessThan(60);
    expect(await ledgerRows(user.userId)).toContainEqual({ kind: "charge", amount: -BigInt(rows[1]!.cost_units), sourceId: expect.any(String) });
    // A finished run has nothing left to stop.
    expect(await (await stop({ request_id: requestId, index: 0 })).json()).toEqual({ stopped: false });
  });

  it("never lists the hidden key, and the user cannot change or revoke it", async () => {
    const user = await createTestUser();
    await signInAs(user);
    const res = await run("chat", { model: "sim/gpt", messages });
    expect(res.status).toBe(200);
    await res.text();
    const key = (await playgroundKeyRow(user.userId))!;
    expect((await listApiKeys(user.userId)).map((k) => k.id)).toEqual([user.keyId]);
    await expect(getApiKey(user.userId, key.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(revokeApiKey(user.userId, key.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(updateApiKey(user.userId, key.id, { name: "mine" }, { kind: "dashboard", userId: user.userId })).rejects.toMatchObject({ code: "not_found" });
    // A second run reuses the same key (created once, lazily).
    await (await run("chat", { model: "sim/gpt", messages })).text();
    const { rows } = await pool().query("SELECT id FROM api_keys WHERE user_id = $1 AND kind = 'playground'", [user.userId]);
    expect(rows).toHaveLength(1);
    // /chat is one client call: one row, source=playground, and no parent row.
    await waitForLogCount(user.userId, 2);
    expect((await logsOf(user.userId)).map((r) => [r.source, r.is_parent])).toEqual([["playground", false], ["playground", false]]);
  });

  it("keeps no history under zero retention; purge, export and deletion cover the history", async () => {
    const user = await createTestUser();
    await signInAs(user);
    await (await run("chat", { model: "sim/gpt", messages })).text();
    expect(await historyOf(user.userId, 1)).toHaveLength(1);

    const exported = JSON.parse(await new Response(exportUserData(user.userId)).text()) as { playground_runs: Array<{ request: unknown }> };
    expect(exported.playground_runs).toHaveLength(1);
    expect(exported.playground_runs[0]!.request).toMatchObject({ messages });

    await setZeroRetention(user.userId, true);
    const res = await run("compare", { models: ["sim/gpt", "sim/fast"], messages });
    expect(res.status).toBe(200);
    await res.text();
    await waitForLogCount(user.userId, 4); // chat + parent + 2 children
    await sleep(100); // after-response work has had its turn
    expect(await listHistory(user.userId)).toHaveLength(1); // still only the run from before
    expect((await logsOf(user.userId)).every((r) => r.source === "playground")).toBe(true);

    await purgeLogs(user.userId);
    expect(await listHistory(user.userId)).toEqual([]);

    await setZeroRetention(user.userId, false);
    await (await run("chat", { model: "sim/gpt", messages })).text();
    expect(await historyOf(user.userId, 1)).toHaveLength(1);
    const me = await pool().query<{ email: string }>("SELECT email FROM users WHERE id = $1", [user.userId]);
    await deleteAccount(user.userId, me.rows[0]!.email);
    expect((await pool().query("SELECT 1 FROM playground_runs WHERE user_id = $1", [user.userId])).rowCount).toBe(0);
  });
});
