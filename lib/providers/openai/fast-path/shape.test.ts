// The fast shape checks must never accept what zod refuses, must accept the usual upstream
// payloads (or they save nothing), and reading the raw JSON must give what reading zod's
// output gives. Mutations of recorded fixtures probe every field.
import { describe, expect, it } from "vitest";
import path from "node:path";
import { fixtureReader } from "../../testing/fixtures";
import { toCanonicalResponse } from "../response";
import { openAIChunkSchema, openAIResponseSchema } from "../schemas";
import { isOpenAIChunk, isOpenAIResponse } from "./shape";
import { OpenAIStreamMapper } from "../stream";
import type { CanonicalChunk } from "../../types";

const fx = fixtureReader(path.join(import.meta.dirname, ".."));

const ODD_VALUES: unknown[] = [
  undefined, null, "", "x", 0, -1, 1.5, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY, true, [], [1], {}, { a: 1 },
];

type Json = Record<string, unknown> | unknown[];

function clone<T>(v: T): T {
  return structuredClone(v);
}

/** Paths (keys from the root) to every value inside `v`. */
function paths(v: unknown, prefix: PropertyKey[] = []): PropertyKey[][] {
  if (typeof v !== "object" || v === null) return [];
  const out: PropertyKey[][] = [];
  for (const [k, child] of Object.entries(v)) {
    const key = Array.isArray(v) ? Number(k) : k;
    out.push([...prefix, key], ...paths(child, [...prefix, key]));
  }
  return out;
}

function setAt(root: unknown, path: PropertyKey[], value: unknown, remove = false): unknown {
  const copy = clone(root);
  let node = copy as Json;
  for (const k of path.slice(0, -1)) node = (node as Record<PropertyKey, unknown>)[k] as Json;
  const last = path.at(-1)!;
  if (remove && !Array.isArray(node)) delete (node as Record<PropertyKey, unknown>)[last];
  else (node as Record<PropertyKey, unknown>)[last] = value;
  return copy;
}

/** Every single-field mutation of `base`: odd values, removals, unknown keys next to it. */
function mutations(base: unknown): unknown[] {
  const out: unknown[] = [];
  for (const p of paths(base)) {
    for (const v of ODD_VALUES) out.push(setAt(base, p, v));
    out.push(setAt(base, p, undefined, true));
    out.push(setAt(base, [...p.slice(0, -1), "unknown_field"], { deep: [1] }));
  }
  return out;
}

function sseEvents(text: string): unknown[] {
  return text
    .split("\n\n")
    .map((e) => e.replace(/^data: /, ""))
    .filter((d) => d.startsWith("{"))
    .map((d) => JSON.parse(d) as unknown);
}

const chunks = [
  ...sseEvents(fx.text("text.sse.txt")),
  ...sseEvents(fx.text("tool-calls.sse.txt")),
  ...sseEvents(fx.text("mistral-tool-call.sse.txt")),
  ...sseEvents(fx.text("stream-error.sse.txt")),
  { id: "g", created: 1, model: "m", choices: [{ index: 0, delta: {}, finish_reason: "stop" }], x_groq: { usage: { prompt_tokens: 1, completion_tokens: 2 } } },
  { choices: [], usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7, prompt_tokens_details: { cached_tokens: 1, cache_write_tokens: 2 }, prompt_cache_hit_tokens: 1 } },
  { choices: [{ delta: { refusal: "no" } }, { index: 1, delta: { content: "b" } }] },
];
const responses = ["text.json", "tool-calls.json", "refusal.json", "deepseek-cache.json"].map((f) => fx.json(f));

/** Generated ids and clock-based `created` are blanked: they differ from call to call. */
function mapStream(events: unknown[]): CanonicalChunk[] {
  const m = new OpenAIStreamMapper("t", "k", "model");
  const out: CanonicalChunk[] = [];
  for (const e of events) m.onEvent({ data: JSON.stringify(e), event: undefined, id: undefined }, out);
  const first = events[0] as { id?: unknown; created?: unknown };
  return out.map((c) => ({ ...c, id: first.id == null ? "" : c.id, created: first.created == null ? 0 : c.created }));
}

describe("isOpenAIChunk", () => {
  it("accepts the recorded chunks", () => {
    for (const c of chunks) expect(isOpenAIChunk(c)).toBe(true);
  });

  it("never accepts a chunk zod refuses", () => {
    let accepted = 0;
    let refused = 0;
    for (const base of chunks) {
      for (const m of mutations(base)) {
        const zodOk = openAIChunkSchema.safeParse(m).success;
        if (isOpenAIChunk(m)) {
          accepted++;
          expect(zodOk, JSON.stringify(m)).toBe(true);
        } else if (!zodOk) refused++;
      }
    }
    expect(accepted).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  });

  it("reads the raw chunk as zod's output would be read", () => {
    for (const base of chunks) {
      for (const m of [base, ...mutations(base)]) {
        const parsed = openAIChunkSchema.safeParse(m);
        if (!isOpenAIChunk(m) || !parsed.success || (m as { error?: unknown }).error != null) continue;
        expect(mapStream([m])).toEqual(mapStream([parsed.data]));
      }
    }
  });

  it("leaves object tool arguments to zod", () => {
    const c = { choices: [{ delta: { tool_calls: [{ index: 0, function: { arguments: { a: 1 } } }] } }] };
    expect(isOpenAIChunk(c)).toBe(false);
    expect(openAIChunkSchema.safeParse(c).success).toBe(true);
    expect(mapStream([c])[0]?.delta.tool_calls?.[0]?.function?.arguments).toBe('{"a":1}');
  });
});

describe("isOpenAIResponse", () => {
  it("accepts the recorded responses", () => {
    for (const r of responses) expect(isOpenAIResponse(r)).toBe(true);
  });

  it("never accepts a response zod refuses, and reads it the same", () => {
    let accepted = 0;
    for (const base of responses) {
      for (const m of mutations(base)) {
        const parsed = openAIResponseSchema.safeParse(m);
        if (!isOpenAIResponse(m)) continue;
        accepted++;
        expect(parsed.success, JSON.stringify(m)).toBe(true);
        if (!parsed.success) continue;
        const a = toCanonicalResponse(m, "t", "model");
        const b = toCanonicalResponse(parsed.data, "t", "model");
        if (parsed.data.id == null) a.id = b.id = ""; // generated per call
        if (parsed.data.created == null) a.created = b.created = 0;
        expect(a).toEqual(b);
      }
    }
    expect(accepted).toBeGreaterThan(100);
  });
});
