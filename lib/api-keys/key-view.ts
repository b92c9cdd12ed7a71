// A key as the management API answers it (and the status the keys page shows): settings in the
// API's own names, credits as exact decimal strings (`<name>_credits`, plus `_units`), times
// as ISO text. The full key never appears here: POST /keys adds it once.
import { moneyFields, unitsToCredits } from "@/lib/billing/money";
import type { KeySpend } from "@/lib/sql/api-keys";
import type { KeySummary } from "@/lib/api-keys/manage-keys";

export type KeyStatus = "active" | "disabled" | "expired" | "revoked" | "over_budget";

/** Over a budget: today's spend ≥ the daily budget, this month's ≥ the monthly one, or all of it ≥ the total. */
export function overBudget(k: Pick<KeySummary, "budgetDaily" | "budgetMonthly" | "budgetTotal">, spend: KeySpend): boolean {
  return (k.budgetDaily !== null && spend.today >= k.budgetDaily)
    || (k.budgetMonthly !== null && spend.month >= k.budgetMonthly)
    || (k.budgetTotal !== null && spend.total >= k.budgetTotal);
}

/** One status, the most final first: revoked, expired, disabled, over budget, active. */
export function keyStatus(k: KeySummary, spend: KeySpend, now = Date.now()): KeyStatus {
  if (k.revokedAt) return "revoked";
  if (k.expiresAt && k.expiresAt.getTime() <= now) return "expired";
  if (k.disabled) return "disabled";
  return overBudget(k, spend) ? "over_budget" : "active";
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const credits = (u: bigint | null) => (u === null ? null : unitsToCredits(u));

export function toApiKeyObject(k: KeySummary, spend: KeySpend) {
  return {
    id: k.id,
    object: "api_key" as const,
    name: k.name,
    display: k.display,
    mode: k.mode,
    can_manage: k.canManage,
    status: keyStatus(k, spend),
    disabled: k.disabled,
    rpm: k.rpmLimit,
    tpm: k.tpmLimit,
    concurrency: k.concurrencyLimit,
    budget: { daily_credits: credits(k.budgetDaily), monthly_credits: credits(k.budgetMonthly), total_credits: credits(k.budgetTotal) },
    spend: { ...moneyFields("today", spend.today), ...moneyFields("month", spend.month), ...moneyFields("total", spend.total) },
    allowed_models: k.allowedModels,
    expires_at: iso(k.expiresAt),
    default_goal: k.defaultGoal,
    policy: k.policy,
    created_at: iso(k.createdAt),
    last_used_at: iso(k.lastUsedAt),
    disabled_at: iso(k.disabledAt),
    revoked_at: iso(k.revokedAt),
  };
}

export type ApiKeyObject = ReturnType<typeof toApiKeyObject>;
