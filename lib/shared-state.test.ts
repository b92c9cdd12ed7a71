import { describe, expect, it } from "vitest";
import { TtlCache, processSingleton } from "@/lib/shared-state";

describe("TtlCache", () => {
  it("keeps a value (null included) until its TTL, then forgets it", () => {
    const c = new TtlCache<string | null>(10);
    c.set("a", null, 100, 0);
    expect(c.get("a", 100)).toBeNull();
    expect(c.get("a", 101)).toBeUndefined();
  });

  it("drops the oldest entry when full, but not when overwriting", () => {
    const c = new TtlCache<number>(2);
    c.set("a", 1, 1000, 0);
    c.set("b", 2, 1000, 0);
    c.set("b", 3, 1000, 0);
    expect(c.get("a", 1)).toBe(1);
    c.set("c", 4, 1000, 0);
    expect(c.get("a", 1)).toBeUndefined();
    expect([c.get("b", 1), c.get("c", 1)]).toEqual([3, 4]);
  });
});

describe("processSingleton", () => {
  it("creates once per name and process", () => {
    const a = processSingleton("test.singleton", () => ({ n: 1 }));
    const b = processSingleton("test.singleton", () => ({ n: 2 }));
    expect(b).toBe(a);
  });
});
