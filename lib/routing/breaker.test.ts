import { beforeEach, describe, expect, it } from "vitest";
import {
  accountBreakerCount, accountBreakerCounts, allBreakerStates, breakerAllows, breakerState, recordFailure,
  recordRateLimited, recordSuccess, resetBreakersForTests, retryAfterSeconds, type BreakerRef,
} from "@/lib/routing/breaker";

const shared: BreakerRef = { breakerKey: "p:m" };
const accountA: BreakerRef = { breakerKey: "p:m", breakerAccount: "usr_A" };
const accountB: BreakerRef = { breakerKey: "p:m", breakerAccount: "usr_B" };

describe("circuit breaker", () => {
  beforeEach(() => resetBreakersForTests());

  it("opens after 3 consecutive failures and stays open for 30 s", () => {
    const t = 1_000_000;
    recordFailure(shared, t);
    recordFailure(shared, t + 1);
    expect(breakerState(shared, t + 2)).toBe("closed");
    recordFailure(shared, t + 2);
    expect(breakerState("p:m", t + 3)).toBe("open");
    expect(breakerAllows(shared, t + 29_000)).toBe(false);
  });

  it("lets exactly one probe through when half-open; success closes it", () => {
    const t = 2_000_000;
    for (let i = 0; i < 3; i++) recordFailure(shared, t);
    expect(breakerAllows(shared, t + 30_000)).toBe(true);
    expect(breakerAllows(shared, t + 30_001)).toBe(false);
    recordSuccess(shared, t + 30_050);
    expect(breakerState(shared, t + 30_051)).toBe("closed");
    expect(breakerAllows(shared, t + 30_052)).toBe(true);
  });

  it("a failed probe opens it again", () => {
    const t = 3_000_000;
    for (let i = 0; i < 3; i++) recordFailure(shared, t);
    expect(breakerAllows(shared, t + 30_000)).toBe(true);
    recordFailure(shared, t + 30_010);
    expect(breakerState(shared, t + 30_011)).toBe("open");
  });

  it("opens at ≥ 50 % errors over ≥ 10 requests within 30 s, without 3 in a row", () => {
    const t = 4_000_000;
    for (let i = 0; i < 10; i++) (i % 2 ? recordFailure : recordSuccess)(shared, t + i);
    expect(breakerState(shared, t + 11)).toBe("open");
  });

  it("forgets outcomes older than 30 s", () => {
    const t = 5_000_000;
    for (let i = 0; i < 9; i++) (i % 2 ? recordFailure : recordSuccess)(shared, t + i);
    // 40 s later the old ones are gone: 1 failure among 1 request is not a ratio over ≥ 10.
    recordFailure(shared, t + 40_000);
    expect(breakerState(shared, t + 40_001)).toBe("closed");
  });

  it("counts an outcome for the rest of its second and the next 29 (one-second buckets)", () => {
    const t = 6_000_000; // a whole second
    const nineThen = () => {
      resetBreakersForTests();
      for (let i = 0; i < 9; i++) (i % 2 ? recordFailure : recordSuccess)(shared, t + i); // 4 of 9 failed
    };
    nineThen();
    recordFailure(shared, t + 29_999); // 5 of 10 within the window
    expect(breakerState(shared, t + 29_999)).toBe("open");
    nineThen();
    recordFailure(shared, t + 30_000); // their second has left the window: 1 of 1
    expect(breakerState(shared, t + 30_000)).toBe("closed");
  });

  it("records an outcome at the same cost however full the window is, and still forgets them all", () => {
    const t = 7_000_000;
    const started = performance.now();
    // 600,000 outcomes in 30 s (20,000 a second), one in three failed: no 3 in a row, under 50 %.
    for (let i = 0; i < 600_000; i++) (i % 3 === 2 ? recordFailure : recordSuccess)(shared, t + Math.floor(i / 20));
    // A list of every outcome trimmed with Array.shift took ~60 µs per outcome at this size (~36 s).
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(breakerState(shared, t + 30_000)).toBe("closed");
    // 31 s on, none of them counts: 5 failures among 10 outcomes open it.
    for (let i = 0; i < 10; i++) (i % 2 ? recordFailure : recordSuccess)(shared, t + 61_000 + i);
    expect(breakerState(shared, t + 61_010)).toBe("open");
  });
});

