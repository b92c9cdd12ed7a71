// Stripe webhook endpoint. The signature covers the exact bytes Stripe sent: read the raw
// text, never parsed JSON. Everything else lives in lib/billing/stripe/webhook.ts.
import { handleStripeWebhook } from "@/lib/billing/stripe/webhook";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function POST(request: Request): Promise<Response> {
  const raw = await request.text();
  const answer = await handleStripeWebhook(raw, request.headers.get("stripe-signature"));
  return Response.json(answer.body, { status: answer.status });
}
