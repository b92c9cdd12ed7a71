// The welcome credits: once per mailbox, ever. The ledger's unique (kind, source_id) key is
// `signup:<sha256 of the normalised email>`, so deleting an account and signing up again
// (with any variant of the address) finds the grant already made, and the ledger holds no
// address. Run inside the transaction that creates or verifies the account.
import { env } from "@/lib/env";
import { creditsToUnits } from "@/lib/billing/money";
import { applyLedgerEntry, ledgerEntryExists } from "@/lib/billing/ledger";
import type { Sql } from "@/lib/sql/executor";
import { emailFingerprint } from "@/lib/auth/normalize-email";

export function welcomeSourceId(normalizedEmail: string): string {
  return `signup:${emailFingerprint(normalizedEmail)}`;
}

/** The welcome credits this mailbox would still get now (0 once granted, or when switched off). */
export async function welcomeCreditsDue(sql: Sql, normalizedEmail: string): Promise<number> {
  const credits = env().SIGNUP_CREDITS;
  if (credits <= 0) return 0;
  return (await ledgerEntryExists("grant", welcomeSourceId(normalizedEmail), sql)) ? 0 : credits;
}

/** Grants the welcome credits to `userId` unless this mailbox had them. Returns the credits granted. */
export async function grantWelcomeCredits(sql: Sql, userId: string, normalizedEmail: string): Promise<number> {
  const credits = await welcomeCreditsDue(sql, normalizedEmail);
  if (credits === 0) return 0;
  const result = await applyLedgerEntry(sql, {
    userId, kind: "grant", amount: creditsToUnits(credits),
    sourceId: welcomeSourceId(normalizedEmail), description: `Welcome credits (${credits})`,
  });
  // A duplicate here means another account of this mailbox was granted between our check and
  // now; the unique violation has aborted the transaction, so it must not look like success.
  if (result.status !== "applied") throw new Error(`welcome grant not applied: ${result.status}`);
  return credits;
}
