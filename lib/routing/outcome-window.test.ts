import { describe, expect, it } from "vitest";
import { FAILED, LIMITED, OK, OutcomeWindow } from "@/lib/routing/outcome-window";

const T0 = 1_700_000_000_000;
const sums = (w: OutcomeWindow) => ({ total: w.total, failed: w.failed, limited: w.limited });

describe("OutcomeWindow", () => {
  it("counts each kind, and forgets a second's outcomes 30 s after that second began", () => {
    const w = new OutcomeWindow(T0);
    w.record(OK, T0);
    w.record(FAILED, T0 + 500);
    w.record(LIMITED, T0 + 999);
    expect(sums(w)).toEqual({ total: 3, failed: 1, limited: 1 });
    w.record(FAILED, T0 + 1_000); // the next second
    w.record(OK, T0 + 29_999);
    expect(sums(w)).toEqual({ total: 5, failed: 2, limited: 1 });
    w.record(OK, T0 + 30_000); // T0's second leaves
    expect(sums(w)).toEqual({ total: 3, failed: 1, limited: 0 });
    w.record(OK, T0 + 31_000); // and the next
    expect(sums(w)).toEqual({ total: 3, failed: 0, limited: 0 });
  });

  it("empties after a gap longer than the window, and counts a clock stepped back in the latest second", () => {
    const w = new OutcomeWindow(T0);
    for (let i = 0; i < 100; i++) w.record(FAILED, T0 + i * 100);
    w.record(OK, T0 + 120_000);
    expect(sums(w)).toEqual({ total: 1, failed: 0, limited: 0 });
    w.record(FAILED, T0 + 60_000); // earlier than the latest second: counted in it
    expect(sums(w)).toEqual({ total: 2, failed: 1, limited: 0 });
    w.record(OK, T0 + 150_999);
    expect(sums(w)).toEqual({ total: 1, failed: 0, limited: 0 });
  });
});
