import { describe, expect, it } from "vitest";
import { toJsonText } from "./json-text";

describe("toJsonText", () => {
  it("is JSON.stringify for values without BigInts", () => {
    const v = { a: 1, b: "x", c: [null, true, 1.5], d: { e: new Date(0) }, f: undefined };
    expect(toJsonText(v)).toBe(JSON.stringify(v));
    expect(toJsonText("s")).toBe('"s"');
  });

  it("writes BigInts as decimal strings, however deep", () => {
    expect(toJsonText({ units: 12_345_678_901_234_567_890n, rows: [{ charge: -5n }], n: 1 })).toBe(
      '{"units":"12345678901234567890","rows":[{"charge":"-5"}],"n":1}',
    );
    expect(toJsonText(7n)).toBe('"7"');
  });

  it("still throws on what JSON cannot express, and rethrows other errors as they are", () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(() => toJsonText(loop)).toThrow(TypeError);
    const boom = new RangeError("boom");
    expect(() => toJsonText({ toJSON: () => { throw boom; } })).toThrow(boom);
  });
});
