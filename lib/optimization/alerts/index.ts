// The account's alerts (issue #22.7): the rules (rules.ts) over its hourly rollups and balance,
// minus the ones dismissed for the window they fire in. A dismissal names the alert and its
// window; the same condition in a later window is a new alert.
import { z } from "zod";
import { accountBalance } from "@/lib/billing/balance";
import { AppError } from "@/lib/errors";
import { alertDismissalsSince, hourlyRollupsSince, insertAlertDismissal } from "@/lib/sql/alerts";
import { computeAlerts, lookbackStart } from "./rules";
import type { Alert } from "./types";

export type { Alert, AlertKind } from "./types";

function dismissalId(key: string, windowStart: Date): string {
  return `${key}@${windowStart.toISOString()}`;
}

export async function alertsFor(userId: string, now: Date = new Date()): Promise<Alert[]> {
  const since = lookbackStart(now);
  const [rows, balance, dismissed] = await Promise.all([
    hourlyRollupsSince(userId, since), accountBalance(userId), alertDismissalsSince(userId, since),
  ]);
  const hidden = new Set(dismissed.map((d) => dismissalId(d.alertKey, d.windowStart)));
  return computeAlerts({ rows, balanceUnits: balance?.balance ?? null, now })
    .filter((a) => !hidden.has(dismissalId(a.key, a.windowStart)));
}

const dismissSchema = z.strictObject({
  key: z.string().min(1).max(300).regex(/^[a-z_]+(:[\x21-\x7e]{1,250})?$/),
  windowStart: z.iso.datetime(),
});

/**
 * Hides the alert `key` for the window starting at `windowStart` (from the browser: parsed,
 * and only windows the rules can still show are accepted).
 */
export async function dismissAlert(userId: string, input: unknown, now: Date = new Date()): Promise<void> {
  const r = dismissSchema.safeParse(input);
  if (!r.success) throw new AppError("invalid_request", "Invalid alert.");
  const windowStart = new Date(r.data.windowStart);
  const since = lookbackStart(now);
  if (windowStart < since || windowStart.getTime() > now.getTime()) throw new AppError("invalid_request", "That alert's window is over.");
  await insertAlertDismissal(userId, r.data.key, windowStart, since);
}
