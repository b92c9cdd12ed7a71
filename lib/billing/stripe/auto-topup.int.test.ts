// Auto top-up under concurrent settles: one charge in flight at a time, never past the cap.
import { describe, expect, it } from "vitest";
import { pool } from "@/lib/sql/pool";
import { isAppError } from "@/lib/errors";
import { creditsToUnits } from "@/lib/billing/money";
import { spendLikeRequests } from "@/lib/testing/spend";
import { createTestUser } from "@/lib/testing/fixtures";
import { runAutoTopUp } from "@/lib/billing/stripe/auto-topup";
import { getAutoTopUp, saveAutoTopUp } from "@/lib/billing/stripe/auto-topup-settings";
import { balanceOf, buyCredits, useBillingSuite, type BillingHarness } from "@/lib/testing/stripe";

let h: BillingHarness;
const { track } = useBillingSuite((harness) => (h = harness));

async function userWithCard() {
  const u = await createTestUser();
  track(u.userId);
  const user = { id: u.userId, email: u.email };
  await buyCredits(h, user, 500); // saves the card; balance 1,000 credits
  return user;
}

/** `n` API requests settling at once, each costing `credits`. */
async function spendConcurrently(userId: string, n: number, credits: number) {
  await spendLikeRequests(userId, n, creditsToUnits(credits * 2), creditsToUnits(credits));
}

async function autoTopUps(userId: string) {
  const { rows } = await pool().query<{ status: string; amount_cents: number }>(
    "SELECT status, amount_cents FROM purchases WHERE user_id = $1 AND source = 'auto_topup' ORDER BY created_at", [userId]);
  return rows;
}

/** Waits until the fire-and-forget work has finished (nothing in flight for a while). */
async function quiesce(userId: string) {
  let quiet = 0;
  for (let i = 0; i < 200 && quiet < 5; i++) {
    await new Promise((r) => setTimeout(r, 30));
    const { rows } = await pool().query<{ busy: boolean }>("SELECT in_flight_since IS NOT NULL AS busy FROM auto_top_ups WHERE user_id = $1", [userId]);
    quiet = rows[0]?.busy ? 0 : quiet + 1;
  }
  await h.emu.settle();
}

describe("auto top-up", () => {
  it("needs a saved card and sane settings", async () => {
    const u = await createTestUser();
    track(u.userId);
    const err = await saveAutoTopUp(u.userId, { enabled: true, thresholdCredits: 100, amountCents: 500, monthlyCapCents: 1000 }).catch((e: unknown) => e);
    expect(isAppError(err) && err.status === 400 && /Buy credits once/.test(err.message)).toBe(true);
    const user = await userWithCard();
    for (const bad of [
      { enabled: true, thresholdCredits: 1.5, amountCents: 500, monthlyCapCents: 1000 },
      { enabled: true, thresholdCredits: 100, amountCents: 200, monthlyCapCents: 1000 },
      { enabled: true, thresholdCredits: 100, amountCents: 2000, monthlyCapCents: 1000 },
      { enabled: true, thresholdCredits: -5, amountCents: 500, monthlyCapCents: 1000 },
    ]) {
      const e = await saveAutoTopUp(user.id, bad).catch((x: unknown) => x);
      expect(isAppError(e) && e.status === 400).toBe(true);
    }
    expect((await getAutoTopUp(user.id)).cardLabel).toBe("Visa •••• 4242");
  });

  it("charges once per dip below the threshold under concurrent settles, and never past the monthly cap", async () => {
    const user = await userWithCard();
    // $5 top-ups, capped at $12 a month → at most two.
    await saveAutoTopUp(user.id, { enabled: true, thresholdCredits: 1000, amountCents: 500, monthlyCapCents: 1200 });
    await spendConcurrently(user.id, 20, 10); // 1,000 → 800 credits
    await quiesce(user.id);
    expect(await autoTopUps(user.id)).toEqual([{ status: "paid", amount_cents: 500 }]);
    expect(await balanceOf(user.id)).toBe(creditsToUnits(1300));

    await spendConcurrently(user.id, 25, 20); // 1,300 → 800
    await quiesce(user.id);
    expect(await autoTopUps(user.id)).toHaveLength(2);
    expect(await balanceOf(user.id)).toBe(creditsToUnits(1300));

    await spendConcurrently(user.id, 25, 20); // 1,300 → 800: a third top-up would pass the $12 cap
    await quiesce(user.id);
    expect(await autoTopUps(user.id)).toHaveLength(2);
    const s = await getAutoTopUp(user.id);
    expect(s.monthSpentCents).toBe(1000);
    expect(s.monthSpentCents).toBeLessThanOrEqual(s.monthlyCapCents);
    expect(await balanceOf(user.id)).toBe(creditsToUnits(800));
  });

  it("20 racing triggers start exactly one charge", async () => {
    const user = await userWithCard();
    // One top-up (+300) lifts the balance (1,000) over the threshold (1,200): a trigger that
    // runs while the winner is in flight is refused by the claim, one that runs after it by
    // the balance — so exactly one charge, however the 20 happen to interleave. (With a
    // threshold the top-up does not reach, a trigger that comes after the winner has finished
    // would rightly charge again, and the count would depend on timing.)
    await saveAutoTopUp(user.id, { enabled: true, thresholdCredits: 1200, amountCents: 300, monthlyCapCents: 100_000 });
    await Promise.all(Array.from({ length: 20 }, () => pool().query("SELECT 1")));
    const results = await Promise.all(Array.from({ length: 20 }, () => runAutoTopUp(user.id)));
    expect(results.filter((r) => r === "charged")).toHaveLength(1);
    expect(results.filter((r) => r === "not_needed")).toHaveLength(19);
    expect(await balanceOf(user.id)).toBe(creditsToUnits(1300));
  });

  it("a declined card turns auto top-up off, says why, and books nothing against the cap", async () => {
    const user = await userWithCard();
    await saveAutoTopUp(user.id, { enabled: true, thresholdCredits: 5000, amountCents: 1000, monthlyCapCents: 5000 });
    await h.control("/decline-next", { count: 1 });
    expect(await runAutoTopUp(user.id)).toBe("failed");
    const s = await getAutoTopUp(user.id);
    expect(s.enabled).toBe(false);
    expect(s.lastError).toMatch(/declined.*turned off/i);
    expect(s.monthSpentCents).toBe(0);
    expect(await balanceOf(user.id)).toBe(creditsToUnits(1000));
    expect(await runAutoTopUp(user.id)).toBe("not_needed"); // stays off until re-enabled
  });
});
