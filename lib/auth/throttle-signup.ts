// Sign-up rate limits (issue #16, point 3): per client IP (SIGNUP_IP_LIMIT per 10 minutes,
// taken as a burst if need be: a family or a class may sign up together) and per normalised
// email (5 per hour: enough to fix a typo, too few to hammer one address or flood its inbox
// with verification mail). Counted only for well-formed requests, before any password hashing.
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { takeWindowSlot, type Verdict, type WindowCount } from "@/lib/auth/throttle";
import { throttleStore } from "@/lib/auth/throttle-store";
import { emailFingerprint } from "@/lib/auth/normalize-email";
import { ipRateKey } from "@/lib/http/client-ip";

const IP_WINDOW_MS = 10 * 60_000;
const EMAIL_LIMIT = 5;
const EMAIL_WINDOW_MS = 60 * 60_000;

const windows = () => throttleStore<WindowCount>("signup.windows");

function refused(verdict: Verdict & { ok: false }): AppError {
  const seconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
  const wait = seconds >= 120 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} seconds`;
  return new AppError("rate_limit_exceeded", `Too many sign-ups. Please try again in ${wait}.`, null, { "retry-after": String(seconds) });
}

/** Counts one sign-up attempt, or throws a 429 AppError with retry-after. */
export async function takeSignupSlot(clientIp: string, normalizedEmail: string, now = Date.now()): Promise<void> {
  const byIp = await takeWindowSlot(windows(), `ip:${ipRateKey(clientIp)}`, env().SIGNUP_IP_LIMIT, IP_WINDOW_MS, now);
  if (!byIp.ok) throw refused(byIp);
  const byEmail = await takeWindowSlot(windows(), `email:${emailFingerprint(normalizedEmail)}`, EMAIL_LIMIT, EMAIL_WINDOW_MS, now);
  if (!byEmail.ok) throw refused(byEmail);
}
