// Stripe's error envelope: `{ error: { type, code, message, param } }` with Stripe's statuses.
import type { PaymentIntent } from "./objects";

export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: "invalid_request_error" | "card_error" | "idempotency_error" | "api_error",
    message: string,
    readonly extra: { code?: string; param?: string; decline_code?: string; payment_intent?: PaymentIntent } = {},
  ) {
    super(message);
  }
  body(): { error: Record<string, unknown> } {
    return { error: { type: this.type, message: this.message, ...this.extra } };
  }
}

export const missing = (param: string) => new StripeApiError(400, "invalid_request_error", `Missing required param: ${param}.`, { code: "parameter_missing", param });
export const invalid = (param: string, message: string) => new StripeApiError(400, "invalid_request_error", message, { code: "parameter_invalid", param });
export const noSuch = (what: string, id: string) => new StripeApiError(404, "invalid_request_error", `No such ${what}: '${id}'`, { code: "resource_missing" });
