// What the keys page shows, as plain serialisable data: each key with its limits, its spend
// today / this month against its budgets and its status; the audit trail in words; the models
// an allow-list may name. One read of the keys, one of the spend rollups, one of the audit.
import { formatCredits, unitsToCredits } from "@/lib/billing/money";
import { listModels } from "@/lib/catalog";
import { simulatedModelsEnabled } from "@/lib/gateway/providers-config";
import { ensureCustomUpstreams } from "@/lib/providers/openai-compatible/custom-upstreams";
import { NO_SPEND, spendByKey, type KeySpend } from "@/lib/sql/api-keys";
import { listKeyAudit, type AuditValue, type KeyAuditAction } from "@/lib/api-keys/key-audit";
import { keyStatus, type KeyStatus } from "@/lib/api-keys/key-view";
import { listApiKeys, type KeySummary } from "@/lib/api-keys/manage-keys";

/** Spend against one budget: the amounts shown, and how full it is (0–100, null without a budget). */
export type BudgetUse = { spent: string; budget: string | null; percent: number | null };

export type KeyRow = {
  id: string; name: string; display: string; mode: "live" | "test"; canManage: boolean; status: KeyStatus; disabled: boolean;
  rpm: number | null; tpm: number | null; concurrency: number | null;
  /** Exact decimal credits, as the edit form shows them ("" = none). */
  budget: { daily: string; monthly: string; total: string };
  use: { today: BudgetUse; month: BudgetUse; total: BudgetUse };
  allowedModels: string[];
  /** ISO instants. */
  expiresAt: string | null; createdAt: string; lastUsedAt: string | null; revokedAt: string | null;
  defaultGoal: string | null; policy: string | null;
};

export type AuditRow = {
  id: string; at: string; who: string; action: KeyAuditAction; keyName: string;
  changes: Array<{ field: string; before: string; after: string }>;
};

export type ModelOption = { id: string; label: string };

function use(spent: bigint, budget: bigint | null): BudgetUse {
  return {
    spent: formatCredits(spent),
    budget: budget === null ? null : formatCredits(budget),
    percent: budget === null ? null : Math.min(100, Number((spent * 1000n) / (budget > 0n ? budget : 1n)) / 10),
  };
}

const exact = (u: bigint | null) => (u === null ? "" : unitsToCredits(u));
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toKeyRow(k: KeySummary, spend: KeySpend, now = Date.now()): KeyRow {
  return {
    id: k.id, name: k.name, display: k.display, mode: k.mode, canManage: k.canManage, status: keyStatus(k, spend, now),
    disabled: k.disabled, rpm: k.rpmLimit, tpm: k.tpmLimit, concurrency: k.concurrencyLimit,
    budget: { daily: exact(k.budgetDaily), monthly: exact(k.budgetMonthly), total: exact(k.budgetTotal) },
    use: { today: use(spend.today, k.budgetDaily), month: use(spend.month, k.budgetMonthly), total: use(spend.total, k.budgetTotal) },
    allowedModels: k.allowedModels, expiresAt: iso(k.expiresAt), createdAt: k.createdAt.toISOString(),
    lastUsedAt: iso(k.lastUsedAt), revokedAt: iso(k.revokedAt), defaultGoal: k.defaultGoal, policy: k.policy,
  };
}

// The order a change lists its fields in (jsonb keeps its own order: shortest key first).
const FIELD_ORDER = ["name", "mode", "can_manage", "disabled", "rpm", "tpm", "concurrency", "budget.daily", "budget.monthly",
  "budget.total", "allowed_models", "expires_at", "default_goal", "policy", "revoked_at"];
const rank = (field: string) => (FIELD_ORDER.indexOf(field) + 1 || FIELD_ORDER.length + 1);

function shown(v: AuditValue): string {
  if (v === null) return "—";
  if (Array.isArray(v)) return v.length ? v.join(", ") : "any";
  if (typeof v === "boolean") return v ? "yes" : "no";
  return String(v);
}

/** "You (dashboard)", or the management key that made the change. */
function whoDid(actor: string, userId: string, keys: Map<string, KeySummary>): string {
  if (actor === `dashboard:${userId}`) return "You, on the dashboard";
  if (actor.startsWith("api:")) {
    const k = keys.get(actor.slice(4));
    return k ? `API, with “${k.name}” (${k.display})` : "API, with a deleted key";
  }
  return actor;
}

export async function keysPageData(userId: string): Promise<{ keys: KeyRow[]; audit: AuditRow[]; models: ModelOption[] }> {
  const [keys, spend, audit] = await Promise.all([listApiKeys(userId), spendByKey(userId), listKeyAudit(userId, 50)]);
  const byId = new Map(keys.map((k) => [k.id, k]));
  ensureCustomUpstreams();
  const models = listModels({ includeSimulated: simulatedModelsEnabled() })
    .filter((m) => m.capabilities.includes("chat"))
    .map((m) => ({ id: m.id, label: m.displayName }));
  return {
    keys: keys.map((k) => toKeyRow(k, spend.get(k.id) ?? NO_SPEND)),
    audit: audit.map((a) => ({
      id: a.id, at: a.createdAt.toISOString(), who: whoDid(a.actor, userId, byId), action: a.action,
      keyName: byId.get(a.keyId)?.name ?? "a deleted key",
      changes: Object.entries(a.changes).sort(([x], [y]) => rank(x) - rank(y))
        .map(([field, [before, after]]) => ({ field, before: shown(before), after: shown(after) })),
    })),
    models,
  };
}
