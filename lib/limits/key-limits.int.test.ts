// Per-key limits end to end, through both doors and both formats: RPM and TPM answer 429 with
// retry-after and the x-ratelimit-* trio and admitted requests carry the same headers; TPM no
// longer counts the model's maximum output and is corrected to the real tokens at settlement;
// a concurrency limit refuses the N+1th request in flight and frees the slot exactly once,
// client aborts included; a disabled key is refused; live keys ignore x-switchyard-simulate.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inFlightOf } from "@/lib/limits/rate-limiter";
import { startApiServer, type ApiServer } from "@/lib/testing/api-servers";
import { settledLog, sleep, useGatewayEmulator, waitForLogCount } from "@/lib/testing/chat-harness";
import { createTestUser } from "@/lib/testing/fixtures";
import { createKeyWith } from "@/lib/testing/key-fixtures";

useGatewayEmulator({
  setup: (emu) => {
    emu.setModel("emu-chat", { ttftMs: 0, tokensPerSecond: 0 });
    // sim/slow: one-second streams, to hold requests in flight.
    emu.setModel("emu-slow", { ttftMs: 0, tokensPerSecond: 40, replyTokens: 40 });
  },
});

const DOORS = [["/chat/completions", "openai"], ["/messages", "anthropic"]] as const;
type Path = (typeof DOORS)[number][0];

function body(path: Path, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const messages = [{ role: "user", content: "limits please" }];
  return path === "/messages" ? { model: "sim/gpt", max_tokens: 64, messages, ...extra } : { model: "sim/gpt", messages, ...extra };
}

describe.each(["node", "fetch"] as const)("key limits via the %s door", (door) => {
  let api: ApiServer;
  let userId: string;
  beforeAll(async () => {
    api = await startApiServer(door);
    ({ userId } = await createTestUser());
  });
  afterAll(() => api.close());

  const post = (key: string, path: Path, b: Record<string, unknown>, headers: Record<string, string> = {}, signal?: AbortSignal) =>
    fetch(`${api.baseUrl}/v1${path}`, {
      method: "POST", signal,
      headers: { authorization: `Bearer ${key}`, "x-api-key": key, "anthropic-version": "2023-06-01", "content-type": "application/json", ...headers },
      body: JSON.stringify(b),
    });

  it.each(DOORS)("RPM on %s: headers on every 200, then 429 with retry-after and the trio", async (path, dialect) => {
    const { key } = await createKeyWith(userId, { rpmLimit: 2 });
    const first = await post(key, path, body(path));
    expect(first.status).toBe(200);
    expect(first.headers.get("x-ratelimit-limit-requests")).toBe("2");
    expect(first.headers.get("x-ratelimit-remaining-requests")).toBe("1");
    expect(first.headers.get("x-ratelimit-reset-requests")).toMatch(/^(59(\.\d+)?|60)s$/);
    expect((await post(key, path, body(path))).headers.get("x-ratelimit-remaining-requests")).toBe("0");
    const third = await post(key, path, body(path));
    expect(third.status).toBe(429);
    expect(Number(third.headers.get("retry-after"))).toBeGreaterThanOrEqual(59);
    expect(third.headers.get("x-ratelimit-limit-requests")).toBe("2");
    expect(third.headers.get("x-ratelimit-remaining-requests")).toBe("0");
    expect(third.headers.get("x-ratelimit-reset-requests")).toMatch(/s$/);
    const err = (await third.json()) as { type?: string; error: { type: string; message: string } };
    if (dialect === "anthropic") expect(err).toMatchObject({ type: "error", error: { type: "rate_limit_error" } });
    else expect(err.error.type).toBe("rate_limit_error");
    expect(err.error.message).toMatch(/2 requests per minute/);
  });

  it.each(DOORS)("TPM on %s: a request without max_tokens is admitted, and the count is corrected at settlement", async (path) => {
    // Before: without max_tokens the model's maximum output (16,384) was counted: always 429 here.
    const { key } = await createKeyWith(userId, { tpmLimit: 2_000 });
    const noMax = path === "/messages" ? body(path) : body(path, {});
    const a = await post(key, path, noMax);
    expect(a.status).toBe(200);
    expect(a.headers.get("x-ratelimit-limit-tokens")).toBe("2000");
    const remaining = Number(a.headers.get("x-ratelimit-remaining-tokens"));
    expect(remaining).toBeLessThan(2_000);
    expect(a.headers.get("x-ratelimit-reset-tokens")).toMatch(/s$/);
    await settledLog(api, key, a.headers.get("x-request-id")!);
    // 1,200 + prompt counted up front: a second one fits only because the first was corrected
    // down to its real ~100 tokens when it settled.
    const big = body(path, { max_tokens: 1_200 });
    const b = await post(key, path, big);
    expect(b.status).toBe(200);
    await settledLog(api, key, b.headers.get("x-request-id")!);
    expect((await post(key, path, big)).status).toBe(200);
    const refused = await post(key, path, body(path, { max_tokens: 1_900 }));
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(refused.headers.get("x-ratelimit-limit-tokens")).toBe("2000");
    expect(refused.headers.get("x-ratelimit-remaining-tokens")).toMatch(/^\d+$/);
  });

  it.each(DOORS)("concurrency on %s: 429 while N are in flight; each slot comes back once, aborts included", async (path) => {
    const { key, keyId } = await createKeyWith(userId, { concurrencyLimit: 2 });
    const slow = body(path, { model: "sim/slow", stream: true });
    const aborter = new AbortController();
    const held = [await post(key, path, slow, {}, aborter.signal), await post(key, path, slow)];
    for (const r of held) expect(r.status).toBe(200);
    expect(inFlightOf(keyId)).toBe(2);
    const third = await post(key, path, body(path));
    expect(third.status).toBe(429);
    expect(third.headers.get("retry-after")).toBe("1");
    expect(((await third.json()) as { error: { message: string } }).error.message).toMatch(/2 requests in flight \(limit 2\)/);
    aborter.abort(); // the client leaves mid-stream
    await held[0]!.body?.cancel().catch(() => undefined);
    const deadline = Date.now() + 3_000;
    while (inFlightOf(keyId) > 1 && Date.now() < deadline) await sleep(10);
    expect(inFlightOf(keyId)).toBe(1);
    expect((await post(key, path, body(path))).status).toBe(200);
    await held[1]!.text();
    while (inFlightOf(keyId) > 0 && Date.now() < deadline + 3_000) await sleep(10);
    await sleep(50);
    expect(inFlightOf(keyId)).toBe(0); // never negative: released exactly once
  });

  it.each(DOORS)("a disabled key on %s gets 403 key_disabled", async (path) => {
    const { key } = await createKeyWith(userId, { disabled: true });
    const r = await post(key, path, body(path));
    expect(r.status).toBe(403);
    expect(((await r.json()) as { error: { message: string } }).error.message).toBe("This API key is disabled.");
  });

  it.each(DOORS)("a live key on %s ignores x-switchyard-simulate and says so", async (path) => {
    const { key } = await createKeyWith(userId);
    const r = await post(key, path, body(path), { "x-switchyard-simulate": "status=503" });
    expect(r.status).toBe(200);
    expect(r.headers.get("x-switchyard-warning")).toBe("x-switchyard-simulate is ignored for live keys");
    expect(r.headers.get("x-switchyard-provider")).toBe("emulator");
  });

  it("every admitted request was logged once", async () => {
    await waitForLogCount(userId, 1);
  });
});
