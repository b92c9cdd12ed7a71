// The balance an account is left with after some settled requests whose charges may still be
// waiting in the charge writer's queue (settle.ts → charge-writer.ts): the balance this
// process's last charge batch for the account returned, when it is fresh (balance-view.ts),
// else the database's balance; minus those of the charges not written yet. Read only — no
// write on the response path. Exact for the requests named; other requests of the account
// count once they are written (as GET /credits sees them) and, from other processes, once
// this process learns the balance again (at most FRESH_MS later: balance-view.ts).
import { knownBalanceAfter } from "@/lib/billing/settlement/balance-view";
import { balanceWithWrittenLogs } from "@/lib/sql/balance-after";

export type SettledCharge = { readonly logId: string; readonly charge: bigint };

/** null when the account does not exist. No round trip when the balance is known, else one prepared statement. */
export async function balanceAfter(userId: string, charges: readonly SettledCharge[]): Promise<bigint | null> {
  const known = knownBalanceAfter(userId, charges);
  if (known !== undefined) return known;
  let total = 0n;
  for (const c of charges) total += c.charge;
  const r = await balanceWithWrittenLogs(userId, charges.map((c) => c.logId));
  return r === null ? null : r.balance - (total - r.written);
}
