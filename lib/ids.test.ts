import { describe, expect, it } from "vitest";
import { createId, createRequestId, createTimeOrderedId } from "@/lib/ids";

// Byte order, as Postgres compares under the C collation and as a btree of them is laid out.
const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

describe("ids", () => {
  it("createId: the prefix and 22 base62 characters", () => {
    expect(createId("usr")).toMatch(/^usr_[0-9A-Za-z]{22}$/);
  });

  it("createRequestId: req_ and 32 hex digits, the first 12 the time in ms", () => {
    const now = Date.UTC(2026, 11, 7, 16, 30);
    const id = createRequestId(now);
    expect(id).toMatch(/^req_[0-9a-f]{32}$/);
    expect(parseInt(id.slice(4, 16), 16)).toBe(now);
  });

  it("createTimeOrderedId: createId's shape, the first 8 characters the time in ms", () => {
    expect(createTimeOrderedId("le")).toMatch(/^le_[0-9A-Za-z]{22}$/);
    const ids = [0, 61, 62, 3843, 62 ** 8 - 1].map((ms) => createTimeOrderedId("le", ms));
    expect(ids.map((id) => id.slice(3, 11))).toEqual(["00000000", "0000000z", "00000010", "000000zz", "zzzzzzzz"]);
  });

  it("ids made later sort after ids made earlier, across every digit carry", () => {
    const times = [0, 15, 16, 255, 256, 61, 62, 3843, 3844, 1_796_659_799_999, 1_796_659_800_000, Date.now()];
    times.sort((a, b) => a - b);
    for (const make of [createRequestId, (ms: number) => createTimeOrderedId("le", ms)]) {
      // Two ids per time: a later time sorts after both of an earlier one, whatever the random parts.
      const ids = times.flatMap((ms) => [make(ms), make(ms)]);
      for (let i = 0; i + 2 < ids.length; i++) expect(byteOrder(ids[i]!, ids[i + 2 - (i % 2)]!)).toBe(-1);
    }
  });

  it("a million ids in one millisecond are all different", () => {
    const now = Date.now();
    for (const make of [createRequestId, (ms: number) => createTimeOrderedId("le", ms)]) {
      const seen = new Set<string>();
      for (let i = 0; i < 1_000_000; i++) seen.add(make(now));
      expect(seen.size).toBe(1_000_000);
    }
  });

  it("the random part uses every hex digit / base62 character", () => {
    const hex = new Set([...Array.from({ length: 200 }, () => createRequestId(0).slice(16)).join("")]);
    expect(hex.size).toBe(16);
    const b62 = new Set([...Array.from({ length: 200 }, () => createTimeOrderedId("x", 0).slice(10)).join("")]);
    expect(b62.size).toBe(62);
  });
});
