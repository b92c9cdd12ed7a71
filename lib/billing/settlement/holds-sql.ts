// The statements behind holds (see holds.ts). Each keeps users.held equal to
// the sum of the account's credit_holds rows, and never lets balance − held go below zero.
import { pool } from "@/lib/db";
import { INCARNATION_PATTERN } from "@/lib/billing/settlement/holder-identity";

/**
 * How long a hold outlives its holder's last renewal before any process may sweep it. Holders
 * renew every 10 s and every process sweeps every 15 s (holds.ts), so a dead process's
 * holds are back with their accounts within 45 + 15 = 60 s of its death — at once when the
 * same instance restarts (releaseOtherIncarnations).
 */
export const HOLD_TTL_SECONDS = 45;

// Takes up to $3 (at least $4) of what the account has free, adds it to this holder's row.
// FOR UPDATE: concurrent takers on the account queue on its row and re-read what is free.
// Lock order: this holder's row (mine), then the account's — as the charge statement
// (charge-sql.ts) and every other statement here do. Locking the account first deadlocked a
// grow against a charge batch of the same process (holds-locking.int.test.ts). cur reads
// mine in a one-time filter, so the hold row is locked before the account row is read.
const ACQUIRE = `
WITH mine AS (
  SELECT 1 FROM credit_holds WHERE user_id = $1 AND holder = $2 FOR UPDATE
), cur AS (
  SELECT id, LEAST(balance - held, $3::bigint) AS g FROM users
  WHERE id = $1 AND balance - held >= $4::bigint AND (SELECT count(*) FROM mine) >= 0 FOR UPDATE
), upd AS (
  UPDATE users u SET held = u.held + cur.g FROM cur WHERE u.id = cur.id RETURNING cur.g
), hold AS (
  INSERT INTO credit_holds (user_id, holder, amount, expires_at)
  SELECT $1, $2, g, now() + make_interval(secs => ${HOLD_TTL_SECONDS}) FROM upd
  ON CONFLICT (user_id, holder) DO UPDATE
    SET amount = credit_holds.amount + excluded.amount, expires_at = excluded.expires_at
  RETURNING amount
)
SELECT (SELECT g FROM upd)::text AS granted, EXISTS (SELECT 1 FROM users WHERE id = $1) AS account`;

export type AcquireResult = { status: "granted"; amount: bigint } | { status: "insufficient" } | { status: "no_account" };

export async function acquireHold(userId: string, holder: string, want: bigint, min: bigint): Promise<AcquireResult> {
  const { rows } = await pool().query<{ granted: string | null; account: boolean }>({
    name: "credit_hold_acquire", text: ACQUIRE, values: [userId, holder, want.toString(), min.toString()],
  });
  const r = rows[0]!;
  if (r.granted !== null) return { status: "granted", amount: BigInt(r.granted) };
  return r.account ? { status: "insufficient" } : { status: "no_account" };
}

// Gives back part of this holder's row (never more than it holds); an emptied row goes away.
// The row is updated or deleted, never both: one statement may change a row only once.
const RELEASE = `
WITH cur AS (
  SELECT amount, LEAST(amount, $3::bigint) AS d FROM credit_holds WHERE user_id = $1 AND holder = $2 FOR UPDATE
), upd AS (
  UPDATE credit_holds h SET amount = h.amount - cur.d FROM cur
  WHERE h.user_id = $1 AND h.holder = $2 AND cur.d < cur.amount
), del AS (
  DELETE FROM credit_holds h USING cur WHERE h.user_id = $1 AND h.holder = $2 AND cur.d = cur.amount
)
UPDATE users u SET held = u.held - cur.d FROM cur WHERE u.id = $1`;

export async function releaseHold(userId: string, holder: string, amount: bigint): Promise<void> {
  await pool().query({ name: "credit_hold_release", text: RELEASE, values: [userId, holder, amount.toString()] });
}

/** Extends this holder's live rows; returns the accounts whose row still exists. */
export async function renewHolds(holder: string, userIds?: string[]): Promise<Set<string>> {
  const { rows } = await pool().query<{ user_id: string }>({
    name: userIds ? "credit_hold_renew_some" : "credit_hold_renew",
    text: `UPDATE credit_holds SET expires_at = now() + make_interval(secs => ${HOLD_TTL_SECONDS})
      WHERE holder = $1 AND amount > 0 ${userIds ? "AND user_id = ANY($2::text[])" : ""} RETURNING user_id`,
    values: userIds ? [holder, userIds] : [holder],
  });
  return new Set(rows.map((r) => r.user_id));
}

// Holds whose holder stopped renewing them (a crashed or frozen process) go back to their
// accounts. Their unwritten charges, if any, are lost with the process.
const SWEEP = `
WITH gone AS (DELETE FROM credit_holds WHERE expires_at < now() RETURNING user_id, amount),
per AS (SELECT user_id, sum(amount)::bigint AS s FROM gone GROUP BY user_id)
UPDATE users u SET held = u.held - per.s FROM per WHERE u.id = per.user_id`;

export async function sweepExpiredHolds(): Promise<number> {
  const r = await pool().query({ name: "credit_hold_sweep", text: SWEEP });
  return r.rowCount ?? 0;
}

// The holds of every other incarnation of an instance (`<instance>~<incarnation>`, see
// holder-identity.ts) go back to their accounts, whatever their expiry: the caller owns the
// instance's port, so those processes are dead. The pattern test keeps `a` from matching a
// holder of an instance named `a~b`.
const RELEASE_OTHER_INCARNATIONS = `
WITH gone AS (
  DELETE FROM credit_holds WHERE left(holder, length($1::text)) = $1::text AND holder <> $2::text
    AND substr(holder, length($1::text) + 1) ~ '${INCARNATION_PATTERN}'
  RETURNING user_id, amount
), per AS (
  SELECT user_id, sum(amount)::bigint AS s FROM gone GROUP BY user_id
), upd AS (
  UPDATE users u SET held = u.held - per.s FROM per WHERE u.id = per.user_id RETURNING u.id
)
SELECT (SELECT count(*) FROM gone)::int AS holds, (SELECT count(*) FROM upd)::int AS accounts`;

/** Releases the holds of `instance`'s incarnations other than `holder`; counts what went back. */
export async function releaseOtherIncarnations(instance: string, holder: string): Promise<{ holds: number; accounts: number }> {
  const { rows } = await pool().query<{ holds: number; accounts: number }>({
    name: "credit_hold_release_incarnations", text: RELEASE_OTHER_INCARNATIONS, values: [`${instance}~`, holder],
  });
  return rows[0]!;
}
