import { describe, expect, it } from "vitest";
import { cachedTokens, rememberTokens, tokenCacheStats } from "./token-cache";

/** What token-count does: the remembered count, else count and remember. */
function cachedCount(text: string, count: (text: string) => number): number {
  const hit = cachedTokens(text);
  if (hit !== undefined) return hit;
  const tokens = count(text);
  rememberTokens(text, tokens);
  return tokens;
}

describe("token count cache", () => {
  it("counts each long text once and then serves it from memory", () => {
    let calls = 0;
    const count = (text: string) => {
      calls++;
      return text.length;
    };
    const text = "a".repeat(100);
    expect(cachedCount(text, count)).toBe(100);
    expect(cachedCount(`${"a".repeat(50)}${"a".repeat(50)}`, count)).toBe(100); // equal content, new string
    expect(calls).toBe(1);
  });

  it("does not cache short or huge texts", () => {
    let calls = 0;
    const count = () => ++calls;
    cachedCount("short", count);
    cachedCount("short", count);
    const huge = "b".repeat(70_000);
    cachedCount(huge, count);
    cachedCount(huge, count);
    expect(calls).toBe(4);
  });

  it("stays within its character budget, evicting the least recently used", () => {
    const count = () => 1;
    const keep = `keep-${"k".repeat(60_000)}`;
    cachedCount(keep, count);
    for (let i = 0; i < 100; i++) {
      cachedCount(`${i}-${"x".repeat(60_000)}`, count);
      cachedCount(keep, count); // touching it keeps it recent
    }
    expect(tokenCacheStats().chars).toBeLessThanOrEqual(4_000_000);
    let recounted = false;
    cachedCount(keep, () => {
      recounted = true;
      return 1;
    });
    expect(recounted).toBe(false);
    let evicted = false;
    cachedCount(`0-${"x".repeat(60_000)}`, () => {
      evicted = true;
      return 1;
    });
    expect(evicted).toBe(true);
  });
});
