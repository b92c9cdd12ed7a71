// Refunds and disputes claw credits back — once, never more than was bought, in any order.
import { describe, expect, it } from "vitest";
import { pool } from "@/lib/sql/pool";
import { creditsToUnits } from "@/lib/billing/money";
import {
  balanceOf, buyCredits, deliverEvent, eventOf, useBillingSuite, type BillingHarness,
} from "@/lib/testing/stripe";

let h: BillingHarness;
const { newUser } = useBillingSuite((harness) => (h = harness));


async function chargeOf(sessionId: string): Promise<string> {
  const s = await h.sdk.checkout.sessions.retrieve(sessionId, { expand: ["payment_intent"] });
  const pi = s.payment_intent as { latest_charge: string };
  return pi.latest_charge;
}

describe("refunds and disputes", () => {
  it("claws back a partial then the full refund, and replays change nothing", async () => {
    const user = await newUser();
    const { sessionId } = await buyCredits(h, user, 2000);
    const charge = await chargeOf(sessionId);
    await h.sdk.refunds.create({ charge, amount: 500 });
    await h.emu.settle();
    expect(await balanceOf(user.id)).toBe(creditsToUnits(500 + 2000 - 500));
    await h.sdk.refunds.create({ charge });
    await h.emu.settle();
    expect(await balanceOf(user.id)).toBe(creditsToUnits(500));
    for (const e of h.emu.events().filter((x) => x.type === "charge.refunded" && (x.data.object as { id: string }).id === charge)) {
      await h.control(`/events/${e.id}/redeliver`, { times: 3 });
    }
    await h.emu.settle();
    expect(await balanceOf(user.id)).toBe(creditsToUnits(500));
    const { rows } = await pool().query("SELECT 1 FROM ledger_entries WHERE user_id = $1 AND kind = 'adjustment'", [user.id]);
    expect(rows).toHaveLength(2);
  });

  it("claws back a dispute once, and refund + dispute never take back more than was bought", async () => {
    const user = await newUser();
    const { sessionId } = await buyCredits(h, user, 1000);
    const charge = await chargeOf(sessionId);
    const dispute = (await h.control(`/charges/${charge}/dispute`)) as { id: string };
    await h.emu.settle();
    expect(await balanceOf(user.id)).toBe(creditsToUnits(500));
    await deliverEvent(eventOf(h, "charge.dispute.created", dispute.id));
    await h.control(`/charges/${charge}/refund`, { amount: 1000 });
    await h.emu.settle();
    expect(await balanceOf(user.id)).toBe(creditsToUnits(500));
  });

  it("a clawback may take the balance below zero when the credits were already spent", async () => {
    const user = await newUser();
    const { sessionId } = await buyCredits(h, user, 300);
    await pool().query("SELECT 1"); // spend everything through the ledger, like usage would
    const { applyLedgerEntry } = await import("@/lib/billing/ledger");
    const { sqlFromPool } = await import("@/lib/sql/executor");
    await applyLedgerEntry(sqlFromPool(pool()), { userId: user.id, kind: "reservation", amount: -creditsToUnits(800), sourceId: `spend:${user.id}`, floor: 0n });
    expect(await balanceOf(user.id)).toBe(0n);
    await h.sdk.refunds.create({ charge: await chargeOf(sessionId) });
    await h.emu.settle();
    expect(await balanceOf(user.id)).toBe(-creditsToUnits(300));
  });

  it("converges when the refund event arrives before checkout.session.completed", async () => {
    const user = await newUser();
    const hookUrl = h.emu.state.webhooks.config.url;
    h.emu.setWebhookUrl(null);
    let sessionId: string;
    try {
      ({ sessionId } = await buyCredits(h, user, 1500));
      await h.sdk.refunds.create({ charge: await chargeOf(sessionId), amount: 1000 });
    } finally {
      h.emu.setWebhookUrl(hookUrl);
    }
    const completed = eventOf(h, "checkout.session.completed", sessionId);
    const refunded = h.emu.events().filter((e) => e.type === "charge.refunded").at(-1)!;
    expect((await deliverEvent(refunded)).status).toBe(200);
    expect(await balanceOf(user.id)).toBe(creditsToUnits(500)); // nothing granted yet, nothing taken
    expect((await deliverEvent(completed)).status).toBe(200);
    expect(await balanceOf(user.id)).toBe(creditsToUnits(500 + 1500 - 1000));
    expect((await deliverEvent(refunded)).status).toBe(200);
    expect((await deliverEvent(completed)).status).toBe(200);
    expect(await balanceOf(user.id)).toBe(creditsToUnits(1000));
  });

  it("ignores refunds and disputes of charges that are not ours", async () => {
    const customer = await h.sdk.customers.create({ email: "other@example.test" });
    const s = await h.sdk.checkout.sessions.create({
      mode: "payment", customer: customer.id, success_url: "http://elsewhere/ok",
      line_items: [{ quantity: 1, price_data: { currency: "usd", unit_amount: 900, product_data: { name: "not ours" } } }],
    });
    await h.control(`/sessions/${s.id}/pay`);
    const charge = await chargeOf(s.id);
    await h.sdk.refunds.create({ charge });
    await h.emu.settle();
    const r = await deliverEvent(h.emu.events().filter((e) => e.type === "charge.refunded").at(-1)!);
    expect(r).toEqual({ status: 200, body: { received: true, outcome: "charge for no known purchase" } });
  });
});
