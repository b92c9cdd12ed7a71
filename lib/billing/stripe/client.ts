// The one Stripe client: the official SDK, pointed at the local emulator when
// STRIPE_EMULATOR_URL is set (host/port/protocol — see STACK-NOTES), at Stripe otherwise.
import Stripe from "stripe";
import { AppError } from "@/lib/errors";
import { stripeConfig } from "@/lib/billing/stripe/config";
import { processSingleton } from "@/lib/shared-state";

export function createStripeClient(secretKey: string, emulatorUrl: string | null): Stripe {
  if (!emulatorUrl) return new Stripe(secretKey, { telemetry: false, maxNetworkRetries: 2, timeout: 20_000 });
  const u = new URL(emulatorUrl);
  return new Stripe(secretKey, {
    host: u.hostname,
    port: Number(u.port || (u.protocol === "https:" ? 443 : 80)),
    protocol: u.protocol === "https:" ? "https" : "http",
    telemetry: false,
    maxNetworkRetries: 0,
    timeout: 10_000,
  });
}

// One client per process and configuration (lib/shared-state.ts).
const current = processSingleton<{ entry: { key: string; client: Stripe } | null }>("stripeClient", () => ({ entry: null }));

export function stripe(): Stripe {
  const cfg = stripeConfig();
  if (!cfg.secretKey) throw new AppError("service_unavailable", "Payments are not configured on this server (STRIPE_SECRET_KEY is not set).");
  const cacheKey = `${cfg.secretKey}|${cfg.emulatorUrl ?? ""}`;
  if (current.entry?.key === cacheKey) return current.entry.client;
  const client = createStripeClient(cfg.secretKey, cfg.emulatorUrl);
  current.entry = { key: cacheKey, client };
  return client;
}
