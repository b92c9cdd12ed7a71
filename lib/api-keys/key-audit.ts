// The keys audit trail: who changed which key, when, and what ({ field: [before, after] }).
// Rows are written inside the transaction of the change they record (manage-keys.ts), with
// the fields named as the management API names them and values in display form (credits as
// exact decimal strings, times as ISO text), so the trail reads the same from both doors.
import { unitsToCredits } from "@/lib/billing/money";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { createId } from "@/lib/ids";
import type { KeySettings } from "@/lib/api-keys/key-settings";

/** Who made a change: a signed-in user on the dashboard, or a management key through the API. */
export type KeyActor = { kind: "dashboard"; userId: string } | { kind: "api"; keyId: string };
export type KeyAuditAction = "created" | "updated" | "disabled" | "enabled" | "revoked";
export type AuditValue = string | number | boolean | string[] | null;
export type KeyAuditChanges = Record<string, [AuditValue, AuditValue]>;

export type KeyAuditEntry = {
  id: string; keyId: string; actor: string; action: KeyAuditAction; changes: KeyAuditChanges; createdAt: Date;
};

export function actorText(actor: KeyActor): string {
  return actor.kind === "dashboard" ? `dashboard:${actor.userId}` : `api:${actor.keyId}`;
}

const credits = (u: bigint | null) => (u === null ? null : unitsToCredits(u));

/** Each setting as the API names it, in display form. */
function displayFields(s: Partial<KeySettings>): Record<string, AuditValue | undefined> {
  return {
    name: s.name,
    mode: s.mode,
    can_manage: s.canManage,
    disabled: s.disabled,
    rpm: s.rpmLimit,
    tpm: s.tpmLimit,
    concurrency: s.concurrencyLimit,
    "budget.daily": s.budgetDaily === undefined ? undefined : credits(s.budgetDaily),
    "budget.monthly": s.budgetMonthly === undefined ? undefined : credits(s.budgetMonthly),
    "budget.total": s.budgetTotal === undefined ? undefined : credits(s.budgetTotal),
    allowed_models: s.allowedModels,
    expires_at: s.expiresAt === undefined ? undefined : s.expiresAt?.toISOString() ?? null,
    default_goal: s.defaultGoal,
    policy: s.policy,
  };
}

const same = (a: AuditValue, b: AuditValue) =>
  Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((x, i) => x === b[i]) : a === b;

/** The fields `after` changes relative to `before` ({} when nothing changes). */
export function diffSettings(before: KeySettings | null, after: Partial<KeySettings>): KeyAuditChanges {
  const was = before ? displayFields(before) : {};
  const now = displayFields(after);
  const out: KeyAuditChanges = {};
  for (const [field, value] of Object.entries(now)) {
    if (value === undefined) continue;
    const old = was[field] ?? null;
    // A new key records what it was created with, defaults (null, false, []) left out.
    if (!before && (value === null || value === false || (Array.isArray(value) && value.length === 0))) continue;
    if (!same(old, value)) out[field] = [old, value];
  }
  return out;
}

/** An update is "disabled"/"enabled" when it flips `disabled`, else "updated". */
export function updateAction(changes: KeyAuditChanges): KeyAuditAction {
  const d = changes.disabled;
  return d ? (d[1] ? "disabled" : "enabled") : "updated";
}

export async function writeKeyAudit(tx: Prisma.TransactionClient, entry: {
  userId: string; keyId: string; actor: KeyActor; action: KeyAuditAction; changes: KeyAuditChanges;
}): Promise<void> {
  await tx.keyAudit.create({
    data: { id: createId("kau"), userId: entry.userId, keyId: entry.keyId, actor: actorText(entry.actor), action: entry.action,
      changes: entry.changes },
  });
}

/** The account's latest key changes, newest first. */
export async function listKeyAudit(userId: string, limit = 50): Promise<KeyAuditEntry[]> {
  const rows = await db().keyAudit.findMany({ where: { userId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: limit });
  return rows.map((r) => ({
    id: r.id, keyId: r.keyId, actor: r.actor, action: r.action as KeyAuditAction,
    changes: (r.changes ?? {}) as KeyAuditChanges, createdAt: r.createdAt,
  }));
}
