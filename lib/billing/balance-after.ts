// The balance an account is left with after some settled requests whose charges may still be
// waiting in the charge writer's queue (settle.ts → charge-writer.ts): the database's balance
// minus those of the charges it has not written yet. Read only — no write on the response path.
// Exact for the requests named; other requests of the account count once they are written
// (as GET /credits sees them).
import { balanceWithWrittenLogs } from "@/lib/sql/balance-after";

export type SettledCharge = { readonly logId: string; readonly charge: bigint };

/** null when the account does not exist. One prepared statement. */
export async function balanceAfter(userId: string, charges: readonly SettledCharge[]): Promise<bigint | null> {
  let total = 0n;
  for (const c of charges) total += c.charge;
  const r = await balanceWithWrittenLogs(userId, charges.map((c) => c.logId));
  return r === null ? null : r.balance - (total - r.written);
}
