// The fields of webhook payloads the handlers read, validated at the edge.
import { z } from "zod";

const idOrObject = z.union([z.string(), z.object({ id: z.string() }).passthrough()]).nullable().optional()
  .transform((v) => (v == null ? null : typeof v === "string" ? v : v.id));

export const checkoutSessionSchema = z.object({
  id: z.string(),
  client_reference_id: z.string().nullable().optional(),
  payment_status: z.string(),
  amount_total: z.number().int().nullable(),
  currency: z.string().nullable(),
  customer: idOrObject,
  payment_intent: idOrObject,
});
export type CheckoutSessionPayload = z.infer<typeof checkoutSessionSchema>;

export const chargeSchema = z.object({
  id: z.string(),
  amount: z.number().int(),
  amount_refunded: z.number().int(),
  currency: z.string(),
  payment_intent: idOrObject,
});

export const disputeSchema = z.object({
  id: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  charge: idOrObject,
  payment_intent: idOrObject,
});

export const paymentIntentSchema = z.object({
  id: z.string(),
  metadata: z.record(z.string(), z.string()).default({}),
  last_payment_error: z.object({ message: z.string().optional(), code: z.string().optional() }).nullable().optional(),
});

export type WebhookEvent = { id: string; type: string; data: { object: unknown } };
export type HandlerResult = { status: "processed" | "ignored"; detail: string };
export type EventHandler = (event: WebhookEvent) => Promise<HandlerResult>;
