// The keys page's form, mapped onto the management API's shape so one validator
// (parseKeySettings) checks both doors; and the API's field names mapped back onto the form's
// inputs, so an error lands next to the field that caused it.
//
// Only fields present in the form are read: the quick "name only" create sends just the name.
// Numbers go through as numbers when they look like whole numbers, and as text otherwise, so
// the validator's message ("Expected a whole number …") reaches the user.

export type FormFields = { get(name: string): unknown; getAll(name: string): unknown[]; has(name: string): boolean };

const text = (v: unknown) => (typeof v === "string" ? v.trim() : "");

function limit(v: unknown): number | string | null {
  const t = text(v).replaceAll(",", "");
  if (!t) return null;
  return /^\d{1,12}$/.test(t) ? Number(t) : t;
}

const credits = (v: unknown): string | null => text(v).replaceAll(",", "") || null;

/** End of the chosen UTC day: a key "expiring on Mar 3" works through Mar 3. */
function expiry(v: unknown): string | null {
  const t = text(v);
  if (!t) return null;
  return /^\d{4}-\d{2}-\d{2}$/.test(t) ? `${t}T23:59:59.999Z` : t;
}

export function formToApiSettings(form: FormFields, kind: "create" | "update"): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (form.has("name")) out.name = typeof form.get("name") === "string" ? form.get("name") : "";
  // The settings section is one unit: present means every setting is as the form shows it.
  if (!form.has("settings")) return out;
  out.rpm = limit(form.get("rpm"));
  out.tpm = limit(form.get("tpm"));
  out.concurrency = limit(form.get("concurrency"));
  out.budget = { daily: credits(form.get("budget_daily")), monthly: credits(form.get("budget_monthly")), total: credits(form.get("budget_total")) };
  out.allowed_models = form.getAll("allowed_models").filter((m): m is string => typeof m === "string");
  // An unchanged expiry is left alone: an expired key stays editable (a past date would be refused).
  if (!form.has("expires_on_was") || text(form.get("expires_on")) !== text(form.get("expires_on_was"))) {
    out.expires_at = expiry(form.get("expires_on"));
  }
  out.default_goal = text(form.get("default_goal")) || null;
  if (form.has("policy")) out.policy = text(form.get("policy")) || null;
  out.disabled = form.get("disabled") === "on";
  out.can_manage = form.get("can_manage") === "on";
  if (kind === "create") out.mode = text(form.get("mode")) || "live";
  return out;
}

/** The form input an API field error belongs to ("budget.daily" → "budget_daily"). */
export function formFieldOf(param: string | null): string | null {
  if (!param) return null;
  if (param.startsWith("allowed_models")) return "allowed_models";
  if (param === "expires_at") return "expires_on";
  return param.replace(".", "_");
}
