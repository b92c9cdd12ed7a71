// The policies page's form, mapped onto the API's shape so one validator (schema.ts) checks
// both doors; and the API's field names mapped back onto the form's inputs, so an error lands
// next to the field that caused it. Numbers go through as numbers when they look like whole
// numbers, and as text otherwise, so the validator's message reaches the user.

export type FormFields = { get(name: string): unknown; getAll(name: string): unknown[]; has(name: string): boolean };

const text = (v: unknown) => (typeof v === "string" ? v.trim() : "");

function whole(v: unknown): number | string | null {
  const t = text(v).replaceAll(",", "");
  if (!t) return null;
  return /^\d{1,9}$/.test(t) ? Number(t) : t;
}

/** A create carries the name; an update (the name is the policy's identity) never does. */
export function formToPolicyBody(form: FormFields, kind: "create" | "update"): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (kind === "create") out.name = text(form.get("name"));
  out.goal = text(form.get("goal")) || "balanced";
  out.allowed_models = form.getAll("allowed_models").filter((m): m is string => typeof m === "string");
  out.max_fallbacks = whole(form.get("max_fallbacks")) ?? 0;
  out.max_cost_per_request = text(form.get("max_cost_per_request")).replaceAll(",", "") || null;
  out.max_latency_ms = whole(form.get("max_latency_ms"));
  return out;
}

/** The form input an API field error belongs to ("allowed_models[2]" → "allowed_models"). */
export function policyFormFieldOf(param: string | null): string | null {
  if (!param) return null;
  return param.startsWith("allowed_models") ? "allowed_models" : param;
}
