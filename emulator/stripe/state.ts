// The emulator's in-memory Stripe account and the operations on it. Every state change that
// Stripe would announce emits an event, delivered by WebhookSender.
import { invalid, noSuch, StripeApiError } from "./errors";
import {
  now, publicView, stripeId,
  type Charge, type CheckoutSession, type Customer, type Dispute, type Metadata, type PaymentIntent,
  type PaymentMethod, type Refund, type StripeEvent, type StripeObject,
} from "./objects";
import type { WebhookSender } from "./webhooks";

export const API_VERSION = "2026-10-28.endive";
const DECLINE_MESSAGE = "Your card was declined.";

export class StripeState {
  sessions = new Map<string, CheckoutSession>();
  customers = new Map<string, Customer>();
  paymentMethods = new Map<string, PaymentMethod>();
  paymentIntents = new Map<string, PaymentIntent>();
  charges = new Map<string, Charge>();
  refunds = new Map<string, Refund>();
  disputes = new Map<string, Dispute>();
  events: StripeEvent[] = [];
  /** Idempotency-Key → the first answer (and a fingerprint of its request). */
  idempotency = new Map<string, { fingerprint: string; status: number; body: unknown }>();
  /** Off-session confirmations to decline, next first (a test knob). */
  declineNext = 0;

  constructor(readonly baseUrl: string, readonly webhooks: WebhookSender) {}

  emit(type: string, obj: StripeObject, request: { id: string | null; idempotencyKey: string | null } = { id: null, idempotencyKey: null }): StripeEvent {
    const event: StripeEvent = {
      id: stripeId("evt"), object: "event", api_version: API_VERSION, created: now(), livemode: false,
      pending_webhooks: 1, type, data: { object: structuredClone(publicView(obj)) },
      request: { id: request.id, idempotency_key: request.idempotencyKey },
    };
    this.events.push(event);
    this.webhooks.send(event);
    return event;
  }

  session(id: string): CheckoutSession {
    const s = this.sessions.get(id);
    if (!s) throw noSuch("checkout.session", id);
    return s;
  }

  charge(id: string): Charge {
    const c = this.charges.get(id);
    if (!c) throw noSuch("charge", id);
    return c;
  }

  private newPaymentMethod(customer: string | null): PaymentMethod {
    const pm: PaymentMethod = {
      id: stripeId("pm"), object: "payment_method", created: now(), customer, type: "card", livemode: false,
      card: { brand: "visa", last4: "4242", exp_month: 12, exp_year: new Date().getUTCFullYear() + 3 },
    };
    this.paymentMethods.set(pm.id, pm);
    return pm;
  }

  private newCharge(pi: PaymentIntent, pm: PaymentMethod): Charge {
    const id = stripeId("ch");
    const charge: Charge = {
      id, object: "charge", created: now(), livemode: false, amount: pi.amount, amount_captured: pi.amount,
      amount_refunded: 0, currency: pi.currency, customer: pi.customer, payment_intent: pi.id, payment_method: pm.id,
      paid: true, refunded: false, disputed: false, status: "succeeded", metadata: { ...pi.metadata },
      receipt_url: `${this.baseUrl}/receipts/${id}`,
      payment_method_details: { type: "card", card: { brand: pm.card.brand, last4: pm.card.last4 } },
    };
    this.charges.set(id, charge);
    return charge;
  }

  private newPaymentIntent(p: {
    amount: number; currency: string; customer: string | null; metadata: Metadata; setupFutureUsage: string | null;
  }): PaymentIntent {
    const pi: PaymentIntent = {
      id: stripeId("pi"), object: "payment_intent", created: now(), livemode: false, amount: p.amount,
      amount_received: 0, currency: p.currency, customer: p.customer, payment_method: null,
      status: "requires_payment_method", metadata: p.metadata, latest_charge: null, last_payment_error: null,
      setup_future_usage: p.setupFutureUsage,
    };
    this.paymentIntents.set(pi.id, pi);
    return pi;
  }

  private succeed(pi: PaymentIntent, pm: PaymentMethod): Charge {
    const charge = this.newCharge(pi, pm);
    pi.payment_method = pm.id;
    pi.status = "succeeded";
    pi.amount_received = pi.amount;
    pi.latest_charge = charge.id;
    pi.last_payment_error = null;
    return charge;
  }

  private decline(pi: PaymentIntent, pmId: string | null): void {
    pi.status = "requires_payment_method";
    pi.payment_method = pmId;
    pi.last_payment_error = { type: "card_error", code: "card_declined", decline_code: "generic_decline", message: DECLINE_MESSAGE };
    this.emit("payment_intent.payment_failed", pi);
  }

