import { invalidResponse } from "../http/errors";
import type { UpstreamError } from "../types";

type Issues = { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> };

/** A short, key-free description of the first schema violation. */
export function zodReason(error: Issues): string {
  const issue = error.issues[0];
  if (!issue) return "unexpected shape";
  const path = issue.path.map(String).join(".");
  return `unexpected shape at ${path || "(root)"}: ${issue.message}`;
}

export function shapeError(label: string, error: Issues): UpstreamError {
  return invalidResponse(label, zodReason(error));
}

/** JSON.parse for one stream event; garbage becomes invalid_response. */
export function parseEventJson(label: string, data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    throw invalidResponse(label, "stream event is not valid JSON");
  }
}
