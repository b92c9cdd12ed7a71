// Key management for the dashboard and the management API. Every query is scoped to the
// owner; every change writes its audit row and publishes the key's invalidation in its own
// transaction (other processes drop the key when it commits), then evicts it here.
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { ApiKey, Prisma } from "@/lib/generated/prisma/client";
import { createId } from "@/lib/ids";
import { apiKeysChanged } from "@/lib/invalidation/messages";
import { prismaNotify } from "@/lib/invalidation/publish";
import { hasNul } from "@/lib/pg-text";
import { displayKey, generateApiKey, type KeyMode } from "@/lib/api-keys/generate-key";
import { evictKeys } from "@/lib/api-keys/key-cache";
import { diffSettings, updateAction, writeKeyAudit, type KeyActor } from "@/lib/api-keys/key-audit";
import { DEFAULT_KEY_SETTINGS, keyNameSchema, type KeyChanges, type KeySettings } from "@/lib/api-keys/key-settings";
import type { OptimizationGoal } from "@/lib/gateway/formats/types";
import { policyIdForKey } from "@/lib/policies/store";

export { keyNameSchema };

const MAX_ACTIVE_KEYS = 100;
/** Keys users create and manage; the playground's hidden key (kind 'playground', lib/playground) is none of them. */
const USER_KEYS = "standard";

export type KeySummary = KeySettings & {
  id: string; display: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null; disabledAt: Date | null;
};

export const dashboardActor = (userId: string): KeyActor => ({ kind: "dashboard", userId });

/** A key row with the name of its default policy (the API and the page name it; the column holds its id). */
type KeyRow = ApiKey & { defaultPolicy: { name: string } | null };
const WITH_POLICY = { defaultPolicy: { select: { name: true } } } as const;

function toSummary(r: KeyRow): KeySummary {
  return {
    id: r.id, name: r.name, display: displayKey(r.prefix, r.suffix), createdAt: r.createdAt, lastUsedAt: r.lastUsedAt,
    revokedAt: r.revokedAt, disabledAt: r.disabledAt, disabled: r.disabledAt !== null, expiresAt: r.expiresAt,
    rpmLimit: r.rpmLimit, tpmLimit: r.tpmLimit, concurrencyLimit: r.concurrencyLimit,
    budgetDaily: r.budgetDaily, budgetMonthly: r.budgetMonthly, budgetTotal: r.budgetTotal, allowedModels: r.allowedModels,
    canManage: r.canManage, mode: r.mode as KeyMode, defaultGoal: r.defaultGoal as OptimizationGoal | null,
    policy: r.defaultPolicy?.name ?? null,
  };
}

/** The columns an update writes (disabled → disabled_at, kept when it does not change). */
function columnsOf(c: KeyChanges, current: ApiKey | null): Prisma.ApiKeyUncheckedUpdateInput {
  const data: Prisma.ApiKeyUncheckedUpdateInput = {};
  if (c.name !== undefined) data.name = c.name;
  if (c.rpmLimit !== undefined) data.rpmLimit = c.rpmLimit;
  if (c.tpmLimit !== undefined) data.tpmLimit = c.tpmLimit;
  if (c.concurrencyLimit !== undefined) data.concurrencyLimit = c.concurrencyLimit;
  if (c.budgetDaily !== undefined) data.budgetDaily = c.budgetDaily;
  if (c.budgetMonthly !== undefined) data.budgetMonthly = c.budgetMonthly;
  if (c.budgetTotal !== undefined) data.budgetTotal = c.budgetTotal;
  if (c.allowedModels !== undefined) data.allowedModels = c.allowedModels;
  if (c.expiresAt !== undefined) data.expiresAt = c.expiresAt;
  if (c.disabled !== undefined && c.disabled !== (current?.disabledAt != null)) data.disabledAt = c.disabled ? new Date() : null;
  if (c.canManage !== undefined) data.canManage = c.canManage;
  if (c.mode !== undefined) data.mode = c.mode;
  if (c.defaultGoal !== undefined) data.defaultGoal = c.defaultGoal;
  return data;
}

/** default_policy_id for a change naming the key's default policy (undefined: unchanged); 400 when the account has none of that name. */
async function policyColumn(userId: string, c: KeyChanges): Promise<string | null | undefined> {
  if (c.policy === undefined || c.policy === null) return c.policy;
  return policyIdForKey(userId, c.policy, "policy");
}

/** Rules on who may set what, beyond each field's own validation. */
function checkPermissions(actor: KeyActor, changes: KeyChanges, target: KeySummary | null): void {
  if (actor.kind !== "api") return;
  if (target?.canManage) {
    throw new AppError("permission_denied", "Management keys can only be changed or revoked on the dashboard.");
  }
  if (changes.canManage) {
    throw new AppError("permission_denied",
      "A management key cannot create or grant \"Can manage keys\": do that on the dashboard.", "can_manage");
  }
}

