// One mailbox, one account: the key that decides whether two addresses are "the same" for
// sign-up (users.email_normalized), the welcome grant and sign-in throttling. It only ever
// merges addresses (the stored and displayed email stays what the user typed, lowercased), so
// a wrong guess costs a 409, never access to someone else's account.
//
// The same rules run in SQL in prisma/migrations/20261206100100_signup_hardening (backfill):
// change both together.
import crypto from "node:crypto";

// Providers where dots in the local part are ignored; googlemail.com is an alias of gmail.com.
const DOTLESS_DOMAINS = new Set(["gmail.com"]);
const DOMAIN_ALIASES: Record<string, string> = { "googlemail.com": "gmail.com" };

/**
 * Lowercase, trimmed, `+tag` removed from the local part, dots removed for gmail-style
 * domains, googlemail.com → gmail.com. A local part that would become empty is kept as is.
 */
export function normalizeEmail(email: string): string {
  const lower = email.trim().toLowerCase();
  const at = lower.lastIndexOf("@");
  if (at <= 0 || at === lower.length - 1) return lower;
  const rawDomain = lower.slice(at + 1);
  const domain = DOMAIN_ALIASES[rawDomain] ?? rawDomain;
  const rawLocal = lower.slice(0, at);
  let local = rawLocal.split("+", 1)[0]!;
  if (DOTLESS_DOMAINS.has(domain)) local = local.replaceAll(".", "");
  return `${local || rawLocal}@${domain}`;
}

/** Lowercase hex SHA-256 of the normalised email: an identity that holds no address. */
export function emailFingerprint(normalizedEmail: string): string {
  return crypto.createHash("sha256").update(normalizedEmail, "utf8").digest("hex");
}
