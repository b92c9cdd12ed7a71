// Spends credits the way the gateway does, without the HTTP layer: reserve from this
// process's credit hold, settle in memory, and let the request log carry the charge.
import { createId } from "@/lib/ids";
import { reserveCredits, settleCharge } from "@/lib/billing/reservations";
import { enqueueRequestLog, flushRequestLogs, type RequestLogRow } from "@/lib/observability/request-log";

/** A minimal successful request's log row that carries `charge`. */
export function chargedLogRow(userId: string, id: string, charge: bigint, reserved = charge): RequestLogRow {
  return {
    id, userId, apiKeyId: null, createdAt: new Date(), endpoint: "/chat/completions", requestedModel: "test/model",
    resolvedModel: "test/model", provider: "test", status: 200, errorClass: null, errorMessage: null, stream: false,
    byok: false, inputTokens: 1, outputTokens: 1, cachedTokens: 0, usageSource: "provider", costUnits: charge, charge,
    reservedUnits: reserved, price: null, latencyMs: 1, ttftMs: null, attempts: [], requestBody: null, responseBody: null,
  };
}

/** `n` requests at once, each reserving `reserved` and costing `cost`; resolves once written. */
export async function spendLikeRequests(userId: string, n: number, reserved: bigint, cost: bigint): Promise<void> {
  await Promise.all(Array.from({ length: n }, async () => {
    const ticket = await reserveCredits(userId, reserved);
    const { charged } = settleCharge(ticket, cost);
    enqueueRequestLog(chargedLogRow(userId, createId("req"), charged, reserved));
  }));
  await flushRequestLogs();
}
