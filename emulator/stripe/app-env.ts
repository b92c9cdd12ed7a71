// How the start/dev/test scripts wire the app to an in-process Stripe emulator.
import { startStripeEmulator, type StripeEmulatorHandle } from "./server";

export const EMULATOR_SECRET_KEY = "sk_test_emulator";

export type EmulatedStripe = { emu: StripeEmulatorHandle; env: Record<string, string> };

/** Starts the emulator and returns the env vars that point the app at it. */
export async function startAppStripeEmulator(opts: {
  webhookSecret: string; webhookUrl: string | null; port?: number; webhookDelayMs?: number;
}): Promise<EmulatedStripe> {
  const secret = opts.webhookSecret.startsWith("whsec_") ? opts.webhookSecret : `whsec_${opts.webhookSecret}`;
  const emu = await startStripeEmulator({ port: opts.port ?? 0, webhookUrl: opts.webhookUrl, webhookSecret: secret, webhookDelayMs: opts.webhookDelayMs });
  return { emu, env: { STRIPE_SECRET_KEY: EMULATOR_SECRET_KEY, STRIPE_WEBHOOK_SECRET: secret, STRIPE_EMULATOR_URL: emu.url } };
}
