// Predicates for the hand-written fast checks that sit in front of zod on the hot path
// (lib/providers/openai/fast-path/shape.ts, lib/gateway/fast-path/simple-body.ts). "opt" means
// absent or null is fine, as zod's .nullish() has it.

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function optString(v: unknown): boolean {
  return v === undefined || v === null || typeof v === "string";
}
