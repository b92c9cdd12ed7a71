// The slice of Stripe's REST API that Switchyard uses, spoken the way the stripe SDK expects.
import { invalid, missing, noSuch, StripeApiError } from "./errors";
import type { FormObject, FormValue } from "./form";
import { now, publicView, stripeId, type CheckoutSession, type Customer, type Metadata } from "./objects";
import type { StripeState } from "./state";

type Handler = (state: StripeState, params: FormObject, id: string, request: { id: string; idempotencyKey: string | null }) => unknown;

const str = (v: FormValue | undefined): string | undefined => (typeof v === "string" ? v : undefined);

function obj(v: FormValue | undefined): FormObject {
  return v && typeof v === "object" && !Array.isArray(v) ? v : {};
}

function metadataOf(v: FormValue | undefined): Metadata {
  const out: Metadata = {};
  for (const [k, val] of Object.entries(obj(v))) {
    if (typeof val !== "string") throw invalid(`metadata[${k}]`, "Metadata values must be strings.");
    if (k.length > 40 || val.length > 500) throw invalid(`metadata[${k}]`, "Metadata keys are at most 40 and values at most 500 characters.");
    out[k] = val;
  }
  return out;
}

function intParam(params: FormObject, name: string, label = name): number {
  const raw = str(params[name]);
  if (raw === undefined) throw missing(label);
  if (!/^\d+$/.test(raw)) throw invalid(label, `Invalid integer: ${raw}`);
  return Number(raw);
}

function currencyOf(raw: string | undefined, param: string): string {
  if (!raw) throw missing(param);
  const c = raw.toLowerCase();
  if (!/^[a-z]{3}$/.test(c)) throw invalid(param, `Invalid currency: ${raw}.`);
  return c;
}

function amountOf(raw: number, param: string): number {
  if (raw < 50) throw invalid(param, "Amount must be at least $0.50 usd");
  if (raw > 99_999_999) throw invalid(param, "Amount must be no more than $999,999.99");
  return raw;
}

function expand(state: StripeState, o: Record<string, unknown>, params: FormObject): Record<string, unknown> {
  const wanted = params.expand;
  const list = Array.isArray(wanted) ? wanted.filter((x): x is string => typeof x === "string") : [];
  const out = { ...o };
  for (const field of list) {
    const ref = out[field];
    if (typeof ref !== "string") continue;
    const found = state.paymentIntents.get(ref) ?? state.customers.get(ref) ?? state.charges.get(ref) ?? state.paymentMethods.get(ref);
    if (found) out[field] = publicView(found);
  }
  return out;
}

const createSession: Handler = (state, p) => {
  if (str(p.mode) !== "payment") throw invalid("mode", "The emulator supports mode=payment only.");
  const successUrl = str(p.success_url);
  if (!successUrl) throw missing("success_url");
  const items = Array.isArray(p.line_items) ? p.line_items : [];
  if (items.length !== 1) throw invalid("line_items", "Pass exactly one line item with price_data.");
  const item = obj(items[0]);
  const price = obj(item.price_data);
  const quantity = str(item.quantity) ?? "1";
  if (!/^\d+$/.test(quantity) || Number(quantity) < 1) throw invalid("line_items[0][quantity]", "Quantity must be a positive integer.");
  const unit = intParam(price, "unit_amount", "line_items[0][price_data][unit_amount]");
  const currency = currencyOf(str(price.currency), "line_items[0][price_data][currency]");
  const total = amountOf(unit * Number(quantity), "line_items[0][price_data][unit_amount]");
  const customer = str(p.customer) ?? null;
  if (customer && !state.customers.has(customer)) throw noSuch("customer", customer);
  const clientRef = str(p.client_reference_id) ?? null;
  if (clientRef && clientRef.length > 200) throw invalid("client_reference_id", "client_reference_id must be at most 200 characters.");
  const pid = obj(p.payment_intent_data);
  const id = stripeId("cs_test", 58);
  const session: CheckoutSession = {
    id, object: "checkout.session", livemode: false, created: now(), expires_at: now() + 24 * 3600, mode: "payment",
    status: "open", payment_status: "unpaid", amount_subtotal: total, amount_total: total, currency,
    client_reference_id: clientRef, customer, customer_email: str(p.customer_email) ?? null,
    metadata: metadataOf(p.metadata), success_url: successUrl, cancel_url: str(p.cancel_url) ?? null,
    url: `${state.baseUrl}/pay/${id}`, payment_intent: null,
    _line_item: str(obj(price.product_data).name) ?? "Purchase", _pi_metadata: metadataOf(pid.metadata),
    _setup_future_usage: str(pid.setup_future_usage) ?? null, _last_error: null,
  };
  state.sessions.set(id, session);
  return publicView(session);
};

