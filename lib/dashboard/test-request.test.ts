import { describe, expect, it } from "vitest";
import { apiPathOf, describeFailure, fetchBilledCost, sendTestRequest, type Fetch } from "@/lib/dashboard/test-request";

const KEY = "sk-sy-test0123456789";
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

describe("sendTestRequest", () => {
  it("sends one small chat request with the key, same origin, and reads answer, usage and request id", async () => {
    const calls: Array<{ url: string; init?: RequestInit }> = [];
    const fetchFn: Fetch = async (url, init) => {
      calls.push({ url, init });
      return json(200, { model: "sim/gpt", choices: [{ message: { content: "Hello!" } }], usage: { prompt_tokens: 12, completion_tokens: 3 } },
        { "x-request-id": "req_1" });
    };
    let t = 1000;
    const r = await sendTestRequest({ apiPath: "/v1", apiKey: KEY, model: "sim/gpt" }, fetchFn, () => (t += 42));
    expect(r).toEqual({ ok: true, requestId: "req_1", model: "sim/gpt", answer: "Hello!", latencyMs: 42, usage: { input: 12, output: 3 } });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe("/v1/chat/completions"); // relative: the page's own origin
    expect(new Headers(calls[0]!.init!.headers).get("authorization")).toBe(`Bearer ${KEY}`);
    const body = JSON.parse(String(calls[0]!.init!.body)) as { model: string; max_tokens: number };
    expect(body.model).toBe("sim/gpt");
    expect(body.max_tokens).toBeLessThanOrEqual(64);
  });

  it("turns API errors into a clear message with where to fix them", async () => {
    const r402 = await sendTestRequest({ apiPath: "/v1", apiKey: KEY, model: "sim/gpt" },
      async () => json(402, { error: { message: "Insufficient credits: this request needs 0.01.", code: "insufficient_credits" } }));
    expect(r402).toMatchObject({ ok: false, status: 402, code: "insufficient_credits", fix: { href: "/dashboard/billing" } });
    expect(!r402.ok && r402.message).toMatch(/^Not enough credits .*\(402\)\. Insufficient credits/);

    const unavailable = describeFailure(503, { error: { code: "service_unavailable",
      message: "The model 'openai/gpt-4o' is not available on this deployment: no OpenAI key is configured." } });
    expect(unavailable.message).toContain("(503)");
    expect(unavailable.message).toContain("is not available on this deployment");
    expect(unavailable.fix?.href).toBe("/dashboard/providers");
    // A busy gateway's 503 is not fixed by adding a provider key.
    expect(describeFailure(503, { error: { message: "The gateway is busy and cannot record requests right now. Retry shortly." } }).fix).toBeNull();
    expect(describeFailure(500, "not json").message).toBe("The request failed with status 500.");

    const offline = await sendTestRequest({ apiPath: "/v1", apiKey: KEY, model: "sim/gpt" }, async () => {
      throw new TypeError("Failed to fetch");
    });
    expect(offline).toMatchObject({ ok: false, status: null });
  });
});

describe("fetchBilledCost", () => {
  it("polls the request's log row until it is written and formats its exact cost", async () => {
    const urls: string[] = [];
    let n = 0;
    const fetchFn: Fetch = async (url) => {
      urls.push(url);
      return ++n < 3 ? json(404, { error: { message: "No request", code: "not_found" } }) : json(200, { id: "req_1", cost_units: "12345678" });
    };
    const cost = await fetchBilledCost({ apiPath: "/v1", apiKey: KEY, requestId: "req_1" }, { fetchFn, intervalMs: 1 });
    expect(cost).toBe("$0.000012");
    expect(urls).toEqual(["/v1/requests/req_1", "/v1/requests/req_1", "/v1/requests/req_1"]);
  });

  it("gives up (null) on other errors and after the timeout", async () => {
    expect(await fetchBilledCost({ apiPath: "/v1", apiKey: KEY, requestId: "r" }, { fetchFn: async () => json(401, {}) })).toBeNull();
    expect(await fetchBilledCost({ apiPath: "/v1", apiKey: KEY, requestId: "r" },
      { fetchFn: async () => json(404, {}), timeoutMs: 20, intervalMs: 5 })).toBeNull();
  });
});

describe("apiPathOf", () => {
  it("takes the path of the snippet base URL", () => {
    expect(apiPathOf("https://switchyard.example/v1")).toBe("/v1");
    expect(apiPathOf("http://127.0.0.1:3000/v1/")).toBe("/v1");
    expect(apiPathOf("not a url")).toBe("/v1");
  });
});
