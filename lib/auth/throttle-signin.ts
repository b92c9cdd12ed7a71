// Sign-in throttling (issue #16, point 5). Three failure counters, each with exponential
// backoff (lib/auth/throttle.ts):
//   - account + IP: 5 free failures, then 1 s doubling up to 15 min. Only the guessing client
//     waits long; a success resets it.
//   - IP, across all accounts: 50 free failures, then the same backoff (password spraying).
//   - account, across all IPs: 20 free failures, then 1 s doubling but capped at 60 s. This is
//     the only counter a distributed attacker can push for someone else's account, hence the
//     short cap; and it is skipped for an IP this account signed in from in the last 30 days,
//     so the real user's usual network is never locked out by it.
// Counters key on the normalised email (whether or not an account exists, so answers do not
// reveal which emails are registered), hashed so no address sits in the store.
import { authenticatePassword, type PublicUser } from "@/lib/auth/accounts";
import { emailFingerprint, normalizeEmail } from "@/lib/auth/normalize-email";
import { beginAttempt, clearFailures, forgiveAttempt, stampFailure, type BackoffPolicy, type Failures } from "@/lib/auth/throttle";
import { throttleStore } from "@/lib/auth/throttle-store";
import { ipRateKey } from "@/lib/http/client-ip";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const PAIR: BackoffPolicy = { free: 5, baseDelayMs: 1_000, maxDelayMs: 15 * MINUTE, forgetAfterMs: 6 * HOUR };
const IP: BackoffPolicy = { free: 50, baseDelayMs: 1_000, maxDelayMs: 15 * MINUTE, forgetAfterMs: HOUR };
const ACCOUNT: BackoffPolicy = { free: 20, baseDelayMs: 1_000, maxDelayMs: MINUTE, forgetAfterMs: HOUR };
const KNOWN_IP_MS = 30 * 24 * HOUR;

const failures = () => throttleStore<Failures>("signin.failures");
const knownIps = () => throttleStore<true>("signin.knownIps");

/** The `error` next-auth puts on /login when authorize throws; authErrorMessage reads it. */
export const THROTTLED_PREFIX = "TooManyAttempts:";

export class SignInThrottledError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`${THROTTLED_PREFIX}${retryAfterSeconds}`);
    this.name = "SignInThrottledError";
  }
}

type Rule = { key: string; policy: BackoffPolicy };

async function isKnownIp(account: string, ip: string, now: number): Promise<boolean> {
  let known = false;
  await knownIps().update(`${account}|${ip}`, (current) => {
    known = current === true;
    return null;
  }, now);
  return known;
}

/**
 * Checks the password unless a counter is locked (then throws SignInThrottledError before
 * any bcrypt work). Returns the user, or null for a wrong email or password.
 */
export async function signInWithThrottle(
  email: string, password: string, clientIp: string, clock: () => number = Date.now,
): Promise<PublicUser | null> {
  const now = clock();
  const account = emailFingerprint(normalizeEmail(email));
  const ip = ipRateKey(clientIp);
  const pair: Rule = { key: `pair:${account}|${ip}`, policy: PAIR };
  const rules: Rule[] = [pair, { key: `ip:${ip}`, policy: IP }];
  if (!(await isKnownIp(account, ip, now))) rules.push({ key: `acct:${account}`, policy: ACCOUNT });

  const started: Rule[] = [];
  for (const rule of rules) {
    const verdict = await beginAttempt(failures(), rule.key, rule.policy, now);
    if (!verdict.ok) {
      // This attempt is not made: take back what the earlier rules counted for it.
      for (const r of started) await forgiveAttempt(failures(), r.key, r.policy, now);
      throw new SignInThrottledError(Math.max(1, Math.ceil(verdict.retryAfterMs / 1000)));
    }
    started.push(rule);
  }

  let user: PublicUser | null;
  try {
    user = await authenticatePassword(email, password);
  } catch (err) {
    // Not the user's failure (the database is down): take back what this attempt counted.
    for (const r of started) await forgiveAttempt(failures(), r.key, r.policy, clock());
    throw err;
  }
  const done = clock();
  if (!user) {
    // Every counter keeps the failure counted above; its wait starts now.
    for (const r of started) await stampFailure(failures(), r.key, r.policy, done);
    return null;
  }
  await clearFailures(failures(), pair.key, done);
  for (const r of started) if (r !== pair) await forgiveAttempt(failures(), r.key, r.policy, done);
  await knownIps().update(`${account}|${ip}`, () => ({ value: true, ttlMs: KNOWN_IP_MS }), done);
  return user;
}
