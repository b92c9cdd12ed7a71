// An account's balance with which of a given set of request logs are already written: the
// orchestration endpoints report `remaining_credits` after their sub-calls, whose charges the
// charge writer may not have written yet (lib/billing/balance-after.ts). One statement, so the
// balance and the written rows come from the same snapshot (a log and its charge are written
// together, lib/sql/charges.ts).
import { definedQuery } from "@/lib/sql/query";
import { bigint } from "@/lib/sql/rows";

const balanceWithWritten = definedQuery<[userId: string, logIds: string[]], { balance: bigint; written: bigint }>({
  name: "account_balance_with_written_logs",
  text: `SELECT u.balance::text AS balance,
  (SELECT coalesce(sum(l.cost_units), 0)::text FROM request_logs l WHERE l.user_id = $1 AND l.id = ANY($2::text[])) AS written
FROM users u WHERE u.id = $1`,
  parse: (r) => ({ balance: bigint(r, "balance"), written: bigint(r, "written") }),
});

/** The balance and the summed cost of those of `logIds` already written; null: no such account. */
export function balanceWithWrittenLogs(userId: string, logIds: string[]): Promise<{ balance: bigint; written: bigint } | null> {
  return balanceWithWritten.first([userId, logIds]);
}