describe("429s trip the breaker only when sustained", () => {
  beforeEach(() => resetBreakersForTests());

  it("never counts toward the 3-consecutive rule", () => {
    const t = 10_000_000;
    for (let i = 0; i < 15; i++) recordRateLimited(shared, 1000, t + i);
    expect(breakerState(shared, t + 20)).toBe("closed");
    expect(breakerAllows(shared, t + 20)).toBe(true);
  });

  it("is neutral between failures: 503, 429, 503, 503 is three in a row", () => {
    const t = 11_000_000;
    recordFailure(shared, t);
    recordRateLimited(shared, undefined, t + 1);
    recordFailure(shared, t + 2);
    expect(breakerState(shared, t + 3)).toBe("closed");
    recordFailure(shared, t + 3);
    expect(breakerState(shared, t + 4)).toBe("open");
  });

  it("opens at ≥ 90 % refused over ≥ 20 attempts in 30 s", () => {
    const t = 12_000_000;
    for (let i = 0; i < 19; i++) recordRateLimited(shared, undefined, t + i);
    expect(breakerState(shared, t + 19)).toBe("closed");
    recordRateLimited(shared, undefined, t + 19);
    expect(breakerState(shared, t + 20)).toBe("open");
  });

  it("stays closed while the key still serves more than 10 % of requests", () => {
    const t = 13_000_000;
    // 17 × 429 + 3 × 200 = 85 % refused: well past SPEC's 50 % error rule, still closed.
    for (let i = 0; i < 20; i++) {
      if (i % 7 === 3) recordSuccess(shared, t + i);
      else recordRateLimited(shared, undefined, t + i);
    }
    expect(breakerState(shared, t + 21)).toBe("closed");
  });

  it("5xx and 429 together count as refused for the sustained rule", () => {
    const t = 14_000_000;
    for (let i = 0; i < 20; i++) {
      if (i % 10 === 0) recordFailure(shared, t + i); // 2 failures, never 3 in a row
      else recordRateLimited(shared, undefined, t + i);
    }
    expect(breakerState(shared, t + 21)).toBe("open");
  });

  it("the upstream's retry-after sets the open period within 5 s…2 min; 30 s without one", () => {
    const cases: Array<[number | undefined, number]> = [[60_000, 60_000], [1_000, 5_000], [600_000, 120_000], [undefined, 30_000]];
    for (const [hint, openMs] of cases) {
      resetBreakersForTests();
      const t = 15_000_000;
      for (let i = 0; i < 20; i++) recordRateLimited(shared, hint, t);
      expect(breakerState(shared, t + openMs - 1), `hint ${hint}`).toBe("open");
      expect(breakerState(shared, t + openMs), `hint ${hint}`).toBe("half_open");
    }
  });

  it("a half-open probe answered 429 opens it again", () => {
    const t = 16_000_000;
    for (let i = 0; i < 3; i++) recordFailure(shared, t);
    expect(breakerAllows(shared, t + 30_000)).toBe(true);
    recordRateLimited(shared, 10_000, t + 30_010);
    expect(breakerState(shared, t + 30_011)).toBe("open");
    expect(breakerState(shared, t + 40_010)).toBe("half_open");
  });
});

