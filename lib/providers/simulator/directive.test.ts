import { describe, expect, it } from "vitest";
import { parseSimulation } from "@/lib/providers/simulator/directive";

describe("x-switchyard-simulate", () => {
  it("reads the documented example (semicolons or commas, spaces anywhere)", () => {
    expect(parseSimulation("status=503; latency_ms=800; cut_after_tokens=5")).toEqual({
      ok: true, value: { status: 503, latencyMs: 800, cutAfterTokens: 5 },
    });
    expect(parseSimulation(" rate_limit = 1 , tokens_per_second=0 ;")).toEqual({ ok: true, value: { rateLimit: 1, tokensPerSecond: 0 } });
    expect(parseSimulation("")).toEqual({ ok: true, value: {} });
  });

  it.each([
    ["staus=503", /unknown name 'staus' \(known: status, latency_ms, cut_after_tokens, rate_limit, tokens_per_second\)/],
    ["status", /'status' needs a whole number/],
    ["status=abc", /'status' needs a whole number, got 'abc'/],
    ["status=5.5", /'status' needs a whole number/],
    ["status=-1", /'status' needs a whole number/],
    ["status=200", /'status' must be between 400 and 599, got 200/],
    ["status=418", /'status' must be one of 400, 401, .* got 418/],
    ["latency_ms=60001", /'latency_ms' must be between 0 and 60000/],
    ["rate_limit=0", /'rate_limit' must be between 1 and 3600/],
    ["status=503; status=500", /'status' is given twice/],
    ["status=503; rate_limit=2", /cannot be combined/],
  ])("refuses %j, naming the problem", (header, message) => {
    const r = parseSimulation(header);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toMatch(/^Invalid x-switchyard-simulate header: /);
      expect(r.message).toMatch(message);
    }
  });
});
