// POST /api/stripe/webhook: verify the signature on the raw body, then dispatch through the
// allow-list. Answers: 400 bad signature or a signed payload that is no event (nothing
// changes), 200 handled/ignored/duplicate, 500 when a handler failed (Stripe retries;
// handlers are idempotent).
import Stripe from "stripe";
import { z, ZodError } from "zod";
import { logger } from "@/lib/observability/logger";
import { pgText } from "@/lib/pg-text";
import { stripeConfig } from "@/lib/billing/stripe/config";
import { EVENT_HANDLERS } from "@/lib/billing/stripe/events";
import type { HandlerResult, WebhookEvent } from "@/lib/billing/stripe/events/schemas";
import { recordStripeEvent } from "@/lib/sql/stripe-events";

export type WebhookAnswer = { status: number; body: Record<string, unknown> };

/** Stripe's default tolerance: signatures older than 5 minutes are refused (replay defence). */
const TOLERANCE_SECONDS = 300;
/** Stripe events are a few KB; refuse anything absurd before hashing it. */
const MAX_EVENT_BYTES = 1_000_000;

/** The envelope every Stripe event has; checked before `type` picks a handler or `id` reaches SQL. */
const eventEnvelope = z.looseObject({
  id: pgText().min(1).max(255),
  type: pgText().min(1).max(255),
  data: z.looseObject({ object: z.unknown() }),
});

async function recordEvent(event: WebhookEvent, status: string, detail: string): Promise<void> {
  await recordStripeEvent(event.id, event.type, status, detail.slice(0, 300));
}

export async function handleStripeWebhook(rawBody: string, signature: string | null): Promise<WebhookAnswer> {
  const secret = stripeConfig().webhookSecret;
  if (!secret) {
    logger().error("stripe webhook received but STRIPE_WEBHOOK_SECRET is not set");
    return { status: 503, body: { error: "Webhooks are not configured on this server." } };
  }
  if (!signature) return { status: 400, body: { error: "Missing Stripe-Signature header." } };
  if (rawBody.length > MAX_EVENT_BYTES) return { status: 413, body: { error: "Event payload too large." } };
  let signed: unknown;
  try {
    signed = Stripe.webhooks.constructEvent(rawBody, signature, secret, TOLERANCE_SECONDS);
  } catch (err) {
    logger().warn({ reason: err instanceof Error ? err.message.slice(0, 120) : "invalid" }, "stripe webhook: signature rejected");
    return { status: 400, body: { error: "Invalid Stripe signature." } };
  }
  // Signed but not an event (only a holder of the secret can send one): refused, not a crash.
  const envelope = eventEnvelope.safeParse(signed);
  if (!envelope.success) {
    logger().warn("stripe webhook: signed payload is not an event");
    return { status: 400, body: { error: "Malformed event." } };
  }
  const event = envelope.data as WebhookEvent;
  // Own keys only: "constructor" or "__proto__" must not find Object.prototype's members.
  const handler = Object.hasOwn(EVENT_HANDLERS, event.type) ? EVENT_HANDLERS[event.type] : undefined;
  if (!handler) {
    await recordEvent(event, "ignored", "event type not handled");
    return { status: 200, body: { received: true, ignored: true } };
  }
  let result: HandlerResult;
  try {
    result = await handler(event);
  } catch (err) {
    const reason = err instanceof ZodError ? `malformed payload at ${err.issues.map((i) => i.path.join(".")).join(", ")}`
      : err instanceof Error ? err.message : String(err);
    logger().error({ eventId: event.id, type: event.type, err: reason.slice(0, 300) }, "stripe webhook: handler failed");
    await recordEvent(event, "failed", "handler error").catch(() => undefined);
    return { status: 500, body: { error: "Could not process the event; Stripe will retry." } };
  }
  await recordEvent(event, result.status, result.detail);
  logger().info({ eventId: event.id, type: event.type, outcome: result.detail }, "stripe webhook");
  return { status: 200, body: { received: true, outcome: result.detail } };
}
