// Issue #16 point 5: sign-in throttling through next-auth's real credentials `authorize`
// (lib/auth/options.ts) and, for the timing rules, signInWithThrottle with a chosen clock.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db";
import { authOptions } from "@/lib/auth/options";
import { signInWithThrottle, SignInThrottledError } from "@/lib/auth/throttle-signin";
import { authErrorMessage } from "@/lib/dashboard/safe-callback";
import { assertTestDatabase } from "@/lib/testing/db-guard";
import { createTestUser } from "@/lib/testing/fixtures";

const PASSWORD = "correct horse battery"; // lib/testing/fixtures.ts
const freshIp = () => `10.${[0, 0, 0].map(() => crypto.randomInt(1, 255)).join(".")}`;

type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<{ id: string } | null>;

/** The authorize next-auth calls for POST /api/auth/callback/credentials. */
function realAuthorize(): Authorize {
  const provider = authOptions().providers.find((p) => p.id === "credentials");
  return (provider as unknown as { options: { authorize: Authorize } }).options.authorize;
}

const signIn = (email: string, password: string, ip: string) =>
  realAuthorize()({ email, password }, { headers: { "x-switchyard-client-ip": ip } });

/** signInWithThrottle at a chosen time: "ok", "wrong", or the wait in seconds. */
async function attempt(email: string, password: string, ip: string, now: number): Promise<"ok" | "wrong" | number> {
  try {
    return (await signInWithThrottle(email, password, ip, () => now)) ? "ok" : "wrong";
  } catch (err) {
    if (err instanceof SignInThrottledError) return err.retryAfterSeconds;
    throw err;
  }
}

describe("sign-in throttling", () => {
  beforeAll(() => assertTestDatabase());
  afterAll(() => closeDb());

  it("50 wrong passwords in a row: 5 plain failures, then 'Too many attempts, try again in N s' — the right password too", async () => {
    const { email } = await createTestUser();
    const ip = freshIp();
    const outcomes: string[] = [];
    for (let i = 0; i < 50; i++) {
      outcomes.push(await signIn(email, "wrong password!", ip).then((u) => (u ? "user" : "null"), (e: Error) => e.message));
    }
    expect(outcomes.slice(0, 5)).toEqual(Array(5).fill("null"));
    for (const o of outcomes.slice(5)) expect(o).toMatch(/^TooManyAttempts:\d+$/);
    // next-auth puts the thrown message in /login?error=…; the sign-in form and page show:
    expect(authErrorMessage(outcomes[5])).toBe("Too many attempts, try again in 1 s.");
    await expect(signIn(email, PASSWORD, ip)).rejects.toThrow(/^TooManyAttempts:/);
  });

  it("lets only 5 of 20 parallel guesses reach the password check", async () => {
    const { email } = await createTestUser();
    const ip = freshIp();
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => signIn(email, "wrong password!", ip)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(15);
  });

  it("backs off from 1 s, doubling per failure, up to 15 minutes for the guessing client", async () => {
    const { email } = await createTestUser();
    const ip = freshIp();
    let now = Date.now();
    for (let i = 0; i < 5; i++) expect(await attempt(email, "wrong password!", ip, now)).toBe("wrong");
    const waits: number[] = [];
    for (let i = 0; i < 13; i++) {
      const wait = await attempt(email, "wrong password!", ip, now);
      expect(typeof wait).toBe("number");
      waits.push(wait as number);
      now += (wait as number) * 1000; // the attacker comes back exactly when allowed
      expect(await attempt(email, "wrong password!", ip, now)).toBe("wrong");
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900]);
  });

  it("a success after the wait resets the account+IP counter", async () => {
    const { email } = await createTestUser();
    const ip = freshIp();
    const t0 = Date.now();
    for (let i = 0; i < 5; i++) await attempt(email, "wrong password!", ip, t0);
    expect(await attempt(email, PASSWORD, ip, t0 + 500)).toBe(1);
    expect(await attempt(email, PASSWORD, ip, t0 + 1_000)).toBe("ok");
    for (let i = 0; i < 5; i++) expect(await attempt(email, "wrong password!", ip, t0 + 1_000)).toBe("wrong");
    expect(await attempt(email, "wrong password!", ip, t0 + 1_000)).toBe(1);
  });

  it("keys on the normalised email: case and plus-tag variants share one counter", async () => {
    const ip = freshIp();
    const local = `variant-${crypto.randomBytes(4).toString("hex")}`;
    const t0 = Date.now();
    for (let i = 0; i < 5; i++) expect(await attempt(`${local}+${i}@Example.test`, "wrong password!", ip, t0)).toBe("wrong");
    expect(await attempt(`${local.toUpperCase()}@example.test`, "wrong password!", ip, t0)).toBe(1);
  });

  it("a distributed attacker cannot lock the real user out for more than a minute, and not at all on a network they signed in from", async () => {
    const { email } = await createTestUser();
    const homeIp = freshIp();
    let now = Date.now();
    expect(await attempt(email, PASSWORD, homeIp, now)).toBe("ok"); // the user's usual network

    // The attacker rotates IPs (3 guesses each, under the per-IP-pair limit) and retries as
    // soon as the account-wide counter allows, for as long as it takes to reach its cap.
    let longestWait = 0;
    for (let i = 0; i < 40 && longestWait < 60; i++) {
      const ip = freshIp();
      for (let j = 0; j < 3; j++) {
        const r = await attempt(email, "wrong password!", ip, now);
        if (typeof r === "number") {
          longestWait = Math.max(longestWait, r);
          now += r * 1000;
        }
      }
    }
    expect(longestWait).toBe(60);

    // The real user on a new network waits at most a minute...
    const travelIp = freshIp();
    const wait = await attempt(email, PASSWORD, travelIp, now);
    expect(typeof wait === "number" ? wait : 0).toBeLessThanOrEqual(60);
    expect(await attempt(email, PASSWORD, travelIp, now + 60_000)).toBe("ok");
    // ...and not at all from home.
    expect(await attempt(email, PASSWORD, homeIp, now)).toBe("ok");
  });

  it("throttles one IP spraying passwords across many accounts after 50 failures", async () => {
    const ip = freshIp();
    const run = crypto.randomBytes(4).toString("hex");
    const t0 = Date.now();
    const outcomes: Array<"ok" | "wrong" | number> = [];
    for (let i = 0; i < 51; i++) outcomes.push(await attempt(`spray-${run}-${i}@example.test`, "Password1!", ip, t0));
    expect(outcomes.slice(0, 50)).toEqual(Array(50).fill("wrong"));
    expect(outcomes[50]).toBe(1);
    // Other clients are not affected.
    expect(await attempt(`spray-${run}-0@example.test`, "Password1!", freshIp(), t0)).toBe("wrong");
  });
});
