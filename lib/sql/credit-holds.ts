// The statements behind holds (lib/billing/settlement/holds.ts). Each keeps users.held equal to
// the sum of the account's credit_holds rows, and never lets balance − held go below zero.
// Request path: acquireHold runs when a reservation outgrows this process's hold.
import { INCARNATION_PATTERN } from "@/lib/billing/settlement/holder-identity";
import { definedCommand, definedQuery } from "@/lib/sql/query";
import { bigintOrNull, bool, int, str, type Row } from "@/lib/sql/rows";

/**
 * How long a hold outlives its holder's last renewal before any process may sweep it. Holders
 * renew every 10 s and every process sweeps every 15 s (holds.ts), so a dead process's
 * holds are back with their accounts within 45 + 15 = 60 s of its death — at once when the
 * same instance restarts (releaseOtherIncarnations).
 */
export const HOLD_TTL_SECONDS = 45;

// Takes up to $3 (at least $4) of what the account has free, adds it to this holder's row.
// $5 (a fair share): at most $4 plus half of what is free beyond it, so another process can
// always take its own reservation from what is left (holds.ts).
// FOR UPDATE: concurrent takers on the account queue on its row and re-read what is free.
// Lock order: this holder's row (mine), then the account's — as the charge statement
// (charges.ts) and every other statement here do. Locking the account first deadlocked a
// grow against a charge batch of the same process (holds-locking.int.test.ts). cur reads
// mine in a one-time filter, so the hold row is locked before the account row is read.
const acquire = definedQuery<[userId: string, holder: string, want: string, min: string, share: boolean], { granted: bigint | null; account: boolean }>({
  name: "credit_hold_acquire",
  text: `
WITH mine AS (
  SELECT 1 FROM credit_holds WHERE user_id = $1 AND holder = $2 FOR UPDATE
), cur AS (
  SELECT id, LEAST(balance - held, $3::bigint,
    CASE WHEN $5::boolean THEN $4::bigint + (balance - held - $4::bigint) / 2 ELSE balance - held END) AS g FROM users
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
SELECT (SELECT g FROM upd)::text AS granted, EXISTS (SELECT 1 FROM users WHERE id = $1) AS account`,
  parse: (r) => ({ granted: bigintOrNull(r, "granted"), account: bool(r, "account") }),
});

export type AcquireResult = { status: "granted"; amount: bigint } | { status: "insufficient" } | { status: "no_account" };

export async function acquireHold(userId: string, holder: string, want: bigint, min: bigint, share = false): Promise<AcquireResult> {
  const r = await acquire.first([userId, holder, want.toString(), min.toString(), share]);
  if (r?.granted != null) return { status: "granted", amount: r.granted };
  return r?.account ? { status: "insufficient" } : { status: "no_account" };
}

// Gives back part of this holder's row (never more than it holds); an emptied row goes away.
// The row is updated or deleted, never both: one statement may change a row only once.
const release = definedCommand<[userId: string, holder: string, amount: string]>({
  name: "credit_hold_release",
  text: `
WITH cur AS (
  SELECT amount, LEAST(amount, $3::bigint) AS d FROM credit_holds WHERE user_id = $1 AND holder = $2 FOR UPDATE
), upd AS (
  UPDATE credit_holds h SET amount = h.amount - cur.d FROM cur
  WHERE h.user_id = $1 AND h.holder = $2 AND cur.d < cur.amount
), del AS (
  DELETE FROM credit_holds h USING cur WHERE h.user_id = $1 AND h.holder = $2 AND cur.d = cur.amount
)
UPDATE users u SET held = u.held - cur.d FROM cur WHERE u.id = $1`,
});

export async function releaseHold(userId: string, holder: string, amount: bigint): Promise<void> {
  await release.run([userId, holder, amount.toString()]);
}

const RENEW = `UPDATE credit_holds SET expires_at = now() + make_interval(secs => ${HOLD_TTL_SECONDS})
  WHERE holder = $1 AND amount > 0`;
const userIdOf = (r: Row) => str(r, "user_id");
const renewAll = definedQuery<[holder: string], string>({ name: "credit_hold_renew", text: `${RENEW} RETURNING user_id`, parse: userIdOf });
const renewSome = definedQuery<[holder: string, userIds: string[]], string>({
  name: "credit_hold_renew_some", text: `${RENEW} AND user_id = ANY($2::text[]) RETURNING user_id`, parse: userIdOf,
});

/** Extends this holder's live rows; returns the accounts whose row still exists. */
export async function renewHolds(holder: string, userIds?: string[]): Promise<Set<string>> {
  return new Set(userIds ? await renewSome.all([holder, userIds]) : await renewAll.all([holder]));
}

// Holds whose holder stopped renewing them (a crashed or frozen process) go back to their
// accounts. Their unwritten charges, if any, are lost with the process.
const sweep = definedCommand<[]>({
  name: "credit_hold_sweep",
  text: `
WITH gone AS (DELETE FROM credit_holds WHERE expires_at < now() RETURNING user_id, amount),
per AS (SELECT user_id, sum(amount)::bigint AS s FROM gone GROUP BY user_id)
UPDATE users u SET held = u.held - per.s FROM per WHERE u.id = per.user_id`,
});

/** Returns the number of accounts that got holds back. */
export function sweepExpiredHolds(): Promise<number> {
  return sweep.run([]);
}

// The holds of every other incarnation of an instance (`<instance>~<incarnation>`, see
// holder-identity.ts) go back to their accounts, whatever their expiry: the caller owns the
// instance's port, so those processes are dead. The pattern test keeps `a` from matching a
// holder of an instance named `a~b`.
const releaseIncarnations = definedQuery<[instancePrefix: string, holder: string], { holds: number; accounts: number }>({
  name: "credit_hold_release_incarnations",
  text: `
WITH gone AS (
  DELETE FROM credit_holds WHERE left(holder, length($1::text)) = $1::text AND holder <> $2::text
    AND substr(holder, length($1::text) + 1) ~ '${INCARNATION_PATTERN}'
  RETURNING user_id, amount
), per AS (
  SELECT user_id, sum(amount)::bigint AS s FROM gone GROUP BY user_id
), upd AS (
  UPDATE users u SET held = u.held - per.s FROM per WHERE u.id = per.user_id RETURNING u.id
)
SELECT (SELECT count(*) FROM gone)::int AS holds, (SELECT count(*) FROM upd)::int AS accounts`,
  parse: (r) => ({ holds: int(r, "holds"), accounts: int(r, "accounts") }),
});

/** Releases the holds of `instance`'s incarnations other than `holder`; counts what went back. */
export async function releaseOtherIncarnations(instance: string, holder: string): Promise<{ holds: number; accounts: number }> {
  return (await releaseIncarnations.first([`${instance}~`, holder])) ?? { holds: 0, accounts: 0 };
}
