// Issue #16 point 1: bodies Postgres cannot store (NUL, a lone surrogate, JSON nested 5,000
// deep in an ignored field) sent amid normal traffic from two accounts, through the real API.
// Every request — the poison ones included — must be logged and charged within seconds, and
// each account's balance must equal the sum of its ledger with no credits left held.
// The door may refuse the 5,000-deep body outright (400, issue #16 point 8): then it is logged
// as a refused call (issue #18 point 4: no body, nothing charged). Nesting the door accepts but deeper than the stored-body limit
// (log-body.ts MAX_DEPTH) is stored cut, with the marker. The writer's own handling of a row
// Postgres refuses is tested with rows that bypass the sanitiser: lib/billing/settlement/charge-writer.int.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/sql/pool";
import { releaseIdleHolds } from "@/lib/billing/settlement/holds";
import { DEPTH_MARKER, MAX_BODY_CHARS, MAX_DEPTH } from "@/lib/observability/log-body";
import { startApiServer, type ApiServer } from "@/lib/testing/api-servers";
import { SIGNUP_UNITS, balanceOf, ledgerSum, settledLog, useGatewayEmulator, waitForLogCount } from "@/lib/testing/chat-harness";
import { createTestUser } from "@/lib/testing/fixtures";

useGatewayEmulator({ setup: (emu) => emu.setModel("emu-chat", { ttftMs: 0, tokensPerSecond: 5000 }) });

let api: ApiServer;
beforeAll(async () => {
  api = await startApiServer("node");
});
afterAll(() => api.close());

/** Raw JSON text, so the poison reaches the server exactly as written. */
async function post(key: string, json: string): Promise<{ status: number; id: string }> {
  const res = await fetch(`${api.baseUrl}/v1/chat/completions`, {
    method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: json,
  });
  await res.arrayBuffer();
  return { status: res.status, id: res.headers.get("x-request-id")! };
}

const normal = (i: number) => JSON.stringify({ model: "sim/gpt", messages: [{ role: "user", content: `normal request ${i}` }] });
const deepIn = (depth: number) =>
  `{"model":"sim/gpt","messages":[{"role":"user","content":"deep prediction"}],"prediction":${"[".repeat(depth)}${"]".repeat(depth)}}`;
const poison = {
  nul: JSON.stringify({ model: "sim/gpt", messages: [{ role: "user", content: "before\u0000after" }] }),
  surrogate: JSON.stringify({ model: "sim/gpt", messages: [{ role: "user", content: "lone \ud83d here" }] }),
  deep: deepIn(5_000),
  deeperThanStored: deepIn(MAX_DEPTH + 20),
};
type Kind = keyof typeof poison | "normal";

type Row = { id: string; cost_units: string; charged: string | null; body_truncated: boolean; request_bytes: number; body: string };

async function rowsOf(userId: string): Promise<Map<string, Row>> {
  const { rows } = await pool().query<Row>(
    `SELECT r.id, r.cost_units::text, (SELECT sum(-amount)::text FROM ledger_entries l WHERE l.source_id = r.id AND l.kind = 'charge') AS charged,
       r.body_truncated, r.request_bytes, r.request_body::text AS body
     FROM request_logs r WHERE r.user_id = $1`, [userId]);
  return new Map(rows.map((r) => [r.id, r]));
}

