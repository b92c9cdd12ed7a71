// An account's money as tests read it back from Postgres: the balance, Σ of its ledger, and the
// credit-hold picture (users.held and Σ of its credit_holds rows). Reads only; every write goes
// through lib/billing.
import { pool } from "@/lib/sql/pool";

export async function balanceOf(userId: string): Promise<bigint> {
  const { rows } = await pool().query<{ balance: string }>("SELECT balance FROM users WHERE id = $1", [userId]);
  return BigInt(rows[0]!.balance);
}

export async function ledgerSum(userId: string): Promise<bigint> {
  const { rows } = await pool().query<{ s: string | null }>(
    "SELECT sum(amount)::bigint AS s FROM ledger_entries WHERE user_id = $1", [userId]);
  return BigInt(rows[0]?.s ?? 0);
}

/** balance, users.held, Σ credit_holds and Σ ledger of an account, in one read. */
export async function accountMoney(userId: string): Promise<{ balance: bigint; held: bigint; holds: bigint; ledger: bigint }> {
  const { rows } = await pool().query<{ balance: string; held: string; holds: string; ledger: string }>(
    `SELECT u.balance::text, u.held::text,
       (SELECT coalesce(sum(amount), 0) FROM credit_holds WHERE user_id = u.id)::text AS holds,
       (SELECT coalesce(sum(amount), 0) FROM ledger_entries WHERE user_id = u.id)::text AS ledger
     FROM users u WHERE u.id = $1`, [userId]);
  const r = rows[0]!;
  return { balance: BigInt(r.balance), held: BigInt(r.held), holds: BigInt(r.holds), ledger: BigInt(r.ledger) };
}
