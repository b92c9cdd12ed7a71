import { O200K_TOKEN_SPLIT_REGEX } from "gpt-tokenizer/encodingParams/constants";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pieceEnd, RUN_LIMIT, SEGMENT_CHARS } from "./token-pieces";

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

// o200k's pre-tokenizer: its chunks are what the BPE merges one at a time.
const O200K_CHUNK = new RegExp(O200K_TOKEN_SPLIT_REGEX.source, "gu");

function longestChunk(text: string): number {
  let longest = 0;
  for (const [chunk] of text.matchAll(O200K_CHUNK)) longest = Math.max(longest, chunk.length);
  return longest;
}

function pieces(text: string): string[] {
  const out: string[] = [];
  for (let start = 0; start < text.length;) {
    const end = pieceEnd(text, start);
    out.push(text.slice(start, end));
    start = end;
  }
  return out;
}

describe("pieceEnd", () => {
  it("leaves ordinary text of up to a segment whole", () => {
    const prose = "The quick brown fox jumps over the lazy dog, 1234 times; ünïcødé, 中文, emoji 😀. ".repeat(40);
    expect(prose.length).toBeLessThan(SEGMENT_CHARS);
    expect(pieces(prose)).toEqual([prose]);
    expect(pieceEnd("x".repeat(RUN_LIMIT), 0)).toBe(RUN_LIMIT); // too short to scan
  });

  it.each([
    ["one letter", "a".repeat(5_000)],
    ["two letters", "ab".repeat(2_500)],
    ["capitals", "AB".repeat(2_500)],
    ["punctuation", "-=".repeat(2_500)],
    ["whitespace", " \n".repeat(2_500)],
    ["letters and non-ASCII letters", "éa".repeat(2_500)],
    ["CJK", "中文".repeat(2_500)],
    ["emoji", "😀".repeat(2_500)],
    ["letters, then non-ASCII, then punctuation", `${"a".repeat(100)}${"é".repeat(100)}${"!".repeat(100)}`.repeat(20)],
    ["a punctuation run ending in newlines", `${"!".repeat(100)}${"\n".repeat(100)}`.repeat(20)],
    ["punctuation, then newlines and slashes", `!${"\n/".repeat(2_000)}`],
  ])("cuts a long run (%s) so that no pre-tokenizer chunk is longer than RUN_LIMIT + 1", (_name, text) => {
    const got = pieces(text);
    expect(got.join("")).toBe(text);
    expect(longestChunk(text)).toBeGreaterThan(RUN_LIMIT + 1); // the whole text has one
    for (const p of got) expect(longestChunk(p)).toBeLessThanOrEqual(RUN_LIMIT + 1);
  });

  it("leaves no chunk longer than RUN_LIMIT + 1 in any text of mixed character classes", () => {
    const symbols = ["a", "B", "é", "!", "\n", "/", " ", "1", "'", "s", "中", "😀", "\u0301", "\r", "\t", "\u00a0", "٣", "-"];
    const texts = fc.array(fc.constantFrom(...symbols), { minLength: 1, maxLength: 4 })
      .chain((alphabet) => fc.array(fc.constantFrom(...alphabet), { minLength: 300, maxLength: 1_500 }))
      .map((chars) => chars.join(""));
    fc.assert(fc.property(texts, (text) => {
      const got = pieces(text);
      expect(got.join("")).toBe(text);
      for (const p of got) expect(longestChunk(p)).toBeLessThanOrEqual(RUN_LIMIT + 1);
    }), { numRuns: 300 });
  });

  it("does not cut where digits or class changes already end every chunk", () => {
    const text = "a1b2c3!x y\tz".repeat(1_000); // long, but no run longer than a few chars
    const got = pieces(text);
    expect(got.join("")).toBe(text);
    expect(got.length).toBeGreaterThan(1);
    for (const p of got.slice(0, -1)) expect(p.length).toBeGreaterThan(SEGMENT_CHARS / 2); // segment cuts only
  });

  it("never separates the halves of a surrogate pair", () => {
    const text = "😀".repeat(3_000);
    for (const p of pieces(text)) {
      expect(p).not.toMatch(LONE_SURROGATE);
    }
  });

  it("cuts long prose into segments before a space between two words", () => {
    const words = Array.from({ length: 4_000 }, (_, i) => `word${i % 97}x`).join(" ");
    const got = pieces(words);
    expect(got.length).toBeGreaterThan(1);
    expect(got.join("")).toBe(words);
    for (const p of got.slice(1)) expect(p).toMatch(/^ \S/);
    for (const p of got) expect(p.length).toBeLessThanOrEqual(SEGMENT_CHARS + 1);
  });
});
