import { parseDurationMs, type ErrorDetail } from "../http/errors";
import { geminiErrorBodySchema } from "./schemas";

/** Google RPC errors; a RetryInfo detail ("34.4s") becomes retryAfterMs. */
export function parseGeminiErrorBody(body: unknown): ErrorDetail | undefined {
  const parsed = geminiErrorBodySchema.safeParse(body);
  if (!parsed.success) return undefined;
  const e = Array.isArray(parsed.data) ? parsed.data[0]!.error : parsed.data.error;
  const retry = e.details?.find((d) => d["@type"]?.endsWith("google.rpc.RetryInfo"))?.retryDelay;
  return {
    message: e.message ?? undefined,
    type: e.status ?? undefined,
    retryAfterMs: retry ? parseDurationMs(retry) : undefined,
  };
}
