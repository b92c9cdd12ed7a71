// POST /api/stripe/webhook: verify the signature on the raw body, then dispatch through the
// allow-list. Answers: 400 bad signature (nothing changes), 200 handled/ignored/duplicate,
// 500 when a handler failed (Stripe retries; handlers are idempotent).
import Stripe from "stripe";
import { ZodError } from "zod";
import { pool } from "@/lib/db";
import { logger } from "@/lib/observability/logger";
import { stripeConfig } from "@/lib/billing/stripe/config";
import { EVENT_HANDLERS } from "@/lib/billing/stripe/events";
import type { HandlerResult, WebhookEvent } from "@/lib/billing/stripe/events/schemas";

export type WebhookAnswer = { status: number; body: Record<string, unknown> };

/** Stripe's default tolerance: signatures older than 5 minutes are refused (replay defence). */
const TOLERANCE_SECONDS = 300;
/** Stripe events are a few KB; refuse anything absurd before hashing it. */
const MAX_EVENT_BYTES = 1_000_000;

async function recordEvent(event: WebhookEvent, status: string, detail: string): Promise<void> {
  await pool().query(
    `INSERT INTO stripe_events (id, type, status, detail, processed_at) VALUES ($1, $2, $3, $4, now())
     ON CONFLICT (id) DO UPDATE SET deliveries = stripe_events.deliveries + 1,
       status = CASE WHEN stripe_events.status = 'processed' THEN 'processed' ELSE EXCLUDED.status END,
       detail = CASE WHEN stripe_events.status = 'processed' THEN stripe_events.detail ELSE EXCLUDED.detail END,
       processed_at = now()`,
    [event.id, event.type, status, detail.slice(0, 300)]);
}

export async function handleStripeWebhook(rawBody: string, signature: string | null): Promise<WebhookAnswer> {
  const secret = stripeConfig().webhookSecret;
  if (!secret) {
    logger().error("stripe webhook received but STRIPE_WEBHOOK_SECRET is not set");
    return { status: 503, body: { error: "Webhooks are not configured on this server." } };
  }
  if (!signature) return { status: 400, body: { error: "Missing Stripe-Signature header." } };
  if (rawBody.length > MAX_EVENT_BYTES) return { status: 413, body: { error: "Event payload too large." } };
  let event: WebhookEvent;
  try {
    event = Stripe.webhooks.constructEvent(rawBody, signature, secret, TOLERANCE_SECONDS) as unknown as WebhookEvent;
  } catch (err) {
    logger().warn({ reason: err instanceof Error ? err.message.slice(0, 120) : "invalid" }, "stripe webhook: signature rejected");
    return { status: 400, body: { error: "Invalid Stripe signature." } };
  }
  const handler = EVENT_HANDLERS[event.type];
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
