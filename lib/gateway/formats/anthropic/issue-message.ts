// Phrases the picked zod issue the way the Anthropic API does (pydantic style:
// `messages.0.content: Input should be a valid list`), so Anthropic clients see familiar text.
import type { FormatError } from "../types";
import { dottedPath, humanList, type Issue, type PickedIssue } from "../zod-issue";

const TYPE_NAMES: Record<string, string> = {
  string: "a valid string",
  number: "a valid number",
  int: "a valid integer",
  boolean: "a valid boolean",
  array: "a valid list",
  object: "a valid dictionary",
  record: "a valid dictionary",
};

export function anthropicFormatError({ issue, path }: PickedIssue): FormatError {
  const param = path.length > 0 ? dottedPath(path) : null;
  const at = (text: string, code: string): FormatError => ({ message: param ? `${param}: ${text}` : text, param, code });
  switch (issue.code) {
    case "unrecognized_keys": {
      const key = param ? `${param}.${issue.keys[0]}` : issue.keys[0]!;
      return { message: `${key}: Extra inputs are not permitted`, param: key, code: "unknown_parameter" };
    }
    case "invalid_type":
      if (issue.input === undefined) return at("Field required", "missing_required_parameter");
      return at(`Input should be ${TYPE_NAMES[issue.expected] ?? `a valid ${issue.expected}`}`, "invalid_type");
    case "invalid_union": {
      if (issue.discriminator !== undefined) {
        const input = issue.input;
        const value = typeof input === "object" && input !== null ? (input as Record<string, unknown>)[issue.discriminator] : undefined;
        if (value === undefined) return at("Field required", "missing_required_parameter");
        const options = "options" in issue ? (issue.options ?? []) : [];
        return at(`Input tag '${String(value)}' is not supported; expected ${quoted(options)}`, "invalid_value");
      }
      if (issue.input === undefined) return at("Field required", "missing_required_parameter");
      return at(`Input should be ${humanList(unionTypes(issue), "or")}`, "invalid_type");
    }
    case "invalid_value":
      return at(`Input should be ${quoted(issue.values)}`, "invalid_value");
    case "too_small":
    case "too_big": {
      if (issue.origin === "array" || issue.origin === "string") {
        const unit = issue.origin === "array" ? "items" : "characters";
        const limit = issue.code === "too_small" ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
        return at(`Should have ${limit} ${unit}`, "invalid_value");
      }
      const limit = issue.code === "too_small" ? `greater than or equal to ${issue.minimum}` : `less than or equal to ${issue.maximum}`;
      return at(`Input should be ${limit}`, "invalid_value");
    }
    case "invalid_format":
      return at(`String should match pattern '${(issue.pattern ?? issue.format).replace(/^\/|\/[a-z]*$/g, "")}'`, "invalid_value");
    default:
      return at(issue.message, "invalid_value");
  }
}

function unionTypes(issue: Issue): string[] {
  if (issue.code === "invalid_type") return [TYPE_NAMES[issue.expected] ?? `a valid ${issue.expected}`];
  if (issue.code !== "invalid_union") return [];
  const out: string[] = [];
  for (const t of issue.errors.flat().flatMap(unionTypes)) if (!out.includes(t)) out.push(t);
  return out;
}

function quoted(values: readonly unknown[]): string {
  return humanList(values.map((v) => `'${String(v)}'`), "or");
}
