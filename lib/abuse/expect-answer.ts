// What every answer of the API to abuse must look like: never a 5xx, always an
// `x-request-id`, and every error JSON in the route's dialect with a message. Returns a
// description of the problem (null when fine) so fast-check prints it with the counterexample.
import type { RawResponse } from "@/lib/abuse/raw-http";

export type AnswerShape = {
  /** "anthropic": `{type:"error", error:{type,message}}`; "any": either dialect's error. */
  dialect: "openai" | "anthropic" | "any";
  /** HEAD answers carry no body. */
  head?: boolean;
};

function snippet(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}… (${text.length} chars)` : text;
}

function errorProblem(body: unknown, dialect: AnswerShape["dialect"]): string | null {
  const top = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : null;
  const error = top && typeof top.error === "object" && top.error !== null ? (top.error as Record<string, unknown>) : null;
  if (!error || typeof error.message !== "string" || !error.message) return "error body has no error.message";
  if (dialect === "anthropic" && (top!.type !== "error" || typeof error.type !== "string")) return "not an Anthropic error body";
  if (dialect === "openai" && typeof error.type !== "string") return "not an OpenAI error body";
  return null;
}

export function answerProblem(res: RawResponse, shape: AnswerShape): string | null {
  const where = `status ${res.status}, body ${JSON.stringify(snippet(res.text))}`;
  if (res.status >= 500) return `5xx answer: ${where}`;
  if (!/^req_[0-9a-f]{32}$/.test(String(res.headers["x-request-id"] ?? ""))) return `no x-request-id: ${where}`;
  if (res.status < 400 || shape.head) return null;
  if (!String(res.headers["content-type"] ?? "").startsWith("application/json")) return `error is not JSON: ${where}`;
  let body: unknown;
  try {
    body = JSON.parse(res.text);
  } catch {
    return `error body does not parse: ${where}`;
  }
  const problem = errorProblem(body, shape.dialect);
  return problem ? `${problem}: ${where}` : null;
}
