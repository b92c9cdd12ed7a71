import { describe, expect, it } from "vitest";
import { beginAttempt, clearFailures, forgiveAttempt, lockedForMs, stampFailure, takeWindowSlot, type BackoffPolicy, type Failures, type WindowCount } from "@/lib/auth/throttle";
import { throttleStore } from "@/lib/auth/throttle-store";

let n = 0;
const fresh = () => `k${++n}-${Math.random()}`;
const windows = () => throttleStore<WindowCount>(`test.windows.${fresh()}`);
const failures = () => throttleStore<Failures>(`test.failures.${fresh()}`);

const POLICY: BackoffPolicy = { free: 5, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000, forgetAfterMs: 3600_000 };

describe("takeWindowSlot", () => {
  it("allows `limit` events at once, refuses the next until the window ends", async () => {
    const store = windows();
    const t0 = 1_000_000;
    for (let i = 0; i < 5; i++) expect((await takeWindowSlot(store, "ip", 5, 600_000, t0 + i)).ok).toBe(true);
    expect(await takeWindowSlot(store, "ip", 5, 600_000, t0 + 10)).toEqual({ ok: false, retryAfterMs: 600_000 - 10 });
    expect((await takeWindowSlot(store, "other", 5, 600_000, t0 + 10)).ok).toBe(true);
    expect((await takeWindowSlot(store, "ip", 5, 600_000, t0 + 600_000)).ok).toBe(true);
  });

  it("counts parallel callers one by one", async () => {
    const store = windows();
    const verdicts = await Promise.all(Array.from({ length: 20 }, () => takeWindowSlot(store, "ip", 5, 600_000, 0)));
    expect(verdicts.filter((v) => v.ok)).toHaveLength(5);
  });
});

describe("failure backoff", () => {
  it("gives `free` attempts, then a delay from 1 s doubling per failure, capped", () => {
    const at = (failures: number) => lockedForMs({ failures, lastAt: 0 }, POLICY, 0);
    expect([at(0), at(4), at(5), at(6), at(7), at(10)]).toEqual([0, 0, 1_000, 2_000, 4_000, 32_000]);
    expect(at(15)).toBe(15 * 60_000);
    expect(at(500)).toBe(15 * 60_000);
    expect(lockedForMs({ failures: 6, lastAt: 0 }, POLICY, 1_500)).toBe(500);
  });

  it("refuses attempts while locked without counting them, and counts the ones it lets through", async () => {
    const store = failures();
    for (let i = 0; i < 5; i++) expect((await beginAttempt(store, "a", POLICY, 0)).ok).toBe(true);
    expect(await beginAttempt(store, "a", POLICY, 999)).toEqual({ ok: false, retryAfterMs: 1 });
    expect(await beginAttempt(store, "a", POLICY, 500)).toEqual({ ok: false, retryAfterMs: 500 });
    // The refused attempts did not extend the lock: at 1 s the sixth attempt goes through...
    expect((await beginAttempt(store, "a", POLICY, 1_000)).ok).toBe(true);
    // ...and now six failures lock for 2 s from the last one.
    expect(await beginAttempt(store, "a", POLICY, 1_000)).toEqual({ ok: false, retryAfterMs: 2_000 });
  });

  it("lets at most `free` of a parallel burst through", async () => {
    const store = failures();
    const verdicts = await Promise.all(Array.from({ length: 30 }, () => beginAttempt(store, "burst", POLICY, 0)));
    expect(verdicts.filter((v) => v.ok)).toHaveLength(5);
  });

  it("starts a failure's wait when the failure is answered, not when the attempt began", async () => {
    const store = failures();
    for (let i = 0; i < 5; i++) await beginAttempt(store, "slow", POLICY, 0);
    await stampFailure(store, "slow", POLICY, 800); // a slow password check
    expect(await beginAttempt(store, "slow", POLICY, 1_000)).toEqual({ ok: false, retryAfterMs: 800 });
    expect((await beginAttempt(store, "slow", POLICY, 1_800)).ok).toBe(true);
  });

  it("forgives one counted attempt, and clears", async () => {
    const store = failures();
    for (let i = 0; i < 5; i++) await beginAttempt(store, "f", POLICY, 0);
    await forgiveAttempt(store, "f", POLICY, 0);
    expect((await beginAttempt(store, "f", POLICY, 0)).ok).toBe(true);
    expect((await beginAttempt(store, "f", POLICY, 0)).ok).toBe(false);
    await clearFailures(store, "f", 0);
    expect((await beginAttempt(store, "f", POLICY, 0)).ok).toBe(true);
  });

  it("forgets a counter after forgetAfterMs without failures", async () => {
    const store = failures();
    for (let i = 0; i < 12; i++) await beginAttempt(store, "old", { ...POLICY, free: 100 }, 0);
    expect((await beginAttempt(store, "old", POLICY, 1_000)).ok).toBe(false);
    expect((await beginAttempt(store, "old", POLICY, POLICY.forgetAfterMs + 1)).ok).toBe(true);
  });
});
