// The UTC windows of key budgets (budget-holds.ts) with an injected clock: day and month roll
// over at UTC midnight (whatever the host's time zone), a reservation counts in the window it
// was taken in even when it settles after the boundary, and the 403 says when a budget resets.
import { describe, expect, it } from "vitest";
import { KeyBudgetHold, budgetResetsAt, utcDay, utcMonth, type BudgetedKey } from "@/lib/billing/settlement/budget-holds";
import { costWithin, withMarkup } from "@/lib/billing/settlement/markup";

const key = (b: Partial<BudgetedKey>): BudgetedKey =>
  ({ keyId: "k", userId: "u", budgetDaily: null, budgetMonthly: null, budgetTotal: null, ...b });

describe("key budget windows", () => {
  it("rolls the day at UTC midnight and the month (and year) on the 1st", () => {
    const beforeMidnight = Date.UTC(2026, 11, 31, 23, 59, 59, 999);
    const afterMidnight = beforeMidnight + 1;
    expect(utcDay(afterMidnight)).toBe(utcDay(beforeMidnight) + 1);
    expect(utcMonth(afterMidnight)).toBe(utcMonth(beforeMidnight) + 1);
    expect(utcMonth(Date.UTC(2027, 0, 15))).toBe(2027 * 12);
    expect(budgetResetsAt("daily", beforeMidnight)?.toISOString()).toBe("2027-01-01T00:00:00.000Z");
    expect(budgetResetsAt("monthly", Date.UTC(2027, 1, 10, 12))?.toISOString()).toBe("2027-03-01T00:00:00.000Z");
    expect(budgetResetsAt("total", beforeMidnight)).toBeNull();
  });

  it("the tightest budget decides; spend loaded for the windows counts until they roll", () => {
    const t0 = Date.UTC(2027, 0, 31, 22);
    const hold = new KeyBudgetHold(t0, { today: 300n, month: 900n, total: 5_000n });
    const k = key({ budgetDaily: 1_000n, budgetMonthly: 1_200n, budgetTotal: 10_000n });
    expect(hold.left(k)).toEqual({ amount: 300n, budget: "monthly", limit: 1_200n });
    expect(hold.left(key({ budgetTotal: 5_000n }))).toEqual({ amount: 0n, budget: "total", limit: 5_000n });
    const r = hold.take(200n, t0);
    expect(hold.left(k)).toEqual({ amount: 100n, budget: "monthly", limit: 1_200n });
    // Feb 1 00:00:01 UTC: a new day and month; the in-flight reservation belongs to January.
    hold.roll(Date.UTC(2027, 1, 1, 0, 0, 1));
    expect(hold.left(k)).toEqual({ amount: 1_000n, budget: "daily", limit: 1_000n });
    hold.settle(r, 150n); // settled after midnight: counted in January, and in total
    expect(hold.left(k)).toEqual({ amount: 1_000n, budget: "daily", limit: 1_000n });
    expect(hold.spentTotal).toBe(5_150n);
    expect(hold.heldTotal).toBe(0n);
    // Same day, later: nothing rolls.
    const r2 = hold.take(400n, Date.UTC(2027, 1, 1, 10));
    hold.roll(Date.UTC(2027, 1, 1, 23, 59));
    hold.settle(r2, 400n);
    expect(hold.left(k)).toEqual({ amount: 600n, budget: "daily", limit: 1_000n });
    // Feb 2: the day rolls, the month does not.
    hold.roll(Date.UTC(2027, 1, 2, 0, 0));
    expect(hold.spentDay).toBe(0n);
    expect(hold.spentMonth).toBe(400n);
  });

  it("costWithin: the largest cost whose marked-up price fits the amount", () => {
    for (const bps of [0, 1, 250, 9_999, 10_000]) {
      for (const amount of [0n, 1n, 2n, 99n, 10_001n, 123_456_789n]) {
        const c = costWithin(amount, bps);
        expect(withMarkup(c, bps) <= amount || c === 0n).toBe(true);
        expect(withMarkup(c + 1n, bps) > amount).toBe(true);
      }
    }
  });
});
