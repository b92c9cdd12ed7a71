// The bodies a chat log row stores, when they go in as the texts they came as (log-body.ts
// JsonText: the client's raw request, the OpenAI answer as sent) instead of a second
// JSON.stringify: the same JSON as before, through the real API and a real Postgres; numbers
// Postgres cannot hold fall back to the re-serialised value, never to a lost row or charge.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/sql/pool";
import { startApiServer, type ApiServer } from "@/lib/testing/api-servers";
import { SIGNUP_UNITS, balanceOf, ledgerSum, useGatewayEmulator, waitForLogCount } from "@/lib/testing/chat-harness";
import { createTestUser } from "@/lib/testing/fixtures";

useGatewayEmulator({ setup: (emu) => emu.setModel("emu-chat", { ttftMs: 0, tokensPerSecond: 5000 }) });

let api: ApiServer;
beforeAll(async () => {
  api = await startApiServer("node");
});
afterAll(() => api.close());

async function post(key: string, path: string, json: string): Promise<{ status: number; id: string; text: string }> {
  const res = await fetch(`${api.baseUrl}/v1/${path}`, {
    method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "anthropic-version": "2023-06-01" }, body: json,
  });
  return { status: res.status, id: res.headers.get("x-request-id")!, text: await res.text() };
}

type Row = { request_body: unknown; response_body: unknown; body_truncated: boolean; cost_units: string };
async function rowOf(id: string): Promise<Row> {
  const { rows } = await pool().query<Row>(
    "SELECT request_body, response_body, body_truncated, cost_units::text FROM request_logs WHERE id = $1", [id]);
  return rows[0]!;
}

describe("stored chat bodies", () => {
  it("store the raw request and the answer as sent: the same JSON the client sent and got", async () => {
    const u = await createTestUser();
    // Whitespace, escapes, a duplicate key (the last wins, in JSON.parse and in jsonb alike).
    const raw = '{\n  "model" : "sim/gpt", "temperature": 0.50, "max_tokens": 20, "max_tokens": 30,\n'
      + '  "messages": [ {"role": "user", "content": "caf\\u00e9 \\ud83d\\ude00 \\"quoted\\"\\n"} ] }';
    const openai = await post(u.key, "chat/completions", raw);
    expect(openai.status).toBe(200);
    const anthropicRaw = '{"model":"sim/gpt","max_tokens":30,"messages":[{"role":"user","content":"hello"}]}';
    const anthropic = await post(u.key, "messages", anthropicRaw);
    expect(anthropic.status).toBe(200);
    await waitForLogCount(u.userId, 2);

    const a = await rowOf(openai.id);
    expect(a.request_body).toEqual(JSON.parse(raw));
    expect(a.response_body).toEqual(JSON.parse(openai.text));
    expect(a.body_truncated).toBe(false);
    // /messages: the raw Anthropic request, and the OpenAI document of the answer (as before).
    const b = await rowOf(anthropic.id);
    expect(b.request_body).toEqual(JSON.parse(anthropicRaw));
    expect(b.response_body).toMatchObject({ object: "chat.completion", choices: [{ message: { role: "assistant" } }] });
  });

  it("store a stream's answer as the chat.completion of what the client was sent", async () => {
    const u = await createTestUser();
    const raw = '{"model":"sim/gpt","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"stream me"}]}';
    const res = await post(u.key, "chat/completions", raw);
    expect(res.status).toBe(200);
    const events = res.text.split("\n\n").filter((e) => e.startsWith("data: {")).map((e) => JSON.parse(e.slice(6)) as {
      id: string; created: number; model: string; choices: Array<{ delta: { content?: string }; finish_reason: string | null }>;
      usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
    });
    const text = events.map((e) => e.choices[0]?.delta.content ?? "").join("");
    const usage = events.find((e) => e.usage)!.usage!;
    await waitForLogCount(u.userId, 1);
    const row = await rowOf(res.id);
    expect(row.request_body).toEqual(JSON.parse(raw));
    expect(row.response_body).toEqual({
      id: events[0]!.id, object: "chat.completion", created: events[0]!.created, model: events[0]!.model,
      choices: [{ index: 0, message: { role: "assistant", content: text, refusal: null }, logprobs: null,
        finish_reason: events.find((e) => e.choices[0]?.finish_reason)!.choices[0]!.finish_reason }],
      usage: { ...usage, prompt_tokens_details: { cached_tokens: 0 } },
    });
    expect(row.body_truncated).toBe(false);
  });

  it("store a compare call's raw request on its parent row, and each sub-call's own request", async () => {
    const u = await createTestUser();
    const raw = '{ "models": ["sim/gpt", "sim/gpt"],\n  "messages": [{"role": "user", "content": "compare \\u00e9"}], "max_tokens": 20, "stream": false }';
    const res = await post(u.key, "compare", raw);
    expect(res.status).toBe(200);
    await waitForLogCount(u.userId, 3);
    const { rows } = await pool().query<{ is_parent: boolean; request_body: Record<string, unknown>; request_class: string | null }>(
      "SELECT is_parent, request_body, request_class FROM request_logs WHERE user_id = $1", [u.userId]);
    const parent = rows.find((r) => r.is_parent)!;
    expect(parent.request_body).toEqual(JSON.parse(raw));
    const subs = rows.filter((r) => !r.is_parent);
    expect(subs).toHaveLength(2);
    for (const r of subs) {
      expect(r.request_body).toMatchObject({ models: ["sim/gpt"], messages_in_parent: true });
      expect(r.request_class).toBe("quick_chat");
    }
  });

  it("re-serialise a body with a number Postgres cannot hold; every row is written and charged", async () => {
    const u = await createTestUser();
    const bodies = [
      '{"model":"sim/gpt","messages":[{"role":"user","content":"huge"}],"top_p":1e4000}', // Infinity in JS: stored as null
      `{"model":"sim/gpt","messages":[{"role":"user","content":"long fraction"}],"seed_note":0.${"0".repeat(17_000)}1}`,
      '{"model":"sim/gpt","messages":[{"role":"user","content":"plain"}]}',
    ];
    const sent = await Promise.all(bodies.map((b) => post(u.key, "chat/completions", b)));
    for (const s of sent) expect([200, 400]).toContain(s.status);
    const answered = sent.filter((s) => s.status === 200 || s.status === 400);
    await waitForLogCount(u.userId, answered.length, 10_000);
    let charged = 0n;
    for (const s of answered) {
      const row = await rowOf(s.id);
      expect(row, `row of ${s.id}`).toBeDefined();
      charged += BigInt(row.cost_units);
    }
    const plain = await rowOf(sent[2]!.id);
    expect(plain.request_body).toEqual(JSON.parse(bodies[2]!));
    expect(await balanceOf(u.userId)).toBe(SIGNUP_UNITS - charged);
    expect(await ledgerSum(u.userId)).toBe(SIGNUP_UNITS - charged);
  });
});
