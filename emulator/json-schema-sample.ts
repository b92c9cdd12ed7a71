/**
 * Deterministic sample values that satisfy a JSON Schema (the subset LLM APIs use: OpenAI
 * structured outputs / tool parameters, Anthropic input_schema, Gemini's OpenAPI-style schema
 * with upper-case types). Supported: type (incl. arrays of types), properties, required,
 * items / prefixItems, enum, const, anyOf / oneOf / allOf, $ref to local $defs/definitions,
 * string formats and lengths, numeric bounds and multipleOf, array item counts.
 * `pattern` is not honoured.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

type Schema = Record<string, unknown>;

const MAX_DEPTH = 10;

const FORMAT_SAMPLES: Record<string, string> = {
  "date-time": "2025-01-01T12:00:00Z",
  date: "2025-01-01",
  time: "12:00:00",
  email: "user@example.com",
  uri: "https://example.com/",
  url: "https://example.com/",
  hostname: "example.com",
  ipv4: "192.0.2.1",
  ipv6: "2001:db8::1",
  uuid: "00000000-0000-4000-8000-000000000000",
  duration: "PT1H",
};

function isSchema(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function numberOr(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function resolveRef(ref: string, root: Schema): Schema | undefined {
  if (!ref.startsWith("#")) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(1).split("/").filter(Boolean)) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    node = isSchema(node) ? node[key] : undefined;
  }
  return isSchema(node) ? node : undefined;
}

function pickType(schema: Schema): string {
  const t = schema.type;
  const types = (Array.isArray(t) ? t : [t]).filter((x): x is string => typeof x === "string");
  const chosen = types.map((x) => x.toLowerCase()).find((x) => x !== "null") ?? types[0]?.toLowerCase();
  if (chosen) return chosen;
  if (isSchema(schema.properties)) return "object";
  if (schema.items !== undefined || schema.prefixItems !== undefined) return "array";
  return "string";
}

function sampleString(schema: Schema, name: string): string {
  const format = typeof schema.format === "string" ? FORMAT_SAMPLES[schema.format] : undefined;
  let value = format ?? `sample ${name}`.trim();
  const min = numberOr(schema.minLength) ?? 0;
  const max = numberOr(schema.maxLength);
  if (value.length < min) value = value.padEnd(min, "x");
  if (max !== undefined && value.length > max) value = value.slice(0, max);
  return value;
}

function sampleNumber(schema: Schema, integer: boolean): number {
  const step = integer ? 1 : 0.5;
  let lo = numberOr(schema.minimum) ?? -Infinity;
  let hi = numberOr(schema.maximum) ?? Infinity;
  const exMin = schema.exclusiveMinimum;
  const exMax = schema.exclusiveMaximum;
  if (typeof exMin === "number") lo = Math.max(lo, exMin + step);
  else if (exMin === true) lo += step;
  if (typeof exMax === "number") hi = Math.min(hi, exMax - step);
  else if (exMax === true) hi -= step;
  let value = Math.min(Math.max(1, lo), hi);
  if (integer) value = Number.isFinite(lo) && value < lo ? Math.ceil(lo) : Math.ceil(value);
  const multipleOf = numberOr(schema.multipleOf);
  if (multipleOf && multipleOf > 0) {
    value = Math.ceil(value / multipleOf) * multipleOf;
    if (value > hi) value = Math.floor(hi / multipleOf) * multipleOf;
  }
  return value;
}

function mergeAllOf(schema: Schema, root: Schema): Schema {
  const parts = (schema.allOf as unknown[]).map((p) =>
    isSchema(p) && typeof p.$ref === "string" ? (resolveRef(p.$ref, root) ?? {}) : p,
  );
  const merged: Schema = { ...schema, allOf: undefined };
  const properties: Schema = isSchema(schema.properties) ? { ...schema.properties } : {};
  const required = new Set<string>(Array.isArray(schema.required) ? schema.required : []);
  for (const part of parts) {
    if (!isSchema(part)) continue;
    for (const [k, v] of Object.entries(part)) if (k !== "properties" && k !== "required") merged[k] ??= v;
    if (isSchema(part.properties)) Object.assign(properties, part.properties);
    if (Array.isArray(part.required)) for (const r of part.required) required.add(String(r));
  }
  if (Object.keys(properties).length > 0) merged.properties = properties;
  if (required.size > 0) merged.required = [...required];
  return merged;
}

function sampleObject(schema: Schema, root: Schema, depth: number): { [key: string]: JsonValue } {
  const out: { [key: string]: JsonValue } = {};
  const properties = isSchema(schema.properties) ? schema.properties : {};
  const ordering = Array.isArray(schema.propertyOrdering) ? schema.propertyOrdering.map(String) : [];
  const keys = [...new Set([...ordering, ...Object.keys(properties)])].filter((k) => k in properties);
  for (const key of keys) out[key] = sampleAt(properties[key], root, depth + 1, key);
  const required = Array.isArray(schema.required) ? schema.required.map(String) : [];
  for (const key of required) if (!(key in out)) out[key] = `sample ${key}`;
  return out;
}

function sampleArray(schema: Schema, root: Schema, depth: number, name: string): JsonValue[] {
  const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems : [];
  const max = numberOr(schema.maxItems) ?? Infinity;
  const count = Math.min(Math.max(numberOr(schema.minItems) ?? 1, prefix.length, 1), max);
  const items = schema.items;
  const out: JsonValue[] = [];
  for (let i = 0; i < count; i++) {
    const itemSchema = i < prefix.length ? prefix[i] : isSchema(items) ? items : {};
    const value = sampleAt(itemSchema, root, depth + 1, i === 0 ? name : `${name} ${i + 1}`);
    out.push(value);
  }
  return out;
}

function sampleAt(input: unknown, root: Schema, depth: number, name: string): JsonValue {
  if (!isSchema(input) || depth > MAX_DEPTH) return input === false ? null : `sample ${name}`.trim();
  let schema = input;
  if (typeof schema.$ref === "string") {
    const target = resolveRef(schema.$ref, root);
    if (target) schema = { ...target, ...schema, $ref: undefined };
  }
  if ("const" in schema) return schema.const as JsonValue;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    return (schema.enum.find((v) => v !== null) ?? schema.enum[0]) as JsonValue;
  }
  const union = Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : null;
  if (union && union.length > 0) {
    const option = union.find((o) => !(isSchema(o) && o.type === "null")) ?? union[0];
    return sampleAt(option, root, depth + 1, name);
  }
  if (Array.isArray(schema.allOf)) return sampleAt(mergeAllOf(schema, root), root, depth + 1, name);
  switch (pickType(schema)) {
    case "object":
      return sampleObject(schema, root, depth);
    case "array":
      return sampleArray(schema, root, depth, name);
    case "integer":
      return sampleNumber(schema, true);
    case "number":
      return sampleNumber(schema, false);
    case "boolean":
      return true;
    case "null":
      return null;
    default:
      return sampleString(schema, name);
  }
}

/** A value satisfying `schema`; a missing or empty schema yields `{}`. */
export function sampleFromSchema(schema: unknown, name = "value"): JsonValue {
  if (!isSchema(schema) || Object.keys(schema).length === 0) return {};
  return sampleAt(schema, schema, 0, name);
}
