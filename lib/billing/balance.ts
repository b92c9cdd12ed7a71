// An account's balance as billing sees it: `balance` (the ledger's sum) and `held` (what
// gateway processes hold for in-flight requests; balance − held is what can still be reserved).
import { pool } from "@/lib/db";

export type AccountBalance = { balance: bigint; held: bigint };

/** null when the account does not exist. One prepared statement. */
export async function accountBalance(userId: string): Promise<AccountBalance | null> {
  const { rows } = await pool().query<{ balance: string; held: string }>({
    name: "account_balance", text: "SELECT balance::text, held::text FROM users WHERE id = $1", values: [userId],
  });
  const r = rows[0];
  return r ? { balance: BigInt(r.balance), held: BigInt(r.held) } : null;
}
