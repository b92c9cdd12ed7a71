// Credits bought through Checkout arrive exactly once, whatever Stripe's webhooks do.
import { describe, expect, it } from "vitest";
import { pool } from "@/lib/sql/pool";
import { creditsToUnits } from "@/lib/billing/money";
import { startCheckout } from "@/lib/billing/stripe/checkout";
import { handleStripeWebhook } from "@/lib/billing/stripe/webhook";
import { balanceOf, signedHeader, useBillingSuite, type BillingHarness } from "@/lib/testing/stripe";

let h: BillingHarness;
const { newUser } = useBillingSuite((harness) => (h = harness));
let n = 0;

async function buy(user: { id: string; email: string }, cents: number, outcome: "pay" | "decline" | "async" = "pay") {
  const started = await startCheckout(user, { amountCents: cents, currency: "usd", requestKey: `rk_${Date.now()}_${n++}` });
  const sessionId = started.url.split("/pay/")[1]!;
  await h.control(`/sessions/${sessionId}/${outcome}`);
  await h.emu.settle();
  return { ...started, sessionId };
}

const eventOf = (type: string, sessionOrObjectId: string) =>
  h.emu.events().find((e) => e.type === type && (e.data.object as { id: string }).id === sessionOrObjectId)!;

async function deliver(event: unknown, header?: string) {
  const payload = JSON.stringify(event);
  return handleStripeWebhook(payload, header ?? signedHeader(payload));
}

async function purchaseEntries(userId: string) {
  const { rows } = await pool().query<{ amount: string }>("SELECT amount::text FROM ledger_entries WHERE user_id = $1 AND kind = 'purchase'", [userId]);
  return rows;
}

describe("Stripe checkout → webhook → ledger", () => {
  it("grants 2,000 credits once for a paid $20 checkout", async () => {
    const user = await newUser();
    const { sessionId } = await buy(user, 2000);
    expect(await balanceOf(user.id)).toBe(creditsToUnits(2500));
    expect(await purchaseEntries(user.id)).toHaveLength(1);
    const s = await h.sdk.checkout.sessions.retrieve(sessionId);
    expect(s.client_reference_id).toBe(user.id);
    expect(s.metadata?.credits).toBe("2000");
    expect(h.answers.every((a) => a === 200)).toBe(true);
  });

  it("grants once when the same event is replayed 5 times and when 10 deliveries race", async () => {
    const user = await newUser();
    const { sessionId } = await buy(user, 500);
    const event = eventOf("checkout.session.completed", sessionId);
    await h.control(`/events/${event.id}/redeliver`, { times: 5 });
    await h.emu.settle();
    const racing = await Promise.all(Array.from({ length: 10 }, () => deliver(event)));
    expect(racing.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(await purchaseEntries(user.id)).toHaveLength(1);
    expect(await balanceOf(user.id)).toBe(creditsToUnits(1000));
    const { rows } = await pool().query<{ deliveries: number }>("SELECT deliveries FROM stripe_events WHERE id = $1", [event.id]);
    expect(rows[0]!.deliveries).toBeGreaterThanOrEqual(16);
  });

  it("rejects tampered, wrongly signed, unsigned and old-timestamp deliveries with 400 and changes nothing", async () => {
    const user = await newUser();
    const hookUrl = h.emu.state.webhooks.config.url;
    h.emu.setWebhookUrl(null); // keep the real delivery from happening
    try {
      const started = await startCheckout(user, { amountCents: 1000, requestKey: `rk_tamper_${n++}` });
      const sessionId = started.url.split("/pay/")[1]!;
      await h.control(`/sessions/${sessionId}/pay`);
      const event = eventOf("checkout.session.completed", sessionId);
      const payload = JSON.stringify(event);
      const tampered = payload.replace('"amount_total": 1000', '"amount_total": 100000').replace('"amount_total":1000', '"amount_total":100000');
      expect(tampered).not.toBe(payload);
      const answers = await Promise.all([
        handleStripeWebhook(tampered, signedHeader(payload)),
        handleStripeWebhook(payload, signedHeader(payload, { secret: "whsec_wrong" })),
        handleStripeWebhook(payload, signedHeader(payload, { timestamp: Math.floor(Date.now() / 1000) - 301 })),
        handleStripeWebhook(payload, null),
        handleStripeWebhook(payload, "t=1,v1=deadbeef"),
      ]);
      expect(answers.map((a) => a.status)).toEqual([400, 400, 400, 400, 400]);
      expect(await balanceOf(user.id)).toBe(creditsToUnits(500));
      const seen = await pool().query("SELECT 1 FROM stripe_events WHERE id = $1", [event.id]);
      expect(seen.rowCount).toBe(0);
      // The genuine delivery still works afterwards.
      expect((await deliver(event)).status).toBe(200);
      expect(await balanceOf(user.id)).toBe(creditsToUnits(1500));
    } finally {
      h.emu.setWebhookUrl(hookUrl);
    }
  });
});
