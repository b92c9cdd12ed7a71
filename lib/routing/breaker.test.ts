import { beforeEach, describe, expect, it } from "vitest";
import { breakerAllows, breakerState, recordFailure, recordSuccess, resetBreakersForTests } from "@/lib/routing/breaker";

describe("circuit breaker", () => {
  beforeEach(() => resetBreakersForTests());

  it("opens after 3 consecutive failures and stays open for 30 s", () => {
    const t = 1_000_000;
    recordFailure("p:m", t);
    recordFailure("p:m", t + 1);
    expect(breakerState("p:m", t + 2)).toBe("closed");
    recordFailure("p:m", t + 2);
    expect(breakerState("p:m", t + 3)).toBe("open");
    expect(breakerAllows("p:m", t + 29_000)).toBe(false);
  });

  it("lets exactly one probe through when half-open; success closes it", () => {
    const t = 2_000_000;
    for (let i = 0; i < 3; i++) recordFailure("p:m", t);
    expect(breakerAllows("p:m", t + 30_000)).toBe(true);
    expect(breakerAllows("p:m", t + 30_001)).toBe(false);
    recordSuccess("p:m", t + 30_050);
    expect(breakerState("p:m", t + 30_051)).toBe("closed");
    expect(breakerAllows("p:m", t + 30_052)).toBe(true);
  });

  it("a failed probe opens it again", () => {
    const t = 3_000_000;
    for (let i = 0; i < 3; i++) recordFailure("p:m", t);
    expect(breakerAllows("p:m", t + 30_000)).toBe(true);
    recordFailure("p:m", t + 30_010);
    expect(breakerState("p:m", t + 30_011)).toBe("open");
  });

  it("opens at ≥ 50 % errors over ≥ 10 requests within 30 s, without 3 in a row", () => {
    const t = 4_000_000;
    for (let i = 0; i < 10; i++) (i % 2 ? recordFailure : recordSuccess)("p:m", t + i);
    expect(breakerState("p:m", t + 11)).toBe("open");
  });
});
