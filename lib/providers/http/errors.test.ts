import { describe, expect, it } from "vitest";
import { httpStatusError, parseDurationMs, parseRetryAfterMs, redactSecret } from "./errors";

describe("parseRetryAfterMs", () => {
  const now = Date.parse("2025-01-01T00:00:00Z");
  it.each([
    [{ "retry-after-ms": "250" }, 250],
    [{ "retry-after-ms": "12.2", "retry-after": "9" }, 13],
    [{ "retry-after": "3" }, 3000],
    [{ "retry-after": "0.5" }, 500],
    [{ "retry-after": "Wed, 01 Jan 2025 00:00:10 GMT" }, 10_000],
    [{ "retry-after": "Tue, 31 Dec 2024 00:00:00 GMT" }, 0],
    [{ "retry-after": "soon" }, undefined],
    [{}, undefined],
  ])("%j → %s", (headers, expected) => {
    expect(parseRetryAfterMs(headers, now)).toBe(expected);
  });

  it("parses Google durations", () => {
    expect(parseDurationMs("34.4s")).toBe(34400);
    expect(parseDurationMs("2s")).toBe(2000);
    expect(parseDurationMs("2m")).toBeUndefined();
  });
});

describe("httpStatusError", () => {
  it("classifies by status (SPEC §5) and scrubs the key", () => {
    const key = "sk-live-abcdefghijklmnop";
    for (const [status, retryable] of [[408, true], [409, true], [425, true], [429, true], [500, true], [529, true], [400, false], [401, false], [404, false], [422, false]] as const) {
      expect(httpStatusError("x", status, {}, {}, key).retryable).toBe(retryable);
    }
    const err = httpStatusError("openai", 401, { message: `bad key ${key}`, type: "invalid_api_key" }, {}, key);
    expect(err.message).toBe("openai returned 401 invalid_api_key: bad key [redacted]");
    expect(redactSecret("x".repeat(2000), key).length).toBeLessThan(520);
  });
});
