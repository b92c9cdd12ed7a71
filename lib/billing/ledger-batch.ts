// Coalesces the gateway's ledger writes (reservations, releases, refunds) that one account
// makes in the same event-loop turn into one statement. A burst of parallel requests from one
// customer otherwise queues on that account's balance row, one commit at a time; one
// statement for the burst takes one row lock and one commit. Each caller still gets its own
// result: when the combined statement cannot apply (a duplicate source, the floor, no
// account) the entries are applied one by one, in arrival order, exactly as before.
import { pool } from "@/lib/db";
import { applyLedgerEntriesAtomically, applyLedgerEntry, type LedgerResult, type LedgerWrite } from "@/lib/billing/ledger";
import { sqlFromPool } from "@/lib/billing/sql";

type Pending = { w: LedgerWrite; resolve: (r: LedgerResult) => void; reject: (e: unknown) => void };

const groups = new Map<string, Pending[]>();
let scheduled = false;

/** Like applyLedgerEntry on the pool, batched with same-turn writes of the same account. */
export function applyLedgerEntryCoalesced(w: LedgerWrite): Promise<LedgerResult> {
  // Only same-sign groups are combined: credits without a floor, debits with floor 0.
  const group = w.floor === undefined && w.amount >= 0n ? "credit" : w.floor === 0n && w.amount <= 0n ? "debit" : null;
  if (group === null) return applyLedgerEntry(sqlFromPool(pool()), w);
  return new Promise((resolve, reject) => {
    const key = `${w.userId}|${group}`;
    const list = groups.get(key);
    if (list) list.push({ w, resolve, reject });
    else groups.set(key, [{ w, resolve, reject }]);
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush); // after this turn's I/O callbacks: every request read in it joins
    }
  });
}

function flush(): void {
  scheduled = false;
  const batch = [...groups.values()];
  groups.clear();
  for (const list of batch) void applyGroup(list);
}

async function applyGroup(list: Pending[]): Promise<void> {
  const sql = sqlFromPool(pool());
  try {
    if (list.length > 1) {
      const first = list[0]!.w;
      const balances = await applyLedgerEntriesAtomically(sql, first.userId, list.map((p) => p.w), first.floor ?? null);
      if (balances) {
        list.forEach((p, i) => p.resolve({ status: "applied", balance: balances[i]! }));
        return;
      }
    }
    for (const p of list) p.resolve(await applyLedgerEntry(sql, p.w));
  } catch (err) {
    for (const p of list) p.reject(err);
  }
}
