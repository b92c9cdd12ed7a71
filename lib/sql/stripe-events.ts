// stripe_events: every webhook delivery, by event id (how often, and what came of it).
import { definedCommand } from "@/lib/sql/query";

// A processed event stays processed: a later delivery only counts.
const record = definedCommand<[eventId: string, type: string, status: string, detail: string]>({
  name: "stripe_event_record",
  text: `INSERT INTO stripe_events (id, type, status, detail, processed_at) VALUES ($1, $2, $3, $4, now())
    ON CONFLICT (id) DO UPDATE SET deliveries = stripe_events.deliveries + 1,
      status = CASE WHEN stripe_events.status = 'processed' THEN 'processed' ELSE EXCLUDED.status END,
      detail = CASE WHEN stripe_events.status = 'processed' THEN stripe_events.detail ELSE EXCLUDED.detail END,
      processed_at = now()`,
});

export async function recordStripeEvent(eventId: string, type: string, status: string, detail: string): Promise<void> {
  await record.run([eventId, type, status, detail]);
}
