// fast-check generators of hostile JSON: junk values for any field (wrong types, edge
// numbers, NUL / lone surrogates, huge strings, nesting up to 10,000 deep), weird chat
// messages, and mutations of a valid body at every path it has. Values JSON cannot express
// (NaN, 1e999, deep nesting without building a deep object) are spliced in as raw text.
import { randomUUID } from "node:crypto";
import fc from "fast-check";

/** Raw JSON text put where a value goes; lets a body carry `1e999`, `NaN` or 10,000 `[`. */
export class RawJson {
  constructor(readonly text: string, readonly label = text.slice(0, 40)) {}
  toString(): string {
    return `RawJson(${this.label})`;
  }
}

/** JSON text of `value` with every RawJson spliced in verbatim. */
export function jsonText(value: unknown): string {
  const raws: string[] = [];
  const tag = randomUUID();
  const text = JSON.stringify(value, (_k, v: unknown) => (v instanceof RawJson ? `${tag}:${raws.push(v.text) - 1}` : v));
  if (text === undefined) return "";
  return raws.length === 0 ? text : text.replace(new RegExp(`"${tag}:(\\d+)"`, "g"), (_m, i: string) => raws[Number(i)]!);
}

/** A request body as sent; prints as a short preview in fast-check's counterexamples. */
export type GeneratedBody = { bytes: Buffer; contentType: string | null; [fc.toStringMethod]: () => string };

export function preview(text: string, max = 300): string {
  return text.length <= max ? JSON.stringify(text) : `${JSON.stringify(text.slice(0, max))}… (${text.length} chars)`;
}

export function bodyOf(content: string | Buffer, contentType: string | null = "application/json"): GeneratedBody {
  const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  const shown = typeof content === "string" ? preview(content) : `bytes ${preview(content.toString("latin1"))}`;
  return { bytes, contentType, [fc.toStringMethod]: () => `${contentType ?? "(no content-type)"} ${shown}` };
}

export type NestKind = "array" | "object" | "mixed";

/** `depth` levels of nesting around `inner` as raw JSON text. */
export function nested(depth: number, kind: NestKind, inner = "1"): RawJson {
  let open = "";
  let close = "";
  for (let i = 0; i < depth; i++) {
    const arr = kind === "array" || (kind === "mixed" && i % 2 === 0);
    open += arr ? "[" : '{"a":';
    close = (arr ? "]" : "}") + close;
  }
  return new RawJson(open + inner + close, `nested ${kind} ×${depth}`);
}

export const deepNesting = fc.oneof(
  fc.constantFrom(5_000, 6_000, 10_000),
  fc.integer({ min: 2, max: 10_000 }),
).chain((depth) => fc.constantFrom<NestKind>("array", "object", "mixed").map((kind) => nested(depth, kind)));

/** A string whose characters include NUL, other controls and lone UTF-16 surrogates. */
const hostileChar = fc.oneof(
  fc.constantFrom("\u0000", "\ud83d", "\udc00", "\ufffe", "\uffff", "\u202e", "\u0007", "\\", '"', "\n", "%", "é", "😀"),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
  fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
);

/** 10 KB – 1.5 MB of word-like text (spaces keep the tokenizer linear: this tests size, not #2). */
export const hugeString = fc.integer({ min: 10_000, max: 1_500_000 }).map((n) => "lorem ipsum dolor sit amet ".repeat(Math.ceil(n / 27)).slice(0, n));

export const weirdString = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 3, arbitrary: fc.string({ unit: hostileChar, minLength: 1, maxLength: 12 }) },
  { weight: 2, arbitrary: fc.constantFrom("", " ", "\u0000", "\ud83d", "null", "[]", "{}", "%ZZ", "../../etc/passwd",
    "<script>alert(1)</script>", "' OR 1=1 --", "${jndi:ldap://x}", "__proto__", "constructor", "toString", "0", "-1", "NaN") },
  { weight: 1, arbitrary: hugeString },
);

export const weirdNumber = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, -1, 0.5, 1.5, 2 ** 31, 2 ** 31 - 1, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1e308, -1e308, 5e-324, 1e21),
  // Valid JSON that parses to ±Infinity or loses precision; then invalid JSON numbers.
  fc.constantFrom("1e999", "-1e999", "1" + "0".repeat(400), "0.0000000000000000000000000001e-400", "1E+2", "-0.0",
    "NaN", "Infinity", "-Infinity", "0x10", "01", "+1", ".5", "1.").map((t) => new RawJson(t)),
);

const prototypeJunk = new RawJson('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}', "__proto__ object");

