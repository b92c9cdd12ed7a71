import { describe, expect, it } from "vitest";
import { CUT_KEY, DEPTH_MARKER, JsonText, MAX_BODY_CHARS, MAX_DEPTH, sanitizeLogBody, storableText } from "@/lib/observability/log-body";

/** Would Postgres' jsonb input accept this JSON text? (no NUL escape, no lone surrogate escape) */
const storable = (v: unknown) => !/\\u0000|\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])|(?<!\\ud[89ab][0-9a-f]{2})\\ud[c-f][0-9a-f]{2}/i.test(JSON.stringify(v));

function nested(depth: number): unknown {
  let v: unknown = "leaf";
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

function depthOf(v: unknown): number {
  if (Array.isArray(v)) return 1 + Math.max(0, ...v.map(depthOf));
  if (v && typeof v === "object") return 1 + Math.max(0, ...Object.values(v).map(depthOf));
  return 0;
}

describe("sanitizeLogBody", () => {
  it("returns a clean body as the very same object (no copy)", () => {
    const body = {
      model: "sim/gpt", temperature: 0.2, stream: false, stop: null,
      messages: [{ role: "user", content: [{ type: "text", text: "Hi 👋 — café" }] }],
      tools: [{ type: "function", function: { name: "f", parameters: { type: "object", properties: { x: { type: "number" } } } } }],
    };
    const snapshot = structuredClone(body);
    const r = sanitizeLogBody(body);
    expect(r.value).toBe(body);
    expect(r.truncated).toBe(false);
    expect(body).toEqual(snapshot);
  });

  it("stores null for no body", () => {
    expect(sanitizeLogBody(undefined)).toEqual({ value: null, truncated: false });
    expect(sanitizeLogBody(null)).toEqual({ value: null, truncated: false });
  });

  it("replaces NUL in values and keys with U+FFFD, copying only the path to the change", () => {
    const other = { role: "system", content: "untouched" };
    const body = { messages: [other, { role: "user", content: "a\u0000b" }], "k\u0000": 1 };
    const r = sanitizeLogBody(body);
    expect(r.value).toEqual({ messages: [other, { role: "user", content: "a\ufffdb" }], "k\ufffd": 1 });
    expect((r.value as typeof body).messages[0]).toBe(other); // the unchanged sibling is shared
    expect(r.truncated).toBe(false);
    expect(storable(r.value)).toBe(true);
    expect(body.messages[1]!.content).toBe("a\u0000b"); // the caller's object is not modified
  });

  it("replaces lone high and low surrogates, keeps real pairs", () => {
    const r = sanitizeLogBody({ a: "x\ud83d", b: "\ude00y", c: "ok \ud83d\ude00", d: ["\ud83d\ud83d\ude00"] });
    expect(r.value).toEqual({ a: "x\ufffd", b: "\ufffdy", c: "ok \ud83d\ude00", d: ["\ufffd\ud83d\ude00"] });
    expect(storable(r.value)).toBe(true);
    expect(storable({ a: "x\ud83d" })).toBe(false); // the check itself can fail
  });

  it(`cuts nesting below ${MAX_DEPTH} levels with a marker`, () => {
    const body = { model: "m", prediction: nested(5_000) };
    const r = sanitizeLogBody(body);
    expect(r.truncated).toBe(true);
    expect(depthOf(r.value)).toBe(MAX_DEPTH);
    expect(JSON.stringify(r.value)).toContain(JSON.stringify(DEPTH_MARKER));
    expect((r.value as typeof body).model).toBe("m");
    // Exactly at the limit nothing is cut.
    const atLimit = { p: nested(MAX_DEPTH - 1) };
    expect(depthOf(atLimit)).toBe(MAX_DEPTH);
    expect(sanitizeLogBody(atLimit)).toEqual({ value: atLimit, truncated: false });
  });

  it("cuts a 7 MB string to the size budget with a marker saying how much was left out", () => {
    const huge = "x".repeat(7 * 1024 * 1024);
    const body = { model: "m", messages: [{ role: "user", content: "hi", extra: huge }] };
    const r = sanitizeLogBody(body);
    const text = JSON.stringify(r.value);
    expect(r.truncated).toBe(true);
    expect(text.length).toBeLessThanOrEqual(MAX_BODY_CHARS + 100);
    expect(text.length).toBeGreaterThan(MAX_BODY_CHARS - 200);
    expect(text).toMatch(/…\[truncated: \d+ more characters\]/);
    const kept = (r.value as typeof body).messages[0]!.extra.indexOf("…");
    expect(text).toContain(`[truncated: ${huge.length - kept} more characters]`);
    expect((r.value as typeof body).messages[0]!.content).toBe("hi");
  });

  it("ends long arrays and objects with a marker once the budget is spent", () => {
    const arr = Array.from({ length: 100_000 }, (_, i) => i);
    const r1 = sanitizeLogBody({ arr });
    const out = (r1.value as { arr: unknown[] }).arr;
    expect(r1.truncated).toBe(true);
    expect(out.length).toBeLessThan(10_000);
    expect(out.at(-1)).toMatch(/^…\[truncated: \d+ more items\]$/);
    expect(JSON.stringify(r1.value).length).toBeLessThanOrEqual(MAX_BODY_CHARS + 100);

    const obj = Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`key${i}`, i]));
    const r2 = sanitizeLogBody(obj);
    expect(r2.truncated).toBe(true);
    expect((r2.value as Record<string, unknown>)[CUT_KEY]).toMatch(/^\[truncated: \d+ more keys\]$/);
    expect(JSON.stringify(r2.value).length).toBeLessThanOrEqual(MAX_BODY_CHARS + 100);
  });

  it("cuts a huge key, and never leaves half a surrogate pair at a cut", () => {
    const r1 = sanitizeLogBody({ ["k".repeat(1_000_000)]: 1 });
    expect(r1.truncated).toBe(true);
    expect(Object.keys(r1.value as object)[0]!.length).toBeLessThan(400);

    const emoji = "😀".repeat(MAX_BODY_CHARS); // every cut point may fall inside a pair
    for (const pad of ["", "a"]) {
      const r = sanitizeLogBody({ s: pad + emoji });
      expect(r.truncated).toBe(true);
      expect(storable(r.value)).toBe(true);
      expect((r.value as { s: string }).s).not.toContain("\ufffd");
    }
  });

  it("keeps a __proto__ key from JSON.parse as plain data", () => {
    const body = JSON.parse('{"__proto__": {"polluted": true}, "x": "a\\u0000"}') as Record<string, unknown>;
    const r = sanitizeLogBody(body);
    expect(JSON.parse(JSON.stringify(r.value))).toEqual(JSON.parse('{"__proto__": {"polluted": true}, "x": "a\ufffd"}'));
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it("storableText leaves clean text alone", () => {
    const s = "plain text, accents é and emoji 😀";
    expect(storableText(s)).toBe(s);
    expect(storableText("\u0000")).toBe("\ufffd");
  });

  describe("with the body's JSON text", () => {
    const keptAsText = (text: string) => {
      const r = sanitizeLogBody(JSON.parse(text), text);
      return r.value instanceof JsonText ? r.value.text : null;
    };

    it("keeps a clean body as the very text it came as", () => {
      const text = '{ "model": "sim/gpt", "temperature": 0.70, "messages": [{"role": "user", "content": "Hi \\ud83d\\ude00 caf\\u00e9"}] }';
      expect(keptAsText(text)).toBe(text);
      expect(sanitizeLogBody(JSON.parse(text), text).truncated).toBe(false);
    });

    it("stores the sanitised value instead when the body needs a change", () => {
      for (const text of ['{"a":"x\\u0000"}', '{"a":"\\ud800"}', `{"${"k".repeat(300)}":1}`, JSON.stringify(nested(MAX_DEPTH + 2))]) {
        const r = sanitizeLogBody(JSON.parse(text), text);
        expect(r.value).not.toBeInstanceOf(JsonText);
        expect(storable(r.value)).toBe(true);
      }
      const big = JSON.stringify({ content: "x".repeat(MAX_BODY_CHARS * 2) });
      const r = sanitizeLogBody(JSON.parse(big), big);
      expect(r.value).not.toBeInstanceOf(JsonText);
      expect(r.truncated).toBe(true);
    });

    it("re-serialises text past the size budget (whitespace) or with numbers Postgres cannot hold", () => {
      expect(keptAsText(`{"a":1${" ".repeat(MAX_BODY_CHARS)}}`)).toBeNull();
      expect(keptAsText('{"a":1e400}')).toBe('{"a":1e400}');
      expect(keptAsText('{"a":1e4000}')).toBeNull();
      expect(keptAsText('{"a":2.5E-20000}')).toBeNull();
      expect(keptAsText('{"text":"1e4000 as words is fine to miss"}')).toBeNull(); // a false positive only costs a stringify
    });
  });
});
