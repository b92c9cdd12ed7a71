// Webhook delivery like Stripe's: asynchronous (after the API call that caused the event has
// answered), signed `Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.payload">` with the
// endpoint secret, retried with backoff on a non-2xx answer or a network error.
import crypto from "node:crypto";
import type { StripeEvent } from "./objects";

export type Delivery = { eventId: string; type: string; attempt: number; status: number | null; at: number };

export type WebhookConfig = {
  url: string | null;
  secret: string;
  /** Wait before the first attempt (Stripe: usually well under a second). */
  delayMs: number;
  /** Waits between attempts; its length + 1 is the number of attempts. */
  retryDelaysMs: number[];
};

export function signPayload(payload: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const v1 = crypto.createHmac("sha256", secret).update(`${timestamp}.${payload}`, "utf8").digest("hex");
  return `t=${timestamp},v1=${v1}`;
}

export class WebhookSender {
  readonly deliveries: Delivery[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private pendingCount = 0;
  private closed = false;

  constructor(readonly config: WebhookConfig) {}

  /** Schedules delivery of `event` (a snapshot is taken now, like Stripe's event payloads). */
  send(event: StripeEvent, times = 1): void {
    const payload = JSON.stringify(event, null, 2);
    for (let i = 0; i < times; i++) this.schedule(event, payload, 1, this.config.delayMs);
  }

  pending(): number {
    return this.pendingCount;
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private schedule(event: StripeEvent, payload: string, attempt: number, delay: number): void {
    if (this.closed) return;
    this.pendingCount++;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(event, payload, attempt).finally(() => this.pendingCount--);
    }, delay);
    this.timers.add(timer);
  }

  private async attempt(event: StripeEvent, payload: string, attempt: number): Promise<void> {
    const url = this.config.url;
    if (!url || this.closed) return;
    let status: number | null;
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json; charset=utf-8",
          "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
          "stripe-signature": signPayload(payload, this.config.secret),
        },
        body: payload,
        signal: AbortSignal.timeout(20_000),
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
    } catch {
      status = null; // connection refused, timeout: retried like a 5xx
    }
    this.deliveries.push({ eventId: event.id, type: event.type, attempt, status, at: Date.now() });
    const ok = status !== null && status >= 200 && status < 300;
    const wait = this.config.retryDelaysMs[attempt - 1];
    if (!ok && wait !== undefined) this.schedule(event, payload, attempt + 1, wait);
  }
}
