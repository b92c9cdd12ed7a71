import { describe, expect, it } from "vitest";
import { MAX_JSON_DEPTH, nestedDeeperThan } from "./json-depth";

const arrays = (depth: number) => JSON.parse("[".repeat(depth) + "]".repeat(depth)) as unknown;
const objects = (depth: number) => JSON.parse('{"a":'.repeat(depth - 1) + "{}" + "}".repeat(depth - 1)) as unknown;

describe("nestedDeeperThan", () => {
  it("accepts bodies up to the limit and refuses one level more", () => {
    expect(nestedDeeperThan(arrays(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(false);
    expect(nestedDeeperThan(arrays(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)).toBe(true);
    expect(nestedDeeperThan(objects(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(false);
    expect(nestedDeeperThan(objects(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)).toBe(true);
  });

  it("finds the deep branch anywhere, without overflowing on 100,000 levels", () => {
    const body = { model: "m", messages: [{ role: "user", content: "hi" }], tools: [{ function: { parameters: objects(100_000) } }] };
    expect(nestedDeeperThan(body, MAX_JSON_DEPTH)).toBe(true);
    expect(nestedDeeperThan({ modalities: arrays(100_000) }, MAX_JSON_DEPTH)).toBe(true);
  });

  it("passes wide, shallow and scalar bodies", () => {
    const wide = { messages: Array.from({ length: 10_000 }, (_, i) => ({ role: "user", content: `m${i}`, meta: { a: [1, 2] } })) };
    expect(nestedDeeperThan(wide, 5)).toBe(false); // body, messages, message, meta, a
    expect(nestedDeeperThan(wide, 4)).toBe(true);
    for (const scalar of [null, 1, "x", true]) expect(nestedDeeperThan(scalar, 0)).toBe(false);
  });
});