/** Any hostile value for any field: the wrong type, an edge, or a bomb. */
export const junkValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: weirdString },
  { weight: 4, arbitrary: weirdNumber },
  { weight: 2, arbitrary: fc.constantFrom(null, true, false, [], {}, [null], [[]], { type: null }, prototypeJunk) },
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: fc.array(fc.oneof(weirdString, weirdNumber), { maxLength: 5 }) },
  { weight: 1, arbitrary: deepNesting },
);

// --- chat messages with weird roles and content parts -------------------------------------

const roles = fc.oneof(
  fc.constantFrom("user", "assistant", "system", "developer", "tool", "function", "model", "USER", "", "ipython", "__proto__"),
  junkValue,
);
const partTypes = fc.oneof(
  fc.constantFrom("text", "image_url", "image", "input_audio", "file", "document", "tool_use", "tool_result", "thinking",
    "redacted_thinking", "refusal", "", "TEXT"),
  junkValue,
);
const maybeJunk = <T>(good: fc.Arbitrary<T>) => fc.oneof(good, junkValue);

export const weirdPart = fc.record({
  type: partTypes,
  text: maybeJunk(fc.string({ maxLength: 20 })),
  image_url: maybeJunk(fc.record({ url: maybeJunk(fc.webUrl()), detail: maybeJunk(fc.constantFrom("auto", "low", "high")) }, { requiredKeys: [] })),
  source: maybeJunk(fc.record({ type: maybeJunk(fc.constantFrom("base64", "url")), media_type: junkValue, data: junkValue, url: junkValue }, { requiredKeys: [] })),
  id: junkValue, name: junkValue, input: junkValue, content: junkValue, tool_use_id: junkValue, cache_control: junkValue,
  thinking: junkValue, refusal: junkValue,
}, { requiredKeys: [] });

export const weirdMessage = fc.record({
  role: roles,
  content: fc.oneof(weirdString, fc.array(weirdPart, { maxLength: 4 }), junkValue),
  name: junkValue, tool_calls: fc.oneof(junkValue, fc.array(fc.record({ id: junkValue, type: junkValue, function: junkValue }, { requiredKeys: [] }), { maxLength: 2 })),
  tool_call_id: junkValue,
}, { requiredKeys: ["role"] });

export const weirdMessages = fc.oneof(
  { weight: 4, arbitrary: fc.array(weirdMessage, { minLength: 1, maxLength: 5 }) },
  { weight: 1, arbitrary: junkValue },
);

// --- mutations of a valid body ------------------------------------------------------------

export type Path = ReadonlyArray<string | number>;

/** Every path into `value` (objects and arrays, leaves included), the root excluded. */
export function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (typeof value !== "object" || value === null) return [];
  const entries: Array<[string | number, unknown]> = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  return entries.flatMap(([k, v]) => [[...prefix, k], ...pathsOf(v, [...prefix, k])]);
}

export type Mutation = { op: "set"; path: Path; value: unknown } | { op: "delete"; path: Path } | { op: "add"; path: Path; key: string; value: unknown };

function containerAt(root: unknown, path: Path): Record<string | number, unknown> | null {
  let node = root;
  for (const k of path) {
    if (typeof node !== "object" || node === null) return null;
    node = (node as Record<string | number, unknown>)[k];
  }
  return typeof node === "object" && node !== null ? (node as Record<string | number, unknown>) : null;
}

export function applyMutations(base: unknown, mutations: readonly Mutation[]): unknown {
  const body = structuredClone(base);
  for (const m of mutations) {
    const parent = containerAt(body, m.op === "add" ? m.path : m.path.slice(0, -1));
    if (!parent) continue;
    if (m.op === "add") parent[m.key] = m.value;
    else if (m.op === "delete") delete parent[m.path[m.path.length - 1]!];
    else parent[m.path[m.path.length - 1]!] = m.value;
  }
  return body;
}

/**
 * 1–3 mutations of `base`: any existing path, or any of `topLevelKeys` (the schema's fields,
 * present in the base or not), set to junk, deleted, or given an unknown sibling key.
 */
export function mutationsOf(base: unknown, topLevelKeys: readonly string[]): fc.Arbitrary<Mutation[]> {
  const paths = [...pathsOf(base), ...topLevelKeys.map((k) => [k])];
  const objectPaths: Path[] = [[], ...pathsOf(base).filter((p) => containerAt(base, p) !== null)];
  const path = fc.constantFrom(...paths);
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    { weight: 6, arbitrary: fc.record({ op: fc.constant("set" as const), path, value: junkValue }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("delete" as const), path }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("add" as const), path: fc.constantFrom(...objectPaths), key: weirdString.filter((s) => s.length < 100), value: junkValue }) },
  );
  return fc.array(mutation, { minLength: 1, maxLength: 3 });
}
