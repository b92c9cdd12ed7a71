// Which Stripe the app talks to: the local emulator (test mode), real Stripe, or none.
import { env } from "@/lib/env";

export type StripeMode = "emulator" | "test" | "live" | "off";

export type StripeConfig = {
  mode: StripeMode;
  secretKey: string | null;
  webhookSecret: string | null;
  emulatorUrl: string | null;
};

export function stripeConfig(): StripeConfig {
  const e = env();
  const secretKey = e.STRIPE_SECRET_KEY ?? null;
  const emulatorUrl = e.STRIPE_EMULATOR_URL ?? null;
  const mode: StripeMode = !secretKey ? "off" : emulatorUrl ? "emulator" : secretKey.startsWith("sk_live_") || secretKey.startsWith("rk_live_") ? "live" : "test";
  return { mode, secretKey, webhookSecret: e.STRIPE_WEBHOOK_SECRET ?? null, emulatorUrl };
}

/** True when payments are simulated: the dashboard shows a "test mode" banner. */
export function isTestMode(): boolean {
  const mode = stripeConfig().mode;
  return mode === "emulator" || mode === "test";
}

/** The app's public base URL for Stripe's redirects. */
export function appUrl(): string {
  const e = env();
  const url = e.APP_URL ?? e.NEXTAUTH_URL ?? `http://${e.HOST === "0.0.0.0" ? "localhost" : e.HOST}:${e.PORT}`;
  return url.replace(/\/+$/, "");
}
