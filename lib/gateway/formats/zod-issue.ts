// Zod reports every problem it finds; OpenAI and Anthropic answer with exactly one, naming
// the field. This picks the issue a person would want to hear about first and digs into
// unions so that `content: [{ type: "text" }]` blames `content[0].text`, not "invalid union".
import type { z } from "zod";

export type Issue = z.core.$ZodIssue;
export type PickedIssue = { issue: Issue; path: PropertyKey[] };

/** The first issue, except that unknown top-level arguments are always reported first. */
export function pickIssue(issues: readonly Issue[]): PickedIssue {
  const unknownRoot = issues.find((i) => i.code === "unrecognized_keys" && i.path.length === 0);
  const first = unknownRoot ?? issues[0];
  if (!first) throw new Error("pickIssue called without issues");
  return dig(first, []);
}

function dig(issue: Issue, prefix: PropertyKey[]): PickedIssue {
  const path = [...prefix, ...issue.path];
  if (issue.code !== "invalid_union" || issue.errors.length === 0) return { issue, path };
  // A branch whose only complaint is "wrong type at the root" did not match at all; any
  // other branch got further, so its first issue is the real one.
  const closer = issue.errors.find((branch) => !branch.every(isRootTypeMismatch));
  if (!closer || closer.length === 0) return { issue, path };
  return dig(closer[0]!, path);
}

function isRootTypeMismatch(issue: Issue): boolean {
  if (issue.path.length !== 0) return false;
  if (issue.code === "invalid_type") return true;
  // An enum branch also "fails on type" when the input is not even a string/number.
  return (
    issue.code === "invalid_value" && !issue.values.some((v) => typeof v === typeof issue.input)
  );
}

/** `["messages", 0, "content"]` → `messages[0].content` (OpenAI style). */
export function bracketPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** `["messages", 0, "content"]` → `messages.0.content` (Anthropic / pydantic style). */
export function dottedPath(path: readonly PropertyKey[]): string {
  return path.map(String).join(".");
}

/** How OpenAI names a JSON value's type in its error messages. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  switch (typeof value) {
    case "string":
      return "a string";
    case "number":
      return Number.isInteger(value) ? "an integer" : "a decimal";
    case "boolean":
      return "a boolean";
    case "object":
      return "an object";
    default:
      return typeof value;
  }
}

/** Expected types of a union whose branches all failed on type, e.g. `a string or an array`. */
export function expectedTypes(issue: Issue): string[] {
  if (issue.code === "invalid_type") return [article(issue.expected)];
  if (issue.code !== "invalid_union") return [];
  const out: string[] = [];
  for (const branch of issue.errors) {
    for (const t of branch.flatMap(expectedTypes)) if (!out.includes(t)) out.push(t);
  }
  return out;
}

function article(expected: string): string {
  switch (expected) {
    case "int":
      return "an integer";
    case "array":
      return "an array";
    case "object":
    case "record":
      return "an object";
    default:
      return `a ${expected}`;
  }
}

/** `a`, `a and b`, `a, b, and c` (the serial-comma lists OpenAI writes). */
export function humanList(items: readonly string[], joiner = "and"): string {
  if (items.length <= 1) return items.join("");
  if (items.length === 2) return `${items[0]} ${joiner} ${items[1]}`;
  return `${items.slice(0, -1).join(", ")}, ${joiner} ${items[items.length - 1]}`;
}
