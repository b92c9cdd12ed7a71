import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { ApiRequest } from "@/lib/gateway/http/types";

/** Reads and parses a JSON body with clear 413/415/400 errors. */
export async function readJson(req: ApiRequest): Promise<unknown> {
  const type = req.header("content-type") ?? "";
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new AppError("unsupported_media_type", "Send the body as JSON with 'Content-Type: application/json'.");
  }
  const body = await req.readBody(env().MAX_BODY_BYTES);
  if (body.length === 0) throw new AppError("invalid_request", "The request body is empty; expected a JSON object.");
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw new AppError("invalid_request", "The request body is not valid JSON.");
  }
}
