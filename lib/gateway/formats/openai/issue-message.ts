// Turns the zod issue picked by pickIssue into the sentence OpenAI would have written, so
// that clients (and people reading logs) see the familiar `Invalid 'temperature': ...`.
import type { FormatError } from "../types";
import {
  bracketPath,
  describeValue,
  expectedTypes,
  humanList,
  type Issue,
  type PickedIssue,
} from "../zod-issue";

export function openAIFormatError({ issue, path }: PickedIssue): FormatError {
  const param = path.length > 0 ? bracketPath(path) : null;
  const p = param ?? "body";
  switch (issue.code) {
    case "unrecognized_keys": {
      const keys = issue.keys.join(", ");
      return path.length === 0
        ? { message: `Unrecognized request argument supplied: ${keys}`, param: null, code: null }
        : err(`Unrecognized parameter(s) in '${p}': ${keys}`, param, "unknown_parameter");
    }
    case "invalid_type": {
      if (issue.input === undefined) return missing(p);
      const got = describeValue(issue.input);
      return err(`Invalid type for '${p}': expected ${expectedTypes(issue)[0]}, but got ${got} instead.`, param, "invalid_type");
    }
    case "invalid_union":
      return unionError(issue, p, param);
    case "invalid_value":
      return err(invalidValue(issue.input, issue.values), param, "invalid_value");
    case "too_small":
    case "too_big":
      return boundError(issue, p, param);
    case "invalid_format": {
      const pattern = stripSlashes(issue.pattern ?? issue.format);
      const text = `Expected a string that matches the pattern '${pattern}'.`;
      return err(`Invalid '${p}': string does not match pattern. ${text}`, param, "invalid_value");
    }
    default:
      return err(`Invalid '${p}': ${issue.message}`, param, "invalid_value");
  }
}

function err(message: string, param: string | null, code: string | null): FormatError {
  return { message, param, code };
}

function missing(param: string): FormatError {
  return err(`Missing required parameter: '${param}'.`, param, "missing_required_parameter");
}

type UnionIssue = Extract<Issue, { code: "invalid_union" }>;
type BoundIssue = Extract<Issue, { code: "too_small" | "too_big" }>;

function unionError(issue: UnionIssue, p: string, param: string | null): FormatError {
  if (issue.discriminator !== undefined) {
    const value = isRecord(issue.input) ? issue.input[issue.discriminator] : undefined;
    if (value === undefined) return missing(p);
    const options = "options" in issue ? (issue.options ?? []) : [];
    return err(invalidValue(value, options), param, "invalid_value");
  }
  if (issue.input === undefined) return missing(p);
  const types = humanList(expectedTypes(issue), "or");
  const got = describeValue(issue.input);
  return err(`Invalid type for '${p}': expected one of ${types}, but got ${got} instead.`, param, "invalid_type");
}

function boundError(issue: BoundIssue, p: string, param: string | null): FormatError {
  const small = issue.code === "too_small";
  const limit = issue.code === "too_small" ? issue.minimum : issue.maximum;
  const bound = small ? "minimum" : "maximum";
  const input = issue.input;
  if (issue.origin === "array" && Array.isArray(input)) {
    if (small && input.length === 0) {
      const text = `Expected an array with minimum length ${limit}, but got an empty array instead.`;
      return err(`Invalid '${p}': empty array. ${text}`, param, "empty_array");
    }
    const text = `Expected an array with ${bound} length ${limit}, but got an array with length ${input.length} instead.`;
    const code = small ? "array_below_min_length" : "array_above_max_length";
    return err(`Invalid '${p}': array too ${small ? "short" : "long"}. ${text}`, param, code);
  }
  if (issue.origin === "string" && typeof input === "string") {
    if (small && input.length === 0) {
      const text = `Expected a string with minimum length ${limit}, but got an empty string instead.`;
      return err(`Invalid '${p}': empty string. ${text}`, param, "empty_string");
    }
    const text = `Expected a string with ${bound} length ${limit}, but got a string with length ${input.length} instead.`;
    const code = small ? "string_below_min_length" : "string_above_max_length";
    return err(`Invalid '${p}': string too ${small ? "short" : "long"}. ${text}`, param, code);
  }
  const kind = typeof input === "number" && Number.isInteger(input) ? "integer" : "decimal";
  const op = small ? (issue.inclusive ? ">=" : ">") : issue.inclusive ? "<=" : "<";
  const text = `Expected a value ${op} ${limit}, but got ${String(input)} instead.`;
  const what = `${kind} ${small ? "below minimum" : "above maximum"} value`;
  return err(`Invalid '${p}': ${what}. ${text}`, param, `${kind}_${small ? "below_min" : "above_max"}_value`);
}

function invalidValue(value: unknown, options: readonly unknown[]): string {
  const shown = typeof value === "string" ? `'${value}'` : JSON.stringify(value) ?? String(value);
  const list = humanList(options.map((o) => `'${String(o)}'`));
  return `Invalid value: ${shown}. Supported values are: ${list}.`;
}

function stripSlashes(pattern: string): string {
  const m = /^\/(.*)\/[a-z]*$/.exec(pattern);
  return m ? m[1]! : pattern;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
