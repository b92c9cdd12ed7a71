// Per-key limits with a controlled clock: the sliding windows (a burst across a minute
// boundary still admits exactly N), TPM counted up front and corrected at settlement, the
// concurrency slot given back once per response, and the headers on both outcomes.
import { beforeEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import {
  DEFAULT_OUTPUT_ESTIMATE, formatReset, inFlightOf, resetRateLimitsForTests, setRateLimitHeaders, settleTokens,
  takeConcurrencySlot, takeRateLimit, takeTokenLimit, tokensToReserve,
} from "@/lib/limits/rate-limiter";

const T0 = Date.UTC(2026, 11, 6, 12, 0, 59, 900); // 100 ms before a minute boundary

function refused(fn: () => void): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("expected a 429");
}

/** A response double that records headers and post-response tasks. */
function fakeRes() {
  const headers: Record<string, string> = {};
  const tasks: Array<() => void> = [];
  return { headers, tasks, setHeader: (n: string, v: string) => void (headers[n] = v), after: (fn: () => void) => void tasks.push(fn),
    finish: () => tasks.splice(0).forEach((t) => t()) };
}

beforeEach(() => resetRateLimitsForTests());

describe("requests per minute (exact sliding window)", () => {
  it("admits exactly N in any 60 s, across a minute boundary (a fixed window admitted 2N)", () => {
    const N = 5;
    let admitted = 0;
    // N just before the boundary, then 3N spread over the next 59 s: only the first N pass.
    for (let i = 0; i < N; i++) {
      takeRateLimit("k", { rpm: N, tpm: null }, 0, T0 + i);
      admitted++;
    }
    for (let i = 0; i < 3 * N; i++) {
      const at = T0 + 200 + i * 3_900; // up to T0 + 58.7 s
      try {
        takeRateLimit("k", { rpm: N, tpm: null }, 0, at);
        admitted++;
      } catch (err) {
        expect((err as AppError).status).toBe(429);
      }
    }
    expect(admitted).toBe(N);
    // The first request leaves the window exactly 60 s after it was made.
    expect(() => takeRateLimit("k", { rpm: N, tpm: null }, 0, T0 + 59_999)).toThrow(AppError);
    takeRateLimit("k", { rpm: N, tpm: null }, 0, T0 + 60_000);
  });

  it("answers 429 with retry-after and the x-ratelimit-*-requests trio", () => {
    for (let i = 0; i < 3; i++) takeRateLimit("k", { rpm: 3, tpm: null }, 0, T0 + i * 1000);
    const err = refused(() => takeRateLimit("k", { rpm: 3, tpm: null }, 0, T0 + 10_000));
    expect(err.status).toBe(429);
    expect(err.code).toBe("rate_limit_exceeded");
    // The oldest request (T0) leaves at T0 + 60 s: 50 s from now.
    expect(err.headers).toEqual({
      "retry-after": "50", "x-ratelimit-limit-requests": "3", "x-ratelimit-remaining-requests": "0",
      "x-ratelimit-reset-requests": "52s", // the newest (T0 + 2 s) leaves at T0 + 62 s
    });
    expect(err.message).toMatch(/3 requests per minute/);
  });

  it("sets the same headers on an admitted request", () => {
    const res = fakeRes();
    takeRateLimit("k", { rpm: 10, tpm: 1_000 }, 100, T0);
    setRateLimitHeaders({ keyId: "k", rpmLimit: 10, tpmLimit: 1_000 }, res, T0);
    expect(res.headers).toEqual({
      "x-ratelimit-limit-requests": "10", "x-ratelimit-remaining-requests": "9", "x-ratelimit-reset-requests": "60s",
      "x-ratelimit-limit-tokens": "1000", "x-ratelimit-remaining-tokens": "900", "x-ratelimit-reset-tokens": "60.1s",
    });
  });

  it("a key without limits leaves no state behind", () => {
    takeRateLimit("free", { rpm: null, tpm: null }, 1e9, T0);
    const res = fakeRes();
    setRateLimitHeaders({ keyId: "free", rpmLimit: null, tpmLimit: null }, res, T0);
    takeConcurrencySlot({ keyId: "free", concurrencyLimit: null }, res, T0);
    expect(res.headers).toEqual({});
    expect(res.tasks).toHaveLength(0);
  });

  it("a refused request counts nothing (RPM ok, TPM refused: the request is not counted either)", () => {
    takeRateLimit("k", { rpm: 2, tpm: 100 }, 90, T0);
    expect(() => takeRateLimit("k", { rpm: 2, tpm: 100 }, 20, T0 + 1)).toThrow(AppError);
    takeRateLimit("k", { rpm: 2, tpm: 100 }, 10, T0 + 2); // the second request still fits
    expect(() => takeRateLimit("k", { rpm: 2, tpm: 100 }, 0, T0 + 3)).toThrow(/2 requests per minute/);
  });
});

