// Small deterministic values that satisfy the JSON Schemas LLM APIs take (tool parameters,
// structured outputs): type (or the first of several), properties + required, items, enum,
// const, anyOf/oneOf (first branch), allOf (merged properties), local $ref, string formats.
type Schema = Record<string, unknown>;
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const MAX_DEPTH = 8;
const FORMATS: Record<string, string> = {
  "date-time": "2026-01-01T12:00:00Z", date: "2026-01-01", time: "12:00:00", email: "user@example.com",
  uri: "https://example.com/", url: "https://example.com/", uuid: "00000000-0000-4000-8000-000000000000",
};

const isSchema = (v: unknown): v is Schema => typeof v === "object" && v !== null && !Array.isArray(v);

function resolve(schema: Schema, root: Schema): Schema {
  const ref = schema.$ref;
  if (typeof ref !== "string" || !ref.startsWith("#/")) return schema;
  let node: unknown = root;
  for (const part of ref.slice(2).split("/")) node = isSchema(node) ? node[part] : undefined;
  return isSchema(node) ? node : {};
}

function typeOf(schema: Schema): string | undefined {
  const t = schema.type;
  const first = Array.isArray(t) ? t.find((x) => x !== "null") ?? t[0] : t;
  if (typeof first === "string") return first.toLowerCase(); // Gemini writes "STRING"
  if (isSchema(schema.properties)) return "object";
  if (schema.items !== undefined) return "array";
  return undefined;
}

/** A value valid for `schema`; `word` fills free-text strings (the simulated answer, say). */
export function sampleJson(schema: unknown, word = "example", root: unknown = schema, depth = 0): JsonValue {
  if (!isSchema(schema) || depth > MAX_DEPTH) return null;
  const s = resolve(schema, isSchema(root) ? root : {});
  if (s.const !== undefined) return s.const as JsonValue;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0] as JsonValue;
  const branch = (Array.isArray(s.anyOf) && s.anyOf[0]) || (Array.isArray(s.oneOf) && s.oneOf[0]);
  if (branch) return sampleJson(branch, word, root, depth + 1);
  if (Array.isArray(s.allOf)) {
    const merged: Schema = { type: "object", properties: {}, required: [] };
    for (const part of s.allOf) {
      const p = isSchema(part) ? resolve(part, isSchema(root) ? root : {}) : {};
      Object.assign(merged.properties as Schema, isSchema(p.properties) ? p.properties : {});
      (merged.required as unknown[]).push(...(Array.isArray(p.required) ? p.required : []));
    }
    return sampleJson(merged, word, root, depth + 1);
  }
  switch (typeOf(s)) {
    case "object": {
      const props = isSchema(s.properties) ? s.properties : {};
      const required = Array.isArray(s.required) ? s.required.filter((r): r is string => typeof r === "string") : Object.keys(props);
      const out: { [key: string]: JsonValue } = {};
      for (const name of required) out[name] = sampleJson(props[name] ?? {}, word, root, depth + 1);
      return out;
    }
    case "array": {
      const min = typeof s.minItems === "number" ? Math.min(s.minItems, 5) : 1;
      return Array.from({ length: Math.max(1, min) }, () => sampleJson(s.items ?? {}, word, root, depth + 1));
    }
    case "integer": return typeof s.minimum === "number" ? Math.ceil(s.minimum) : 1;
    case "number": return typeof s.minimum === "number" ? s.minimum : 1;
    case "boolean": return true;
    case "null": return null;
    case "string": {
      if (typeof s.format === "string" && FORMATS[s.format]) return FORMATS[s.format]!;
      const min = typeof s.minLength === "number" ? s.minLength : 0;
      const max = typeof s.maxLength === "number" ? s.maxLength : Infinity;
      return word.padEnd(min, "x").slice(0, Math.max(min, Math.min(max, word.length)));
    }
    default: return word;
  }
}
