// An account's balance as billing sees it: `balance` (the ledger's sum) and `held` (what
// gateway processes hold for in-flight requests; balance − held is what can still be reserved).
import { accountBalanceRow } from "@/lib/sql/users";

export type AccountBalance = { balance: bigint; held: bigint };

/** null when the account does not exist. One prepared statement. */
export function accountBalance(userId: string): Promise<AccountBalance | null> {
  return accountBalanceRow(userId);
}