describe("per-account (BYOK) breakers", () => {
  beforeEach(() => resetBreakersForTests());

  it("one account's failures open only its own breaker", () => {
    const t = 20_000_000;
    for (let i = 0; i < 3; i++) recordFailure(accountA, t + i);
    expect(breakerState(accountA, t + 5)).toBe("open");
    expect(breakerAllows(accountA, t + 5)).toBe(false);
    expect(breakerAllows(accountB, t + 5)).toBe(true);
    expect(breakerAllows(shared, t + 5)).toBe(true);
    expect(breakerState("p:m", t + 5)).toBe("closed");
  });

  it("the shared breaker opening leaves BYOK accounts alone", () => {
    const t = 21_000_000;
    for (let i = 0; i < 3; i++) recordFailure(shared, t + i);
    expect(breakerAllows(shared, t + 5)).toBe(false);
    expect(breakerAllows(accountA, t + 5)).toBe(true);
  });

  it("metrics see per-account breakers counted per provider+model, not one per account", () => {
    const t = 22_000_000;
    for (let i = 0; i < 3; i++) recordFailure(accountA, t);
    recordSuccess(accountB, t);
    recordSuccess({ breakerKey: "p:other", breakerAccount: "usr_C" }, t);
    expect(allBreakerStates(t + 1)).toEqual([]);
    expect(accountBreakerCounts(t + 1)).toEqual([{ key: "p:m", open: 1, halfOpen: 0 }, { key: "p:other", open: 0, halfOpen: 0 }]);
    expect(accountBreakerCounts(t + 30_000)).toEqual([{ key: "p:m", open: 0, halfOpen: 1 }, { key: "p:other", open: 0, halfOpen: 0 }]);
  });

  it("idle closed per-account breakers are dropped as new accounts arrive; open or failing ones are kept", () => {
    const t = 23_000_000;
    const fill = (from: number, at: number) => {
      for (let i = from; i < from + 999; i++) recordSuccess({ breakerKey: "p:m", breakerAccount: `usr_${i}` }, at);
    };
    for (let i = 0; i < 3; i++) recordFailure(accountA, t);
    fill(0, t);
    expect(accountBreakerCount()).toBe(1000);
    // The next new account prunes: the 999 idle closed ones go; A (half-open, failures not
    // yet stale) stays, and so does B's fresh breaker.
    for (let i = 0; i < 3; i++) recordFailure(accountB, t + 60_000);
    expect(accountBreakerCount()).toBe(2);
    expect(breakerState(accountA, t + 60_001)).toBe("half_open");
    expect(breakerState(accountB, t + 60_001)).toBe("open");
    // Ten minutes on, A's stale state goes too (B is still open: it just failed again).
    for (let i = 0; i < 3; i++) recordFailure(accountB, t + 660_000);
    fill(1000, t + 660_000);
    recordSuccess({ breakerKey: "p:m", breakerAccount: "usr_last" }, t + 660_001);
    expect(breakerState(accountA, t + 660_002)).toBe("closed");
    expect(breakerState(accountB, t + 660_002)).toBe("open");
  });
});

describe("retry-after for a request every breaker refused", () => {
  beforeEach(() => resetBreakersForTests());

  it("is the time until the earliest breaker goes half-open, rounded up, at least 1 s", () => {
    const t = 30_000_000;
    const other: BreakerRef = { breakerKey: "p:other" };
    for (let i = 0; i < 3; i++) recordFailure(shared, t);
    for (let i = 0; i < 3; i++) recordFailure(other, t + 10_000);
    expect(retryAfterSeconds([shared, other], t + 10_000)).toBe(20);
    expect(retryAfterSeconds([shared, other], t + 10_001)).toBe(20); // 19.999 s → 20
    expect(retryAfterSeconds([other], t + 10_500)).toBe(30);
    // Half-open with its one probe in flight: retry at once (1 s), never 0.
    expect(breakerAllows(shared, t + 30_000)).toBe(true);
    expect(breakerAllows(shared, t + 30_001)).toBe(false);
    expect(retryAfterSeconds([shared], t + 30_001)).toBe(1);
  });

  it("follows a 429-opened breaker's own open period", () => {
    const t = 31_000_000;
    for (let i = 0; i < 20; i++) recordRateLimited(accountA, 8_000, t);
    expect(retryAfterSeconds([accountA], t + 100)).toBe(8);
  });
});
