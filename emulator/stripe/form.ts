// Parses the bracket-keyed form bodies the stripe SDK sends
// (`line_items[0][price_data][unit_amount]=1000`, `metadata[credits]=2000`) into nested objects.
export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormObject = { [key: string]: FormValue };

function keyPath(raw: string): string[] {
  const first = raw.indexOf("[");
  if (first === -1) return [raw];
  const parts = [raw.slice(0, first)];
  for (const m of raw.slice(first).matchAll(/\[([^\]]*)\]/g)) parts.push(m[1]!);
  return parts;
}

function setPath(target: FormObject, path: string[], value: string): void {
  let node: Record<string, FormValue> = target;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    const next = node[key];
    if (typeof next !== "object" || next === null) node[key] = {};
    node = node[key] as Record<string, FormValue>;
  }
  node[path[path.length - 1]!] = value;
}

/** Objects whose keys are exactly 0..n-1 become arrays (Stripe's list encoding). */
function arraysFrom(value: FormValue): FormValue {
  if (typeof value === "string" || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const fixed: FormObject = {};
  for (const k of keys) fixed[k] = arraysFrom(value[k]!);
  const isList = keys.length > 0 && keys.every((k, i) => k === String(i));
  return isList ? keys.map((k) => fixed[k]!) : fixed;
}

export function parseStripeForm(body: string): FormObject {
  const out: FormObject = {};
  for (const [k, v] of new URLSearchParams(body)) setPath(out, keyPath(k), v);
  return arraysFrom(out) as FormObject;
}
