import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { keyFingerprint, startEmulator, type EmulatorHandle } from "./server";

let emu: EmulatorHandle;
let client: OpenAI;

beforeAll(async () => {
  emu = await startEmulator({ models: { "configured-model": { replyTokens: 3 } } });
  client = new OpenAI({ apiKey: "sk-control-test", baseURL: `${emu.url}/v1`, maxRetries: 0 });
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const hi = (model: string) => ({ model, messages: [{ role: "user" as const, content: "Hi" }] });

function chatFetch(model: string, extra: Record<string, unknown> = {}, signal?: AbortSignal) {
  return fetch(`${emu.url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: "Bearer k", "content-type": "application/json" },
    body: JSON.stringify({ ...hi(model), ...extra }),
    signal,
  });
}

async function control(method: string, path: string, body?: unknown) {
  const res = await fetch(`${emu.url}/_emulator/${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("control API", () => {
  it("reports health and the effective behavior of every known model", async () => {
    expect((await control("GET", "health")).body).toMatchObject({ ok: true, presets: expect.arrayContaining(["emu-fast", "emu-hang"]) });
    const models = await control("GET", "models");
    expect(models.body).toMatchObject({
      models: {
        "emu-chat": { ttftMs: 150, tokensPerSecond: 120 },
        "emu-down": { failureRate: 1, failStatus: 503 },
        "configured-model": { replyTokens: 3 },
      },
    });
  });

  it("sets knobs per model at runtime, validates them and resets them", async () => {
    expect((await control("PUT", "models/my-model", { replyTokens: 5 })).status).toBe(200);
    expect((await client.chat.completions.create(hi("my-model"))).usage?.completion_tokens).toBe(5);
    const bad = await control("PUT", "models/my-model", { replyTokenz: 5 });
    expect(bad.status).toBe(400);
    expect((await control("PUT", "models/my-model", { failureRate: 2 })).status).toBe(400);
    await control("DELETE", "models");
    expect((await client.chat.completions.create(hi("my-model"))).usage?.completion_tokens).toBe(24);
    expect((await client.chat.completions.create(hi("configured-model"))).usage?.completion_tokens).toBe(3);
  });

  it("applies global overrides under per-model settings", async () => {
    emu.setOverrides({ replyTokens: 7 });
    expect((await client.chat.completions.create(hi("anything"))).usage?.completion_tokens).toBe(7);
    emu.setModel("anything", { replyTokens: 2 });
    expect((await client.chat.completions.create(hi("anything"))).usage?.completion_tokens).toBe(2);
    expect((await control("GET", "overrides")).body).toEqual({ overrides: { replyTokens: 7 } });
  });

  it("records what the gateway sent, with credentials redacted", async () => {
    await client.chat.completions.create({ ...hi("emu-fast"), temperature: 0.2 });
    const { body } = await control("GET", "requests?last=1");
    const [req] = body.requests as Array<Record<string, unknown>>;
    expect(req).toMatchObject({
      method: "POST",
      path: "/v1/chat/completions",
      format: "openai",
      model: "emu-fast",
      body: { model: "emu-fast", temperature: 0.2, messages: [{ role: "user", content: "Hi" }] },
      headers: { authorization: "Bearer [redacted]" },
      authFingerprint: keyFingerprint("sk-control-test"),
    });
    expect(JSON.stringify(body)).not.toContain("sk-control-test");
    expect(emu.requests()).toHaveLength(1);
    await control("DELETE", "requests");
    expect(emu.requests()).toHaveLength(0);
  });

  it("keeps only the last recordLimit requests, oldest first", async () => {
    const small = await startEmulator({ recordLimit: 3 });
    try {
      for (let i = 1; i <= 5; i++) {
        await fetch(`${small.url}/v1/chat/completions`, {
          method: "POST",
          headers: { authorization: "Bearer k" },
          body: JSON.stringify({ model: `m${i}`, messages: [{ role: "user", content: "Hi" }] }),
        });
      }
      expect(small.requests().map((r) => r.model)).toEqual(["m3", "m4", "m5"]);
      const last = (await (await fetch(`${small.url}/_emulator/requests?last=2`)).json()) as { requests: Array<{ seq: number }> };
      expect(last.requests.map((r) => r.seq)).toEqual([4, 5]);
    } finally {
      await small.close();
    }
  });

  it("fails exactly every second request for emu-flaky", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await chatFetch("emu-flaky")).status);
    expect(statuses).toEqual([200, 503, 200, 503]);
  });

  it("waits latencyMs before headers, and paces streams by ttftMs and tokensPerSecond", async () => {
    emu.setModel("timed", { latencyMs: 120 });
    let t0 = performance.now();
    await (await chatFetch("timed")).json();
    expect(performance.now() - t0).toBeGreaterThanOrEqual(115);

    emu.setModel("paced", { ttftMs: 100, tokensPerSecond: 200, replyTokens: 21 });
    t0 = performance.now();
    const res = await chatFetch("paced", { stream: true });
    const headersAt = performance.now() - t0;
    const reader = res.body?.getReader();
    if (!reader) throw new Error("no body");
    let firstContentAt = 0;
    let text = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
      if (!firstContentAt && text.includes('"content":"Sim')) firstContentAt = performance.now() - t0;
    }
    const total = performance.now() - t0;
    // Headers go out at once; the first token waits ttftMs (generous margin for a loaded box).
    expect(firstContentAt - headersAt).toBeGreaterThanOrEqual(50);
    expect(firstContentAt).toBeGreaterThanOrEqual(95);
    // 20 tokens after the first at 200 tok/s ≈ 100 ms more.
    expect(total).toBeGreaterThanOrEqual(190);
    expect(text.trimEnd().endsWith("data: [DONE]")).toBe(true);
  });

  it("never answers for emu-hang (the client gives up)", async () => {
    await expect(chatFetch("emu-hang", {}, AbortSignal.timeout(200))).rejects.toThrow(/abort|timeout/i);
  });

  it("answers 200 with unparsable bodies for emu-garbage", async () => {
    const plain = await chatFetch("emu-garbage");
    expect(plain.status).toBe(200);
    await expect(plain.json()).rejects.toThrow(SyntaxError);
    const stream = await chatFetch("emu-garbage", { stream: true });
    expect(stream.headers.get("content-type")).toMatch(/event-stream/);
    const text = await stream.text();
    expect(text).not.toContain("[DONE]");
    expect(() => JSON.parse(text.split("\n")[0]!.replace(/^data: /, ""))).toThrow(SyntaxError);
  });

  it("cuts a non-streamed body in half for cutAfterChunks", async () => {
    emu.setModel("cut-plain", { cutAfterChunks: 1 });
    const res = await chatFetch("cut-plain");
    await expect(res.text()).rejects.toThrow();
  });

  it("answers unknown paths with 404", async () => {
    expect((await fetch(`${emu.url}/v2/nothing`)).status).toBe(404);
    expect((await control("GET", "nothing")).status).toBe(404);
  });
});
