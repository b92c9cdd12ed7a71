/**
 * CLI: `npx tsx emulator/stripe/main.ts [--port 12111] [--webhook-url URL] [--webhook-secret whsec_…]`
 * Env fallbacks: STRIPE_EMULATOR_PORT, STRIPE_EMULATOR_WEBHOOK_URL, STRIPE_WEBHOOK_SECRET.
 * The emulator is its own program, so it reads argv/env here (the app reads env in lib/env.ts).
 */
import { parseArgs } from "node:util";
import { startStripeEmulator } from "./server";

const { values } = parseArgs({
  options: {
    port: { type: "string" }, host: { type: "string" }, "webhook-url": { type: "string" }, "webhook-secret": { type: "string" },
  },
  strict: true,
});
const env = process.env;
const secret = values["webhook-secret"] ?? env.STRIPE_WEBHOOK_SECRET;
if (!secret) {
  console.error("stripe emulator: pass --webhook-secret whsec_… (the same value the app has in STRIPE_WEBHOOK_SECRET)");
  process.exit(2);
}
const emu = await startStripeEmulator({
  port: Number(values.port ?? env.STRIPE_EMULATOR_PORT ?? 12111),
  host: values.host ?? "127.0.0.1",
  webhookUrl: values["webhook-url"] ?? env.STRIPE_EMULATOR_WEBHOOK_URL ?? "http://127.0.0.1:3000/api/stripe/webhook",
  webhookSecret: secret,
});
console.log(`stripe emulator listening on ${emu.url} (set STRIPE_EMULATOR_URL=${emu.url})`);
const stop = () => void emu.close().then(() => process.exit(0));
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
