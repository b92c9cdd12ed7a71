// api_keys on the request path (the key lookup, "last used"), and each key's spend from the
// daily rollups (keys page, GET /keys). Key CRUD goes through Prisma (lib/api-keys/manage-keys.ts).
import type { CachedKey } from "@/lib/api-keys/key-cache";
import { OPTIMIZATION_GOALS, type OptimizationGoal } from "@/lib/gateway/formats/types";
import { definedCommand, definedQuery } from "@/lib/sql/query";
import {
  ColumnTypeError, bigint, bigintOrNull, bool, dateOrNull, intOrNull, str, strArray, strOrNull, type Row,
} from "@/lib/sql/rows";

function keyMode(r: Row): CachedKey["mode"] {
  const v = str(r, "mode");
  if (v !== "live" && v !== "test") throw new ColumnTypeError("mode", "'live' or 'test'", "another string");
  return v;
}

function goal(r: Row): OptimizationGoal | null {
  const v = strOrNull(r, "default_goal");
  if (v === null || (OPTIMIZATION_GOALS as readonly string[]).includes(v)) return v as OptimizationGoal | null;
  throw new ColumnTypeError("default_goal", "an optimization goal or null", "another string");
}

// One prepared statement per cache miss; the result is cached (lib/api-keys/key-cache.ts).
const lookup = definedQuery<[hash: string], CachedKey>({
  name: "api_key_lookup",
  text: `SELECT k.id, k.user_id, k.revoked_at, k.expires_at, k.disabled_at, k.can_manage, k.mode, k.rpm_limit,
  k.tpm_limit, k.concurrency_limit, k.budget_daily::text, k.budget_monthly::text, k.budget_total::text, k.allowed_models,
  k.default_goal, p.name AS policy, u.zero_retention
FROM api_keys k JOIN users u ON u.id = k.user_id LEFT JOIN routing_policies p ON p.id = k.default_policy_id
WHERE k.hash = $1`,
  parse: (r) => {
    const expires = dateOrNull(r, "expires_at");
    return {
      keyId: str(r, "id"), userId: str(r, "user_id"), revoked: dateOrNull(r, "revoked_at") !== null,
      disabled: dateOrNull(r, "disabled_at") !== null, expiresAt: expires ? expires.getTime() : null,
      canManage: bool(r, "can_manage"), mode: keyMode(r),
      rpmLimit: intOrNull(r, "rpm_limit"), tpmLimit: intOrNull(r, "tpm_limit"), concurrencyLimit: intOrNull(r, "concurrency_limit"),
      budgetDaily: bigintOrNull(r, "budget_daily"), budgetMonthly: bigintOrNull(r, "budget_monthly"),
      budgetTotal: bigintOrNull(r, "budget_total"), allowedModels: strArray(r, "allowed_models"),
      defaultGoal: goal(r), policy: strOrNull(r, "policy"), zeroRetention: bool(r, "zero_retention"),
    };
  },
});

/** The key with this SHA-256 hash and its account's settings, or null when there is none. */
export function findKeyByHash(hash: string): Promise<CachedKey | null> {
  return lookup.first([hash]);
}

const touch = definedCommand<[keyId: string]>({
  name: "api_key_touch", text: "UPDATE api_keys SET last_used_at = now() WHERE id = $1",
});

export async function touchKey(keyId: string): Promise<void> {
  await touch.run([keyId]);
}

/** A key's charged spend (units) in the current UTC day and month, and in all. */
export type KeySpend = { today: bigint; month: bigint; total: bigint };

// The daily rollups hold each key's cost per UTC day (`day` is the UTC midnight): one index
// range per key (usage_rollups_daily_api_key_id_day_idx), whatever the account's other keys did.
const SPEND_COLUMNS = `api_key_id,
  coalesce(sum(cost_units) FILTER (WHERE day >= date_trunc('day', now() AT TIME ZONE 'UTC')), 0)::text AS today,
  coalesce(sum(cost_units) FILTER (WHERE day >= date_trunc('month', now() AT TIME ZONE 'UTC')), 0)::text AS month,
  coalesce(sum(cost_units), 0)::text AS total`;

const parseSpend = (r: Row): [string, KeySpend] =>
  [str(r, "api_key_id"), { today: bigint(r, "today"), month: bigint(r, "month"), total: bigint(r, "total") }];

const spendOfAccount = definedQuery<[userId: string], [string, KeySpend]>({
  name: "api_key_spend_account",
  text: `SELECT ${SPEND_COLUMNS} FROM usage_rollups_daily WHERE user_id = $1 AND api_key_id <> '' GROUP BY api_key_id`,
  parse: parseSpend,
});

const spendOfKey = definedQuery<[keyId: string, userId: string], [string, KeySpend]>({
  name: "api_key_spend_one",
  text: `SELECT ${SPEND_COLUMNS} FROM usage_rollups_daily WHERE api_key_id = $1 AND user_id = $2 GROUP BY api_key_id`,
  parse: parseSpend,
});

export const NO_SPEND: KeySpend = Object.freeze({ today: 0n, month: 0n, total: 0n });

/** Spend per key id for every key of the account that has spent anything. */
export async function spendByKey(userId: string): Promise<Map<string, KeySpend>> {
  return new Map(await spendOfAccount.all([userId]));
}

export async function spendOfOneKey(userId: string, keyId: string): Promise<KeySpend> {
  return (await spendOfKey.first([keyId, userId]))?.[1] ?? NO_SPEND;
}

// The budget holds' read (lib/billing/settlement/budget-holds.ts): one key's spend since the
// given UTC day and month starts, from the caller's clock (the windows it then keeps current),
// not the database's. `day` is timestamp-without-zone holding UTC: the bounds come as UTC text.
const spendSince = definedQuery<[keyId: string, userId: string, dayStart: string, monthStart: string], KeySpend>({
  name: "api_key_spend_since",
  text: `SELECT coalesce(sum(cost_units) FILTER (WHERE day >= $3::timestamp), 0)::text AS today,
  coalesce(sum(cost_units) FILTER (WHERE day >= $4::timestamp), 0)::text AS month,
  coalesce(sum(cost_units), 0)::text AS total
FROM usage_rollups_daily WHERE api_key_id = $1 AND user_id = $2`,
  parse: (r) => ({ today: bigint(r, "today"), month: bigint(r, "month"), total: bigint(r, "total") }),
});

/** A key's spend in the UTC day and month starting at these instants (ms), and in all. */
export async function keySpendSince(userId: string, keyId: string, dayStartMs: number, monthStartMs: number): Promise<KeySpend> {
  const utc = (ms: number) => new Date(ms).toISOString().slice(0, 23);
  return (await spendSince.first([keyId, userId, utc(dayStartMs), utc(monthStartMs)])) ?? NO_SPEND;
}
