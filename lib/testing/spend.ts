// Spends credits the way the gateway does, without the HTTP layer: reserve from this
// process's hold, settle in memory, and let the charge writer write the charge with its log.
import { createId } from "@/lib/ids";
import { reserveCredits } from "@/lib/billing/settlement/reserve";
import { settleReservation } from "@/lib/billing/settlement/holds";
import { enqueueCharge, flushCharges, type ChargedLog } from "@/lib/billing/settlement/charge-writer";

/** A minimal successful request's log row that carries `charge`. */
export function chargedLog(userId: string, id: string, charge: bigint, reserved = charge): ChargedLog {
  return {
    log: {
      id, userId, apiKeyId: null, createdAt: new Date(), endpoint: "/chat/completions", requestedModel: "test/model",
      resolvedModel: "test/model", provider: "test", status: 200, errorClass: null, errorMessage: null, stream: false,
      byok: false, inputTokens: 1, outputTokens: 1, cachedTokens: 0, usageSource: "provider", costUnits: charge,
      reservedUnits: reserved, price: null, latencyMs: 1, ttftMs: null, attempts: [], requestBody: null, responseBody: null,
    },
    charge,
  };
}

/** `n` requests at once, each reserving `reserved` and costing `cost`; resolves once written. */
export async function spendLikeRequests(userId: string, n: number, reserved: bigint, cost: bigint): Promise<void> {
  await Promise.all(Array.from({ length: n }, async () => {
    const reservation = await reserveCredits(userId, reserved);
    const { charged } = settleReservation(reservation, cost);
    enqueueCharge(chargedLog(userId, createId("req"), charged, reserved));
  }));
  await flushCharges();
}