const createCustomer: Handler = (state, p) => {
  const c: Customer = { id: stripeId("cus", 14), object: "customer", created: now(), email: str(p.email) ?? null, metadata: metadataOf(p.metadata), livemode: false };
  state.customers.set(c.id, c);
  return c;
};

const createPaymentIntent: Handler = (state, p) => {
  const amount = amountOf(intParam(p, "amount"), "amount");
  const currency = currencyOf(str(p.currency), "currency");
  const bool = (v: FormValue | undefined) => v === "true";
  return state.createPaymentIntent({
    amount, currency, customer: str(p.customer) ?? null, paymentMethod: str(p.payment_method) ?? null,
    confirm: bool(p.confirm), offSession: bool(p.off_session), metadata: metadataOf(p.metadata),
  });
};

const createRefund: Handler = (state, p) => {
  const amount = p.amount === undefined ? undefined : intParam(p, "amount");
  if (amount !== undefined && amount < 1) throw invalid("amount", "Refund amount must be positive.");
  return state.refund({ charge: str(p.charge), paymentIntent: str(p.payment_intent), amount, reason: str(p.reason) ?? null });
};

function getter<T extends object>(pick: (s: StripeState) => Map<string, T>, what: string): Handler {
  return (state, params, id) => {
    const found = pick(state).get(id);
    if (!found) throw noSuch(what, id);
    return expand(state, publicView(found), params);
  };
}

type Route = { method: string; pattern: RegExp; handler: Handler };

const ROUTES: Route[] = [
  { method: "POST", pattern: /^\/v1\/checkout\/sessions$/, handler: createSession },
  { method: "GET", pattern: /^\/v1\/checkout\/sessions\/([^/]+)$/, handler: getter((s) => s.sessions, "checkout.session") },
  { method: "POST", pattern: /^\/v1\/checkout\/sessions\/([^/]+)\/expire$/, handler: (s, _p, id) => publicView(s.expireSession(id)) },
  { method: "POST", pattern: /^\/v1\/customers$/, handler: createCustomer },
  { method: "GET", pattern: /^\/v1\/customers\/([^/]+)$/, handler: getter((s) => s.customers, "customer") },
  { method: "GET", pattern: /^\/v1\/payment_methods\/([^/]+)$/, handler: getter((s) => s.paymentMethods, "payment_method") },
  { method: "POST", pattern: /^\/v1\/payment_intents$/, handler: createPaymentIntent },
  { method: "GET", pattern: /^\/v1\/payment_intents\/([^/]+)$/, handler: getter((s) => s.paymentIntents, "payment_intent") },
  { method: "GET", pattern: /^\/v1\/charges\/([^/]+)$/, handler: getter((s) => s.charges, "charge") },
  { method: "POST", pattern: /^\/v1\/refunds$/, handler: createRefund },
  { method: "GET", pattern: /^\/v1\/refunds\/([^/]+)$/, handler: getter((s) => s.refunds, "refund") },
];

export type ApiAnswer = { status: number; body: unknown; replayed: boolean };

/** Runs one API call, honouring Idempotency-Key for POSTs like Stripe does. */
export function callApi(
  state: StripeState, method: string, path: string, params: FormObject, rawBody: string, idempotencyKey: string | null,
): ApiAnswer {
  const route = ROUTES.find((r) => r.method === method && r.pattern.test(path));
  if (!route) throw new StripeApiError(404, "invalid_request_error", `Unrecognized request URL (${method}: ${path}).`);
  const id = decodeURIComponent(route.pattern.exec(path)?.[1] ?? "");
  const fingerprint = `${method} ${path} ${rawBody}`;
  if (method === "POST" && idempotencyKey) {
    const seen = state.idempotency.get(idempotencyKey);
    if (seen) {
      if (seen.fingerprint !== fingerprint) {
        throw new StripeApiError(400, "idempotency_error",
          `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`);
      }
      return { status: seen.status, body: seen.body, replayed: true };
    }
  }
  let status = 200;
  let body: unknown;
  try {
    body = route.handler(state, params, id, { id: stripeId("req", 14), idempotencyKey });
  } catch (err) {
    if (!(err instanceof StripeApiError)) throw err;
    status = err.status;
    body = err.body();
  }
  // Stripe stores the first answer, errors included (except its own 5xx), for 24 h.
  if (method === "POST" && idempotencyKey) state.idempotency.set(idempotencyKey, { fingerprint, status, body });
  return { status, body, replayed: false };
}
