// countTextTokens on text built to be slow: bounded time, and never below the exact count
// (it sizes credit reservations). The exact reference is gpt-tokenizer called directly.
import { countTokens } from "gpt-tokenizer/encoding/o200k_base";
import { describe, expect, it } from "vitest";
import { countPromptTokens, countTextTokens } from "./token-count";

const PLAIN = { disallowedSpecial: new Set<string>() };
const exact = (text: string) => countTokens(text, PLAIN);

let seed = 42;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
const letters = (n: number) => Array.from({ length: n }, () => String.fromCharCode(97 + Math.floor(random() * 26))).join("");
const words = (bytes: number) => {
  const out: string[] = [];
  for (let size = 0; size < bytes;) {
    const w = letters(1 + Math.floor(random() * 9));
    out.push(w);
    size += w.length + 1;
  }
  return out.join(" ").slice(0, bytes);
};

function timed<T>(fn: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t0 };
}

describe("countTextTokens bounds", () => {
  it.each([
    ["prose and code", `${"The gateway forwards each request, counts its tokens and settles the charge. ".repeat(60)}
      function f(a: number) { return a * 2; } // ${"x = [1, 2, 3];\n".repeat(80)}`],
    ["a base64 blob", Buffer.from(Array.from({ length: 6_000 }, (_, i) => (i * 7_919) % 256)).toString("base64")],
    ["minified JSON", JSON.stringify(Array.from({ length: 200 }, (_, i) => ({ id: i, name: `item${i}`, ok: i % 2 === 0 })))],
    ["a markdown table", `${"|--------------------".repeat(30)}|\n${"| cell ".repeat(30)}|\n`],
  ])("is exact for ordinary text (%s)", (_name, text) => {
    expect(countTextTokens(text)).toBe(exact(text));
  });

  it.each([
    ["one letter", "a".repeat(4_000)],
    ["one capital letter", "Q".repeat(4_000)],
    ["two letters", "ab".repeat(2_000)],
    ["three letters", "abc".repeat(1_333)],
    ["random letters", letters(4_000)],
    ["punctuation", "-=".repeat(2_000)],
    ["spaces", " ".repeat(4_000)],
    ["newlines", "\n".repeat(4_000)],
    ["emoji", "😀".repeat(2_000)],
    ["CJK without punctuation", "中文字符测试".repeat(400)],
    ["Thai", "นี่คือประโยคทดสอบภาษาไทย".repeat(150)],
  ])("cuts long runs (%s) and stays an upper bound of the exact count, close to it", (_name, text) => {
    const want = exact(text);
    const got = countTextTokens(text);
    expect(got).toBeGreaterThanOrEqual(want);
    expect(got).toBeLessThanOrEqual(Math.ceil(want * 1.5));
  });

  it.each([
    ["one letter", () => "a".repeat(1 << 20), 131_072],
    ["a 3-char pattern", () => "abc".repeat(350_000), 300_000],
    ["random letters", () => letters(1 << 20), 500_000],
    ["random words", () => words(1 << 20), 200_000],
    ["spaces", () => " ".repeat(1 << 20), 1],
  ])("counts 1 MB of %s in bounded time", (_name, make, atLeast) => {
    const text = make();
    countTextTokens("warm up the tokenizer and the JIT");
    const { value, ms } = timed(() => countTextTokens(text));
    expect(ms).toBeLessThan(150); // was seconds to minutes (quadratic BPE on one chunk)
    expect(value).toBeGreaterThanOrEqual(atLeast);
    expect(value).toBeLessThanOrEqual(Buffer.byteLength(text)); // the bytes bound past the budget
  });

  it("shares one time budget across a whole prompt", () => {
    const messages = Array.from({ length: 256 }, () => ({ role: "user" as const, content: letters(4_096) }));
    const { value, ms } = timed(() => countPromptTokens(messages));
    expect(ms).toBeLessThan(150); // 1 MB in 4 KB messages, each under every per-text threshold
    expect(value).toBeGreaterThan(256 * 1_000);
  });
});
