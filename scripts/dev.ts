// `npm run dev`: embedded database + emulator + server.ts in Next dev mode (HMR).
import { startEmulator } from "../emulator/server";
import { startAppStripeEmulator } from "../emulator/stripe/app-env";
import { openDatabase } from "./lib/database";
import { applyMigrations } from "./lib/migrations";
import { run, startChild } from "./lib/run";
import { localSecret } from "./lib/secrets";
import { hasRealProviderKeys } from "./lib/provider-keys";

const { url, embedded } = await openDatabase();
await applyMigrations(url);
const port = process.env.PORT ?? "3000";
const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "development",
  DATABASE_URL: url,
  NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? localSecret("NEXTAUTH_SECRET"),
  NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
  PORT: port,
  NEXT_TELEMETRY_DISABLED: "1",
};
const emu = !env.EMULATOR_URL && !hasRealProviderKeys(process.env) ? await startEmulator({ port: 0 }) : null;
if (emu) env.EMULATOR_URL = emu.url;
env.BYOK_ENCRYPTION_KEY ??= localSecret("BYOK_ENCRYPTION_KEY");
// No Stripe keys: the built-in Stripe emulator (test mode), webhooks to this dev server.
const stripeEmu = !env.STRIPE_SECRET_KEY && !env.STRIPE_EMULATOR_URL
  ? await startAppStripeEmulator({ webhookSecret: localSecret("STRIPE_WEBHOOK_SECRET"), webhookUrl: `http://127.0.0.1:${port}/api/stripe/webhook` })
  : null;
if (stripeEmu) Object.assign(env, stripeEmu.env);
await run("npx", ["tsx", "prisma/seed.ts"], env);
const server = startChild("npx", ["tsx", "server.ts", "--dev"], env);
let stopping: Promise<void> | null = null; // Ctrl-C and the server's exit both land here
const stop = () => (stopping ??= (async () => {
  server.kill("SIGTERM");
  await emu?.close();
  await stripeEmu?.emu.close();
  embedded?.stop();
  process.exit(0);
})());
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
server.once("exit", () => void stop());
