// Reserve → settle / refund for one API request (SPEC §4). The reservation is the only DB
// write before the response: one statement that debits the worst case (or refuses) and
// appends the ledger row. Settlement releases the unused part in another single statement.
// Same-turn writes of one account share a statement (ledger-batch.ts).
import { AppError } from "@/lib/errors";
import { formatCredits } from "@/lib/billing/money";
import { applyLedgerEntryCoalesced } from "@/lib/billing/ledger-batch";
import { queueAutoTopUpCheck } from "@/lib/billing/stripe/auto-topup-trigger";
import { appUrl } from "@/lib/billing/stripe/config";

export async function reserveCredits(userId: string, requestId: string, amount: bigint): Promise<void> {
  if (amount <= 0n) return;
  const r = await applyLedgerEntryCoalesced({
    userId, kind: "reservation", amount: -amount, sourceId: requestId, floor: 0n,
  });
  if (r.status === "applied") return;
  if (r.status === "insufficient") {
    throw new AppError("insufficient_credits",
      `Insufficient credits: this request may cost up to ${formatCredits(amount, 4)} credits, more than your balance. ` +
        `Add credits at ${appUrl()}/dashboard/billing (or turn on auto top-up there), or lower max_tokens.`);
  }
  if (r.status === "no_account") throw new AppError("invalid_api_key", "The account for this key no longer exists.");
  throw new AppError("internal_error", "Could not reserve credits. Please retry.");
}

export type Settlement = { charged: bigint; undercharged: bigint };

/**
 * Charges `cost` against the reservation: releases `reserved − cost`. When the real cost
 * exceeds the reservation (a provider counted more prompt tokens than our tokenizer), the
 * excess is taken only if the balance covers it; otherwise it is recorded as undercharged
 * rather than driving the balance negative.
 */
export async function settleCharge(userId: string, requestId: string, reserved: bigint, cost: bigint): Promise<Settlement> {
  const settled = await settleReservation(userId, requestId, reserved, cost);
  // Auto top-up looks at the balance after this settle: fire-and-forget, never on the
  // response path; a no-op (in-memory flag) for accounts without auto top-up.
  if (cost > 0n) queueAutoTopUpCheck(userId);
  return settled;
}

async function settleReservation(userId: string, requestId: string, reserved: bigint, cost: bigint): Promise<Settlement> {
  const release = reserved - cost;
  if (release === 0n) return { charged: cost, undercharged: 0n };
  const r = await applyLedgerEntryCoalesced({
    userId, kind: "release", amount: release, sourceId: requestId, floor: release < 0n ? 0n : undefined,
    metadata: { reserved: reserved.toString(), cost: cost.toString() },
  });
  if (r.status !== "insufficient") return { charged: cost, undercharged: 0n };
  return { charged: reserved, undercharged: cost - reserved };
}

/** Gives a failed request's whole reservation back. */
export async function refundReservation(userId: string, requestId: string, reserved: bigint): Promise<void> {
  if (reserved <= 0n) return;
  await applyLedgerEntryCoalesced({ userId, kind: "refund", amount: reserved, sourceId: requestId });
}
