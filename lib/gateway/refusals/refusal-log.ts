// Every authenticated model call is in the request log, also when it is refused before its
// pipeline logs it: validation (400), an unknown model (404), no provider (503), credits
// (402), the key's permissions (403: model not allowed, disabled, budget), a body too large
// (413), the limits (429), a full log backlog (503). The router calls logRefusal from its error
// path for the routes that name a log endpoint (routes/index.ts `log`), after answering; the
// row is built and queued after the response, through billing's charge writer as a log-only
// entry (charge 0) — no database write before the response, and nothing on the success path.
//
// Not logged: a call whose key is missing or invalid (401: it belongs to no account), a client
// that left before sending its body, and a call whose own row is already queued (`req.logged`:
// finalize.ts, the embeddings pipeline, an orchestration call's parent or single row — they
// run earlier in the same post-response pass). Limit refusals, and every refusal while the
// backlog is full, are counted per key and minute instead (refusal-tally.ts).
import { performance } from "node:perf_hooks";
import { chargeBacklog, enqueueCharge } from "@/lib/billing/settlement/charge-writer";
import type { CachedKey } from "@/lib/api-keys/key-cache";
import type { AppError } from "@/lib/errors";
import { isObj } from "@/lib/json-checks";
import { logger } from "@/lib/observability/logger";
import { sanitizeLogBody, storableText } from "@/lib/observability/log-body";
import type { RequestLogRow } from "@/lib/observability/request-log";
import { answeredError, errorBody } from "@/lib/gateway/http/respond";
import { ClientClosedError, type ApiRequest, type ApiResponse, type ErrorDialect } from "@/lib/gateway/http/types";
import { requestBytes } from "@/lib/gateway/chat/finalize";
import { errorClassOf } from "@/lib/gateway/chat/upstream-errors";
import { callerOf } from "@/lib/gateway/refusals/caller";
import { tallyRefusal } from "@/lib/gateway/refusals/refusal-tally";

/** The orchestration endpoints stream unless the body says `stream: false`. */
const STREAM_BY_DEFAULT: ReadonlySet<string> = new Set(["chat", "compare", "blend", "judge"]);
/** How many of a body's model names the row's requested_model lists. */
const MAX_MODEL_NAMES = 16;

/** Called by the router after it answered `err` on a route logged as `endpoint`. */
export function logRefusal(req: ApiRequest, res: ApiResponse, err: unknown, dialect: ErrorDialect, endpoint: string): void {
  if (err instanceof ClientClosedError) return;
  const answered = answeredError(err);
  if (answered.status === 401) return;
  res.after(() => writeRefusal(req, answered, dialect, endpoint, err));
}

async function writeRefusal(req: ApiRequest, err: AppError, dialect: ErrorDialect, endpoint: string, cause: unknown): Promise<void> {
  const latencyMs = performance.now() - req.startedAt;
  const createdAt = new Date(Date.now() - latencyMs);
  // The pipeline's own post-response task was registered before this one; let every task of
  // this pass run first, however the door schedules them (Next's after() included). A row it
  // queued must come first: the log insert keeps the first row of an id (ON CONFLICT DO NOTHING).
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (req.logged) return;
  try {
    const key = await callerOf(req);
    if (!key) return;
    const row = refusalRow({ req, key, err, dialect, endpoint, latencyMs, createdAt, errorClass: errorClassOf(cause) });
    if (err.code === "rate_limit_exceeded" || chargeBacklog().full) tallyRefusal(row);
    else enqueueCharge({ log: row, charge: 0n });
  } catch (e) {
    logger().error({ requestId: req.requestId, err: String(e) }, "refused call could not be logged");
  }
}

type RefusalFacts = {
  req: ApiRequest; key: CachedKey; err: AppError; dialect: ErrorDialect; endpoint: string;
  latencyMs: number; createdAt: Date; errorClass: string;
};

/** The log row of a refused call: no model answered, nothing charged, the error it was answered. */
function refusalRow(f: RefusalFacts): RequestLogRow {
  const { req, key, err } = f;
  const body = req.json;
  const keep = !key.zeroRetention;
  const request = keep ? sanitizeLogBody(body) : { value: null, truncated: false };
  const response = keep ? sanitizeLogBody(errorBody(err, f.dialect)) : { value: null, truncated: false };
  const stream = isObj(body) && (body.stream === true || (STREAM_BY_DEFAULT.has(f.endpoint) && body.stream !== false));
  return {
    id: req.requestId, userId: key.userId, apiKeyId: key.keyId, createdAt: f.createdAt, endpoint: f.endpoint,
    requestedModel: requestedModels(body), resolvedModel: null, provider: null, status: err.status,
    errorClass: f.errorClass, errorMessage: storableText(err.message.slice(0, 500)), stream, byok: false,
    inputTokens: 0, outputTokens: 0, cachedTokens: 0, usageSource: "none", costUnits: 0n, reservedUnits: 0n, price: null,
    latencyMs: f.latencyMs, ttftMs: null, attempts: [], requestBody: request.value, responseBody: response.value,
    requestBytes: requestBytes(req, body), bodyTruncated: request.truncated || response.truncated,
    mode: key.mode, parentId: null, isParent: false, requestClass: null, source: key.source,
  };
}

/**
 * The model(s) the body asked for, as the pipelines log them: `model`; a multi-model call's
 * `models` (judge: contestants, then the judge) joined by commas; "" when there is none.
 */
function requestedModels(body: unknown): string {
  if (!isObj(body)) return "";
  const names: unknown[] = typeof body.model === "string" ? [body.model]
    : Array.isArray(body.models) ? body.models.slice(0, MAX_MODEL_NAMES)
    : Array.isArray(body.contestants) ? [...body.contestants.slice(0, MAX_MODEL_NAMES), body.judge] : [];
  return storableText(names.filter((n): n is string => typeof n === "string").join(",").slice(0, 200));
}