/** Creates a key with `settings` (name required); the full key is returned once, never stored. */
export async function createKey(userId: string, settings: KeyChanges & { name: string }, actor: KeyActor):
  Promise<{ key: string; summary: KeySummary }> {
  checkPermissions(actor, settings, null);
  const wanted: KeySettings = { ...DEFAULT_KEY_SETTINGS, ...settings };
  const active = await db().apiKey.count({ where: { userId, revokedAt: null, kind: USER_KEYS } });
  if (active >= MAX_ACTIVE_KEYS) {
    throw new AppError("invalid_request", `You can have at most ${MAX_ACTIVE_KEYS} active keys. Revoke one first.`);
  }
  const defaultPolicyId = (await policyColumn(userId, wanted)) ?? null;
  const k = generateApiKey(wanted.mode);
  const id = createId("key");
  const row = await db().$transaction(async (tx) => {
    const created = await tx.apiKey.create({
      data: { ...columnsOf(wanted, null), defaultPolicyId, id, userId, name: wanted.name, hash: k.hash, prefix: k.prefix, suffix: k.suffix } as Prisma.ApiKeyUncheckedCreateInput,
      include: WITH_POLICY,
    });
    await writeKeyAudit(tx, { userId, keyId: id, actor, action: "created", changes: diffSettings(null, wanted) });
    return created;
  });
  return { key: k.key, summary: toSummary(row) };
}

/** Dashboard shorthand: a key with this name and default settings. */
export async function createApiKey(userId: string, name: string): Promise<{ key: string; summary: KeySummary }> {
  const parsed = keyNameSchema.safeParse(name);
  if (!parsed.success) throw new AppError("invalid_request", parsed.error.issues[0]!.message, "name");
  return createKey(userId, { name: parsed.data }, dashboardActor(userId));
}

export async function listApiKeys(userId: string): Promise<KeySummary[]> {
  const rows = await db().apiKey.findMany({
    where: { userId, kind: USER_KEYS }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], include: WITH_POLICY,
  });
  return rows.map(toSummary);
}

/** The owner's key; another account's id answers exactly like a missing one (404). */
export async function getApiKey(userId: string, keyId: string): Promise<KeySummary> {
  const row = hasNul(keyId) ? null : await db().apiKey.findFirst({ where: { id: keyId, userId, kind: USER_KEYS }, include: WITH_POLICY });
  if (!row) throw new AppError("not_found", "No such key.");
  return toSummary(row);
}

/**
 * Locks the owner's key row for the rest of the transaction and returns it (404 when it is not
 * theirs): concurrent changes to one key apply one after the other, each audited against the
 * state it replaced.
 */
async function lockKey(tx: Prisma.TransactionClient, userId: string, keyId: string): Promise<KeyRow> {
  if (hasNul(keyId)) throw new AppError("not_found", "No such key.");
  const locked = await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM api_keys WHERE id = ${keyId} AND user_id = ${userId} AND kind = ${USER_KEYS} FOR UPDATE`;
  const row = locked.length ? await tx.apiKey.findUnique({ where: { id: keyId }, include: WITH_POLICY }) : null;
  if (!row) throw new AppError("not_found", "No such key.");
  return row;
}

/** Applies `changes`; returns the key as it now is. Revoked keys and a key's mode cannot change. */
export async function updateApiKey(userId: string, keyId: string, changes: KeyChanges, actor: KeyActor): Promise<KeySummary> {
  const defaultPolicyId = await policyColumn(userId, changes);
  const { row, hash, changed } = await db().$transaction(async (tx) => {
    const current = await lockKey(tx, userId, keyId);
    const before = toSummary(current);
    checkPermissions(actor, changes, before);
    if (current.revokedAt) throw new AppError("invalid_request", "This key is revoked and can no longer be changed.");
    if (changes.mode !== undefined && changes.mode !== before.mode) {
      throw new AppError("invalid_request",
        "A key's mode cannot change (its prefix says live or test wherever it is pasted): create a new key instead.", "mode");
    }
    const diff = diffSettings(before, changes);
    if (Object.keys(diff).length === 0) return { row: current, hash: current.hash, changed: false };
    const data = columnsOf(changes, current);
    if (defaultPolicyId !== undefined) data.defaultPolicyId = defaultPolicyId;
    const updated = await tx.apiKey.update({ where: { id: keyId }, data, include: WITH_POLICY });
    await writeKeyAudit(tx, { userId, keyId, actor, action: updateAction(diff), changes: diff });
    for (const m of apiKeysChanged([current.hash])) await prismaNotify(tx, m);
    return { row: updated, hash: current.hash, changed: true };
  });
  if (changed) evictKeys([hash]);
  return toSummary(row);
}

/** Revokes the key (the row stays for the logs and the audit trail); revoking twice changes nothing. */
export async function revokeApiKey(userId: string, keyId: string, actor: KeyActor = dashboardActor(userId)): Promise<KeySummary> {
  const { row, hash } = await db().$transaction(async (tx) => {
    const current = await lockKey(tx, userId, keyId);
    checkPermissions(actor, {}, toSummary(current));
    if (current.revokedAt) return { row: current, hash: null };
    const revokedAt = new Date();
    const updated = await tx.apiKey.update({ where: { id: keyId }, data: { revokedAt }, include: WITH_POLICY });
    await writeKeyAudit(tx, { userId, keyId, actor, action: "revoked", changes: { revoked_at: [null, revokedAt.toISOString()] } });
    // Other processes evict the key when this commits (lib/invalidation), this one right after.
    for (const m of apiKeysChanged([current.hash])) await prismaNotify(tx, m);
    return { row: updated, hash: current.hash };
  });
  if (hash) evictKeys([hash]);
  return toSummary(row);
}