describe("poison request bodies", () => {
  it("never hold back other requests' logs and charges; the poison rows are stored sanitised and charged", async () => {
    const [a, b] = [await createTestUser(), await createTestUser()];
    const sends: Array<Promise<{ status: number; id: string; user: string; kind: Kind }>> = [];
    for (let i = 0; i < 12; i++) {
      for (const u of [a, b]) sends.push(post(u.key, normal(i)).then((r) => ({ ...r, user: u.userId, kind: "normal" as const })));
      if (i % 3 === 1) {
        // The poison bodies from both accounts, interleaved with the normal traffic.
        const kind = (["nul", "surrogate", "deep", "deeperThanStored"] as const)[(i - 1) / 3]!;
        for (const u of [a, b]) sends.push(post(u.key, poison[kind]).then((r) => ({ ...r, user: u.userId, kind })));
      }
    }
    const sent = await Promise.all(sends);
    // 5,000 deep: refused at the door (400) or answered (200); everything else answered.
    expect(sent.filter((s) => s.status !== 200 && !(s.kind === "deep" && s.status === 400))).toEqual([]);
    // Answered or refused at the door: every call has a row.
    const answered = sent.filter((s) => s.status === 200 || s.status === 400);
    const logged = (userId: string) => answered.filter((s) => s.user === userId).length;
    expect(logged(a.userId)).toBeGreaterThanOrEqual(15);

    // Within seconds, every request of both accounts is logged (the old writer retried the
    // refused batch forever and never got here).
    const started = Date.now();
    await waitForLogCount(a.userId, logged(a.userId), 5_000);
    await waitForLogCount(b.userId, logged(b.userId), 5_000);
    expect(Date.now() - started).toBeLessThan(5_000);

    for (const u of [a, b]) {
      const rows = await rowsOf(u.userId);
      let charged = 0n;
      expect(rows.size).toBe(logged(u.userId));
      for (const s of sent.filter((x) => x.user === u.userId)) {
        const r = rows.get(s.id);
        if (s.status === 400) {
          expect(r, "a request refused at the door is logged").toBeDefined();
          expect(r!.cost_units).toBe("0");
          expect(r!.charged).toBeNull();
          expect(r!.body, "a body too deep to read is not stored").toBeNull();
          expect(r!.request_bytes).toBe(Buffer.byteLength(poison.deep));
          continue;
        }
        expect(r, `${s.kind} request ${s.id} is logged`).toBeDefined();
        expect(BigInt(r!.cost_units), `${s.kind} request is charged`).toBeGreaterThan(0n);
        expect(r!.charged, `${s.kind} request has its ledger charge`).toBe(r!.cost_units);
        charged += BigInt(r!.cost_units);
        if (s.kind === "nul" || s.kind === "surrogate") {
          // Replaced by U+FFFD: the body is kept, readable, and storable.
          expect(JSON.parse(r!.body).messages[0].content).toBe(s.kind === "nul" ? "before\ufffdafter" : "lone \ufffd here");
          expect(r!.body_truncated).toBe(false);
        }
        if (s.kind === "deep" || s.kind === "deeperThanStored") {
          expect(r!.body_truncated).toBe(true);
          expect(r!.body).toContain(DEPTH_MARKER);
          expect(r!.request_bytes).toBe(Buffer.byteLength(poison[s.kind]));
        }
        if (s.kind === "normal") {
          expect(r!.body_truncated).toBe(false);
          expect(JSON.parse(r!.body)).toEqual(JSON.parse(normal(Number(JSON.parse(r!.body).messages[0].content.split(" ")[2]))));
        }
      }
      expect(await balanceOf(u.userId)).toBe(SIGNUP_UNITS - charged);
      expect(await ledgerSum(u.userId)).toBe(SIGNUP_UNITS - charged);
    }

    // No charge is left held: once the idle holds go back, nothing of either account is held.
    await releaseIdleHolds();
    const { rows: held } = await pool().query<{ held: string }>(
      "SELECT held::text FROM users WHERE id = ANY($1::text[])", [[a.userId, b.userId]]);
    expect(held.map((h) => h.held)).toEqual(["0", "0"]);
  });

  it("stores a 7 MB unknown field cut to the size limit with a marker, and keeps the raw request size", async () => {
    const u = await createTestUser();
    const extra = "x".repeat(7 * 1024 * 1024);
    const json = JSON.stringify({ model: "sim/gpt", messages: [{ role: "user", content: "hi", extra }] });
    const { status, id } = await post(u.key, json);
    expect(status).toBe(200);
    const log = (await settledLog(api, u.key, id)) as Awaited<ReturnType<typeof settledLog>> & {
      request_body: { messages: Array<{ content: string; extra: string }> }; request_bytes: number; body_truncated: boolean;
    };
    expect(log.request_bytes).toBe(Buffer.byteLength(json));
    expect(log.request_bytes).toBeGreaterThan(7_000_000);
    expect(log.body_truncated).toBe(true);
    expect(log.request_body.messages[0]!.content).toBe("hi");
    const kept = log.request_body.messages[0]!.extra;
    expect(kept).toMatch(/^x+…\[truncated: \d+ more characters\]$/);
    expect(kept).toContain(`[truncated: ${extra.length - kept.indexOf("…")} more characters]`);
    const { rows } = await pool().query<{ n: number }>("SELECT octet_length(request_body::text) AS n FROM request_logs WHERE id = $1", [id]);
    expect(rows[0]!.n).toBeLessThanOrEqual(MAX_BODY_CHARS + 200);
  });
});