describe("tokens per minute", () => {
  it("counts the prompt plus max_tokens, or a small estimate without it", () => {
    expect(tokensToReserve(120, 50)).toBe(170);
    expect(tokensToReserve(120, undefined)).toBe(120 + DEFAULT_OUTPUT_ESTIMATE);
  });

  it("a low TPM admits a request without max_tokens (the model's 32k maximum output is not counted)", () => {
    takeRateLimit("k", { rpm: null, tpm: 1_000 }, tokensToReserve(20, undefined), T0);
  });

  it("refuses a request larger than the whole limit with a message saying what to change", () => {
    const err = refused(() => takeRateLimit("k", { rpm: null, tpm: 1_000 }, 5_000, T0));
    expect(err.status).toBe(429);
    expect(err.message).toMatch(/Request too large: it counts 5000 tokens .* Lower max_tokens/);
    expect(err.headers["x-ratelimit-limit-tokens"]).toBe("1000");
  });

  it("is corrected at settlement: unused reservation comes back, extra output counts", () => {
    takeRateLimit("k", { rpm: null, tpm: 1_000 }, 600, T0);
    expect(() => takeRateLimit("k", { rpm: null, tpm: 1_000 }, 600, T0 + 10)).toThrow(/1000 tokens per minute/);
    settleTokens("k", 600, 150, T0, T0 + 500); // the answer was short
    takeRateLimit("k", { rpm: null, tpm: 1_000 }, 600, T0 + 600); // 150 + 600 fits now
    settleTokens("k", 600, 850, T0 + 600, T0 + 900); // this one ran long: 150 + 850 = 1000
    const err = refused(() => takeRateLimit("k", { rpm: null, tpm: 1_000 }, 1, T0 + 1_000));
    expect(err.headers["x-ratelimit-remaining-tokens"]).toBe("0");
  });

  it("tokens leave the window within 61 s and never before 60 s", () => {
    takeRateLimit("k", { rpm: null, tpm: 100 }, 100, T0);
    expect(() => takeRateLimit("k", { rpm: null, tpm: 100 }, 1, T0 + 59_999)).toThrow(AppError);
    const err = refused(() => takeRateLimit("k", { rpm: null, tpm: 100 }, 1, T0 + 30_000));
    expect(Number(err.headers["retry-after"])).toBeGreaterThanOrEqual(30);
    expect(Number(err.headers["retry-after"])).toBeLessThanOrEqual(31);
    takeRateLimit("k", { rpm: null, tpm: 100 }, 100, T0 + 61_000);
  });

  it("orchestration sub-calls count tokens only", () => {
    takeTokenLimit("k", 100, 60, T0);
    expect(() => takeTokenLimit("k", 100, 60, T0 + 1)).toThrow(AppError);
    takeRateLimit("k", { rpm: 1, tpm: null }, 0, T0 + 2); // the request window is untouched
  });
});

describe("concurrency", () => {
  it("refuses while N are in flight and gives each slot back exactly once, after the response", () => {
    const key = { keyId: "k", concurrencyLimit: 2 };
    const a = fakeRes();
    const b = fakeRes();
    takeConcurrencySlot(key, a, T0);
    takeConcurrencySlot(key, b, T0);
    expect(inFlightOf("k")).toBe(2);
    const err = refused(() => takeConcurrencySlot(key, fakeRes(), T0));
    expect(err.status).toBe(429);
    expect(err.headers["retry-after"]).toBe("1");
    expect(err.message).toMatch(/2 requests in flight \(limit 2\)/);
    a.finish();
    a.finish(); // the door runs post-response work once; a second call finds nothing
    expect(inFlightOf("k")).toBe(1);
    takeConcurrencySlot(key, fakeRes(), T0);
    expect(inFlightOf("k")).toBe(2);
  });
});

it("formats resets as OpenAI does", () => {
  expect(formatReset(250)).toBe("250ms");
  expect(formatReset(7_500)).toBe("7.5s");
  expect(formatReset(60_000)).toBe("60s");
});
