// Starting a checkout: validation, idempotency, and what the webhook must match.
import { describe, expect, it } from "vitest";
import { pool } from "@/lib/sql/pool";
import { isAppError } from "@/lib/errors";
import { creditsToUnits } from "@/lib/billing/money";
import { startCheckout } from "@/lib/billing/stripe/checkout";
import {
  balanceOf, buyCredits, deliverEvent, eventOf, useBillingSuite, type BillingHarness,
} from "@/lib/testing/stripe";

let h: BillingHarness;
const { newUser } = useBillingSuite((harness) => (h = harness));


async function rejection(p: Promise<unknown>) {
  const err = await p.then(() => null, (e: unknown) => e);
  if (!isAppError(err)) throw new Error(`expected an AppError, got ${String(err)}`);
  return { status: err.status, message: err.message };
}

describe("checkout", () => {
  it("refuses bad amounts and currencies with a clear 400, creating nothing", async () => {
    const user = await newUser();
    const cases: Array<[unknown, RegExp]> = [
      [{ amountCents: 299 }, /smallest purchase is \$3/],
      [{ amountCents: 1_000_001 }, /largest purchase is \$10,000/],
      [{ amountCents: 2000.5 }, /whole number of cents/],
      [{ amountCents: -2000 }, /smallest purchase/],
      [{ amountCents: "2000" }, /number of cents/],
      [{ amountCents: Number.NaN }, /number/],
      [{ amountCents: 2000, currency: "eur" }, /USD only/],
      [{ amountCents: 2000, requestKey: "x" }, /request key/i],
    ];
    for (const [input, message] of cases) {
      const r = await rejection(startCheckout(user, { requestKey: "rk_valid_key_1", ...(input as object) } as never));
      expect(r.status).toBe(400);
      expect(r.message).toMatch(message);
    }
    const { rows } = await pool().query("SELECT 1 FROM purchases WHERE user_id = $1", [user.id]);
    expect(rows).toHaveLength(0);
  });

  it("a double-submitted form makes one purchase and one Stripe session", async () => {
    const user = await newUser();
    const results = await Promise.all(Array.from({ length: 5 }, () =>
      startCheckout(user, { amountCents: 5000, requestKey: "rk_same_form_1" }).catch((e: unknown) => e)));
    const urls = new Set(results.filter((r): r is { url: string } => typeof r === "object" && r !== null && "url" in r).map((r) => r.url));
    expect(urls.size).toBe(1);
    const { rows } = await pool().query("SELECT 1 FROM purchases WHERE user_id = $1", [user.id]);
    expect(rows).toHaveLength(1);
    const sameKeyOtherAmount = await rejection(startCheckout(user, { amountCents: 2000, requestKey: "rk_same_form_1" }));
    expect(sameKeyOtherAmount.status).toBe(409);
  });

  it("does not grant when the event's client_reference_id, amount or currency differ from our purchase", async () => {
    const owner = await newUser();
    const thief = await newUser();
    const hookUrl = h.emu.state.webhooks.config.url;
    h.emu.setWebhookUrl(null);
    let sessionId: string;
    try {
      ({ sessionId } = await buyCredits(h, owner, 2000));
    } finally {
      h.emu.setWebhookUrl(hookUrl);
    }
    const real = eventOf(h, "checkout.session.completed", sessionId);
    const forge = (patch: Record<string, unknown>) => ({ ...real, id: `${real.id}_${Object.keys(patch)[0]}`, data: { object: { ...real.data.object, ...patch } } });
    for (const patch of [{ client_reference_id: thief.id }, { amount_total: 1_000_000 }, { currency: "eur" }]) {
      expect((await deliverEvent(forge(patch))).status).toBe(200);
    }
    expect(await balanceOf(thief.id)).toBe(creditsToUnits(500));
    expect(await balanceOf(owner.id)).toBe(creditsToUnits(500));
    const { rows } = await pool().query<{ status: string }>("SELECT status FROM purchases WHERE stripe_session_id = $1", [sessionId]);
    expect(rows[0]!.status).toBe("flagged");
    // A flagged purchase stays un-granted even when the genuine event comes later: a person looks at it.
    await deliverEvent(real);
    expect(await balanceOf(owner.id)).toBe(creditsToUnits(500));
  });

  it("acknowledges and ignores events for unknown sessions and unhandled event types", async () => {
    const unknown = await deliverEvent({
      id: "evt_unknown_session", object: "event", type: "checkout.session.completed",
      data: { object: { id: "cs_test_not_ours", client_reference_id: "nobody", payment_status: "paid", amount_total: 2000, currency: "usd", customer: null, payment_intent: null } },
    });
    expect(unknown).toEqual({ status: 200, body: { received: true, outcome: "unknown checkout session" } });
    const other = await deliverEvent({ id: "evt_other_type", object: "event", type: "customer.updated", data: { object: { id: "cus_1" } } });
    expect(other).toEqual({ status: 200, body: { received: true, ignored: true } });
    const malformed = await deliverEvent({ id: "evt_malformed", object: "event", type: "checkout.session.completed", data: { object: { nope: 1 } } });
    expect(malformed.status).toBe(500); // Stripe retries; our logs show which event and why
  });

  it("a declined card grants nothing and records why; a delayed payment grants only once it clears", async () => {
    const user = await newUser();
    const declined = await buyCredits(h, user, 2000, "decline");
    expect(await balanceOf(user.id)).toBe(creditsToUnits(500));
    const { rows } = await pool().query<{ status: string; failure_message: string }>(
      "SELECT status, failure_message FROM purchases WHERE id = $1", [declined.purchaseId]);
    expect(rows[0]).toEqual({ status: "open", failure_message: "Your card was declined." });

    const delayed = await buyCredits(h, user, 1000, "async");
    await new Promise((r) => setTimeout(r, 400));
    await h.emu.settle();
    expect(await balanceOf(user.id)).toBe(creditsToUnits(1500));
    const paid = await pool().query<{ status: string }>("SELECT status FROM purchases WHERE id = $1", [delayed.purchaseId]);
    expect(paid.rows[0]!.status).toBe("paid");
  });

  it("the gateway's 402 tells the user where to top up", async () => {
    const user = await newUser();
    const { reserveCredits } = await import("@/lib/billing/settlement/reserve");
    const r = await rejection(reserveCredits(user.id, creditsToUnits(1_000_000)));
    expect(r.status).toBe(402);
    expect(r.message).toContain("http://127.0.0.1:3999/dashboard/billing");
  });
});
