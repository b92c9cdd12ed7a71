import { beforeEach, describe, expect, it } from "vitest";
import { modelStats, recordModelOutcome, resetModelStatsForTests } from "@/lib/routing/model-stats";

const T0 = 1_000_000_000;

describe("model-stats", () => {
  beforeEach(() => resetModelStatsForTests());

  it("reports nothing for a model never seen", () => {
    expect(modelStats("a/never", T0)).toEqual({ samples: 0, p50LatencyMs: null, p50TtftMs: null, successRate: null });
  });

  it("gives medians of the successful calls and the success rate", () => {
    recordModelOutcome("a/m", true, 100, 10, T0);
    recordModelOutcome("a/m", true, 300, 30, T0 + 1);
    recordModelOutcome("a/m", true, 200, null, T0 + 2); // non-streamed: no ttft
    recordModelOutcome("a/m", false, 5_000, null, T0 + 3); // failures count in the rate only
    const s = modelStats("a/m", T0 + 10);
    expect(s.samples).toBe(4);
    expect(s.p50LatencyMs).toBe(200);
    expect(s.p50TtftMs).toBe(20);
    expect(s.successRate).toBe(0.75);
  });

  it("keeps models apart", () => {
    recordModelOutcome("a/x", true, 50, 5, T0);
    recordModelOutcome("a/y", false, 50, null, T0);
    expect(modelStats("a/x", T0).successRate).toBe(1);
    expect(modelStats("a/y", T0).successRate).toBe(0);
    expect(modelStats("a/y", T0).p50LatencyMs).toBeNull();
  });

  it("forgets outcomes older than 5 minutes", () => {
    recordModelOutcome("a/m", false, 900, null, T0);
    recordModelOutcome("a/m", true, 100, 10, T0 + 4 * 60_000);
    expect(modelStats("a/m", T0 + 4 * 60_000).samples).toBe(2);
    const later = modelStats("a/m", T0 + 5 * 60_000 + 1);
    expect(later.samples).toBe(1);
    expect(later.successRate).toBe(1);
    expect(modelStats("a/m", T0 + 20 * 60_000).samples).toBe(0);
  });

  it("keeps only the last 200 outcomes of a model", () => {
    for (let i = 0; i < 200; i++) recordModelOutcome("a/m", false, 1_000, null, T0 + i);
    for (let i = 0; i < 200; i++) recordModelOutcome("a/m", true, 10, 1, T0 + 200 + i);
    const s = modelStats("a/m", T0 + 500);
    expect(s.samples).toBe(200);
    expect(s.successRate).toBe(1);
    expect(s.p50LatencyMs).toBe(10);
  });

  it("sees a new record at once despite the read memo", () => {
    recordModelOutcome("a/m", true, 100, 10, T0);
    expect(modelStats("a/m", T0).p50LatencyMs).toBe(100);
    recordModelOutcome("a/m", true, 300, 10, T0 + 1);
    recordModelOutcome("a/m", true, 300, 10, T0 + 2);
    expect(modelStats("a/m", T0 + 3).p50LatencyMs).toBe(300);
  });
});
