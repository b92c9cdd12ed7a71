// Stripe-shaped objects, limited to the fields Switchyard (and the stripe SDK) read.
import crypto from "node:crypto";

export type Metadata = Record<string, string>;

export type CheckoutSession = {
  id: string; object: "checkout.session"; livemode: false; created: number; expires_at: number;
  mode: "payment"; status: "open" | "complete" | "expired";
  payment_status: "unpaid" | "paid" | "no_payment_required";
  amount_subtotal: number; amount_total: number; currency: string;
  client_reference_id: string | null; customer: string | null; customer_email: string | null;
  metadata: Metadata; success_url: string; cancel_url: string | null; url: string | null;
  payment_intent: string | null;
  /** Not Stripe fields: what the emulator needs to build the PaymentIntent on payment. */
  _line_item: string; _pi_metadata: Metadata; _setup_future_usage: string | null; _last_error: string | null;
};

export type Customer = { id: string; object: "customer"; created: number; email: string | null; metadata: Metadata; livemode: false };

export type PaymentMethod = {
  id: string; object: "payment_method"; created: number; customer: string | null; type: "card";
  card: { brand: string; last4: string; exp_month: number; exp_year: number }; livemode: false;
};

export type LastPaymentError = { type: "card_error"; code: "card_declined"; decline_code: string; message: string };

export type PaymentIntent = {
  id: string; object: "payment_intent"; created: number; livemode: false;
  amount: number; amount_received: number; currency: string; customer: string | null;
  payment_method: string | null; status: "requires_payment_method" | "processing" | "succeeded" | "canceled";
  metadata: Metadata; latest_charge: string | null; last_payment_error: LastPaymentError | null;
  setup_future_usage: string | null; off_session?: boolean;
};

export type Charge = {
  id: string; object: "charge"; created: number; livemode: false;
  amount: number; amount_captured: number; amount_refunded: number; currency: string;
  customer: string | null; payment_intent: string; payment_method: string | null;
  paid: boolean; refunded: boolean; disputed: boolean; status: "succeeded" | "failed";
  metadata: Metadata; receipt_url: string;
  payment_method_details: { type: "card"; card: { brand: string; last4: string } };
};

export type Refund = {
  id: string; object: "refund"; created: number; amount: number; currency: string; charge: string;
  payment_intent: string; status: "succeeded"; reason: string | null; metadata: Metadata;
};

export type Dispute = {
  id: string; object: "dispute"; created: number; livemode: false; amount: number; currency: string;
  charge: string; payment_intent: string; reason: string; status: "needs_response";
};

export type StripeObject = CheckoutSession | Customer | PaymentMethod | PaymentIntent | Charge | Refund | Dispute;

export type StripeEvent = {
  id: string; object: "event"; api_version: string; created: number; livemode: false; pending_webhooks: number;
  type: string; data: { object: Record<string, unknown> }; request: { id: string | null; idempotency_key: string | null };
};

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export function stripeId(prefix: string, length = 24): string {
  const bytes = crypto.randomBytes(length);
  let out = "";
  for (const b of bytes) out += ALPHABET[b % 62];
  return `${prefix}_${out}`;
}

export const now = (): number => Math.floor(Date.now() / 1000);

/** Public form of an object: drops the emulator's private `_` fields. */
export function publicView<T extends object>(obj: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(obj).filter(([k]) => !k.startsWith("_")));
}
