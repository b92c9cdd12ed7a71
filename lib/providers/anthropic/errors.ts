import type { ErrorDetail } from "../http/errors";
import { anthropicErrorBodySchema } from "./schemas";

/** `{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}` */
export function parseAnthropicErrorBody(body: unknown): ErrorDetail | undefined {
  const parsed = anthropicErrorBodySchema.safeParse(body);
  if (!parsed.success) return undefined;
  const e = parsed.data.error;
  return { message: e.message ?? undefined, type: e.type ?? undefined };
}