  /** The hosted page's buttons. `async` = a delayed payment method (bank debit). */
  completeSession(id: string, outcome: "pay" | "decline" | "async"): CheckoutSession {
    const s = this.session(id);
    if (s.status !== "open") throw invalid("session", `This Checkout Session is ${s.status}.`);
    let pi = s.payment_intent ? this.paymentIntents.get(s.payment_intent) : undefined;
    pi ??= this.newPaymentIntent({
      amount: s.amount_total, currency: s.currency, customer: s.customer, metadata: { ...s._pi_metadata },
      setupFutureUsage: s._setup_future_usage,
    });
    s.payment_intent = pi.id;
    if (outcome === "decline") {
      this.decline(pi, null);
      s._last_error = DECLINE_MESSAGE;
      return s;
    }
    const pm = this.newPaymentMethod(s._setup_future_usage && s.customer ? s.customer : null);
    s.status = "complete";
    s._last_error = null;
    if (outcome === "async") {
      pi.status = "processing";
      pi.payment_method = pm.id;
      s.payment_status = "unpaid";
      this.emit("checkout.session.completed", s);
      // The bank confirms a little later.
      setTimeout(() => {
        const charge = this.succeed(pi, pm);
        s.payment_status = "paid";
        this.emit("charge.succeeded", charge);
        this.emit("checkout.session.async_payment_succeeded", s);
      }, 300).unref();
      return s;
    }
    const charge = this.succeed(pi, pm);
    s.payment_status = "paid";
    this.emit("charge.succeeded", charge);
    this.emit("payment_intent.succeeded", pi);
    this.emit("checkout.session.completed", s);
    return s;
  }

  expireSession(id: string): CheckoutSession {
    const s = this.session(id);
    if (s.status !== "open") throw invalid("session", `Only open sessions can be expired; this one is ${s.status}.`);
    s.status = "expired";
    s.url = null;
    this.emit("checkout.session.expired", s);
    return s;
  }

  /** POST /v1/payment_intents (confirm + off_session: the auto top-up path). */
  createPaymentIntent(p: {
    amount: number; currency: string; customer: string | null; paymentMethod: string | null; confirm: boolean;
    offSession: boolean; metadata: Metadata;
  }): PaymentIntent {
    if (p.customer && !this.customers.has(p.customer)) throw noSuch("customer", p.customer);
    const pi = this.newPaymentIntent({ amount: p.amount, currency: p.currency, customer: p.customer, metadata: p.metadata, setupFutureUsage: null });
    pi.off_session = p.offSession;
    if (!p.confirm) return pi;
    if (!p.paymentMethod) throw invalid("payment_method", "You cannot confirm this PaymentIntent because it's missing a payment method.");
    const pm = this.paymentMethods.get(p.paymentMethod);
    if (!pm) throw noSuch("payment_method", p.paymentMethod);
    if (pm.customer !== p.customer) {
      throw invalid("payment_method", "The provided PaymentMethod was previously used without being attached to a Customer or was detached from a Customer, and may not be used again.");
    }
    if (this.declineNext > 0) {
      this.declineNext--;
      this.decline(pi, pm.id);
      throw new StripeApiError(402, "card_error", DECLINE_MESSAGE, {
        code: "card_declined", decline_code: "generic_decline", payment_intent: structuredClone(pi),
      });
    }
    const charge = this.succeed(pi, pm);
    this.emit("charge.succeeded", charge);
    this.emit("payment_intent.succeeded", pi);
    return pi;
  }

  /** POST /v1/refunds and the dashboard's "refund" button (control API). */
  refund(p: { charge?: string; paymentIntent?: string; amount?: number; reason?: string | null }): Refund {
    let chargeId = p.charge;
    if (!chargeId && p.paymentIntent) {
      const pi = this.paymentIntents.get(p.paymentIntent);
      if (!pi) throw noSuch("payment_intent", p.paymentIntent);
      if (!pi.latest_charge) throw invalid("payment_intent", "This PaymentIntent does not have a successful charge to refund.");
      chargeId = pi.latest_charge;
    }
    if (!chargeId) throw invalid("charge", "One of `charge` or `payment_intent` is required.");
    const charge = this.charge(chargeId);
    const remaining = charge.amount - charge.amount_refunded;
    const amount = p.amount ?? remaining;
    if (remaining <= 0) throw new StripeApiError(400, "invalid_request_error", `Charge ${charge.id} has already been refunded.`, { code: "charge_already_refunded" });
    if (amount > remaining) {
      throw invalid("amount", `Refund amount ($${(amount / 100).toFixed(2)}) is greater than unrefunded amount on charge ($${(remaining / 100).toFixed(2)})`);
    }
    const refund: Refund = {
      id: stripeId("re"), object: "refund", created: now(), amount, currency: charge.currency, charge: charge.id,
      payment_intent: charge.payment_intent, status: "succeeded", reason: p.reason ?? null, metadata: {},
    };
    this.refunds.set(refund.id, refund);
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded === charge.amount;
    this.emit("refund.created", refund);
    this.emit("charge.refunded", charge);
    return refund;
  }

  dispute(chargeId: string, amount?: number): Dispute {
    const charge = this.charge(chargeId);
    const dispute: Dispute = {
      id: stripeId("dp"), object: "dispute", created: now(), livemode: false, amount: amount ?? charge.amount,
      currency: charge.currency, charge: charge.id, payment_intent: charge.payment_intent, reason: "fraudulent",
      status: "needs_response",
    };
    this.disputes.set(dispute.id, dispute);
    charge.disputed = true;
    this.emit("charge.dispute.created", dispute);
    return dispute;
  }
}
