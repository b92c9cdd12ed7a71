// The emulator through the real stripe SDK: what the app relies on must behave like Stripe.
import { createServer, type Server } from "node:http";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStripeClient } from "@/lib/billing/stripe/client";
import { startStripeEmulator, type StripeEmulatorHandle } from "./server";

const SECRET = "whsec_test_emulator_secret";
type Received = { status: number; type: string; ok: boolean };

describe("stripe emulator", () => {
  let emu: StripeEmulatorHandle;
  let hook: Server;
  let sdk: Stripe;
  const received: Received[] = [];
  let failNext = 0;

  beforeAll(async () => {
    hook = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        let ok = true;
        let type = "";
        try {
          type = Stripe.webhooks.constructEvent(body, String(req.headers["stripe-signature"]), SECRET).type;
        } catch {
          ok = false;
        }
        const status = !ok ? 400 : failNext > 0 ? (failNext--, 500) : 200;
        received.push({ status, type, ok });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, "127.0.0.1", r));
    const port = (hook.address() as { port: number }).port;
    emu = await startStripeEmulator({ webhookUrl: `http://127.0.0.1:${port}/hook`, webhookSecret: SECRET, webhookDelayMs: 5, retryDelaysMs: [20, 20] });
    sdk = createStripeClient("sk_test_unit", emu.url);
  });
  afterAll(async () => {
    await emu.close();
    hook.close();
  });

  async function newSession(key?: string) {
    return sdk.checkout.sessions.create({
      mode: "payment", client_reference_id: "user_1", metadata: { purchase_id: "pur_1", credits: "2000" },
      success_url: "http://app/success?session_id={CHECKOUT_SESSION_ID}", cancel_url: "http://app/cancel",
      line_items: [{ quantity: 1, price_data: { currency: "usd", unit_amount: 2000, product_data: { name: "2,000 credits" } } }],
      payment_intent_data: { metadata: { purchase_id: "pur_1" } },
    }, key ? { idempotencyKey: key } : undefined);
  }

  it("creates and retrieves a checkout session with a hosted URL", async () => {
    const s = await newSession();
    expect(s.id).toMatch(/^cs_test_/);
    expect(s.url).toBe(`${emu.url}/pay/${s.id}`);
    expect(s.amount_total).toBe(2000);
    expect(s.status).toBe("open");
    const again = await sdk.checkout.sessions.retrieve(s.id);
    expect(again.metadata).toEqual({ purchase_id: "pur_1", credits: "2000" });
  });

  it("honours Idempotency-Key: same key and body → same session; different body → idempotency error", async () => {
    const a = await newSession("idem-1");
    const b = await newSession("idem-1");
    expect(b.id).toBe(a.id);
    await expect(sdk.customers.create({ email: "x@y.z" }, { idempotencyKey: "idem-1" })).rejects.toThrow(/same parameters/);
  });

  it("answers bad parameters with Stripe-shaped errors", async () => {
    const err = await sdk.checkout.sessions.create({
      mode: "payment", success_url: "http://app/s",
      line_items: [{ quantity: 1, price_data: { currency: "usd", unit_amount: 10, product_data: { name: "x" } } }],
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    await expect(sdk.checkout.sessions.retrieve("cs_test_nope")).rejects.toThrow(/No such checkout.session/);
    const bad = createStripeClient("not-a-key", emu.url);
    await expect(bad.customers.create({})).rejects.toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
  });

  it("delivers signed webhooks asynchronously and retries a non-2xx answer", async () => {
    const s = await newSession();
    failNext = 1;
    const before = received.length;
    const res = await fetch(`${emu.url}/_control/sessions/${s.id}/pay`, { method: "POST" });
    expect(res.status).toBe(200);
    await emu.settle();
    const mine = received.slice(before).filter((r) => r.type === "checkout.session.completed");
    expect(mine.every((r) => r.ok)).toBe(true);
    const statuses = received.slice(before).map((r) => r.status);
    expect(statuses).toContain(500);
    expect(mine.at(-1)?.status).toBe(200);
    const session = await sdk.checkout.sessions.retrieve(s.id, { expand: ["payment_intent"] });
    expect(session.payment_status).toBe("paid");
    expect((session.payment_intent as Stripe.PaymentIntent).status).toBe("succeeded");
  });

  it("charges a saved card off-session, declines on request, and refunds within the charge", async () => {
    const customer = await sdk.customers.create({ email: "a@b.c" });
    const s = await sdk.checkout.sessions.create({
      mode: "payment", customer: customer.id, success_url: "http://app/s",
      line_items: [{ quantity: 1, price_data: { currency: "usd", unit_amount: 500, product_data: { name: "x" } } }],
      payment_intent_data: { setup_future_usage: "off_session" },
    });
    await fetch(`${emu.url}/_control/sessions/${s.id}/pay`, { method: "POST" });
    const pi = await sdk.paymentIntents.retrieve(String((await sdk.checkout.sessions.retrieve(s.id)).payment_intent));
    const pm = String(pi.payment_method);
    const ok = await sdk.paymentIntents.create({ amount: 1000, currency: "usd", customer: customer.id, payment_method: pm, off_session: true, confirm: true });
    expect(ok.status).toBe("succeeded");
    await fetch(`${emu.url}/_control/decline-next`, { method: "POST", body: JSON.stringify({ count: 1 }) });
    const declined = await sdk.paymentIntents.create({ amount: 1000, currency: "usd", customer: customer.id, payment_method: pm, off_session: true, confirm: true }).catch((e: unknown) => e);
    expect(declined).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect((declined as Stripe.errors.StripeCardError).code).toBe("card_declined");
    const refund = await sdk.refunds.create({ payment_intent: ok.id, amount: 400 });
    expect(refund.amount).toBe(400);
    await expect(sdk.refunds.create({ payment_intent: ok.id, amount: 700 })).rejects.toThrow(/greater than unrefunded/);
    const charge = await sdk.charges.retrieve(String(ok.latest_charge));
    expect(charge.amount_refunded).toBe(400);
  });

  it("serves the hosted pay page: decline shows the error and stays, cancel and pay redirect", async () => {
    const s = await newSession();
    const page = await fetch(s.url!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Pay $20.00");
    const declined = await fetch(`${emu.url}/pay/${s.id}/decline`, { method: "POST", redirect: "manual" });
    expect(declined.status).toBe(402);
    expect(await declined.text()).toContain("Your card was declined.");
    const cancel = await fetch(`${emu.url}/pay/${s.id}/cancel`, { method: "POST", redirect: "manual" });
    expect(cancel.headers.get("location")).toBe("http://app/cancel");
    const paid = await fetch(`${emu.url}/pay/${s.id}/pay`, { method: "POST", redirect: "manual" });
    expect(paid.status).toBe(303);
    expect(paid.headers.get("location")).toBe(`http://app/success?session_id=${s.id}`);
    const again = await fetch(`${emu.url}/pay/${s.id}/pay`, { method: "POST", redirect: "manual" });
    expect(again.status).toBe(409);
    expect((await sdk.checkout.sessions.retrieve(s.id)).payment_status).toBe("paid");
  });
});
