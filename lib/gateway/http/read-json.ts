import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { ApiRequest } from "@/lib/gateway/http/types";
import { MAX_JSON_DEPTH, nestedDeeperThan } from "@/lib/gateway/http/json-depth";
import { MAX_BODY_CHARS } from "@/lib/observability/log-body";

/** Reads and parses a JSON body with clear 413/415/400 errors (400 too for absurd nesting). */
export async function readJson(req: ApiRequest): Promise<unknown> {
  const type = req.header("content-type") ?? "";
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new AppError("unsupported_media_type", "Send the body as JSON with 'Content-Type: application/json'.");
  }
  const body = await req.readBody(env().MAX_BODY_BYTES);
  if (body.length === 0) throw new AppError("invalid_request", "The request body is empty; expected a JSON object.");
  const text = body.toString("utf8");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError("invalid_request", "The request body is not valid JSON.");
  }
  // Each level costs at least two bytes ("[" and "]"): a short body cannot be too deep.
  if (body.length > 2 * MAX_JSON_DEPTH && nestedDeeperThan(json, MAX_JSON_DEPTH)) {
    throw new AppError("invalid_request",
      `The request body is nested too deeply: at most ${MAX_JSON_DEPTH} levels of arrays and objects are accepted.`);
  }
  req.json = json; // for the log row of a call refused after this point (lib/gateway/refusals)
  // The log row stores a clean body as this text (log-body.ts); a longer one never is.
  if (text.length <= MAX_BODY_CHARS) req.jsonText = text;
  return json;
}

/** The raw text `body` was parsed from, when it is the body readJson read and kept (log rows). */
export function rawJsonText(req: ApiRequest, body: unknown): string | undefined {
  return req.json === body ? req.jsonText : undefined;
}
