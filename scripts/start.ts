// `npm start`: the whole product on embedded defaults. Database: DATABASE_URL, or a local
// Postgres under .data/. Providers: real keys from the environment, or the built-in
// provider emulator (simulated models). Builds when the build is missing or stale.
import { startEmulator } from "../emulator/server";
import { startAppStripeEmulator } from "../emulator/stripe/app-env";
import { openDatabase } from "./lib/database";
import { applyMigrations } from "./lib/migrations";
import { buildIsCurrent } from "./lib/build-state";
import { run, startChild } from "./lib/run";
import { localSecret } from "./lib/secrets";
import { hasRealProviderKeys } from "./lib/provider-keys";

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";
const publicUrl = process.env.NEXTAUTH_URL ?? `http://${host === "0.0.0.0" ? "localhost" : host}:${port}`;

const cleanups: Array<() => void | Promise<void>> = [];
// One shutdown, however many triggers (Ctrl-C, then the app server exiting because of it):
// later callers wait for the same cleanup instead of exiting before Postgres has stopped.
let stopping: Promise<never> | null = null;
function stopAll(code: number): Promise<never> {
  stopping ??= (async () => {
    for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => undefined);
    process.exit(code);
  })();
  return stopping;
}
process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));

try {
  const { url, embedded } = await openDatabase();
  if (embedded) {
    cleanups.push(() => embedded.stop());
    console.log(`database: embedded PostgreSQL on 127.0.0.1:${embedded.port} (data in ${embedded.dataDir})`);
  } else {
    console.log("database: DATABASE_URL");
  }
  const applied = await applyMigrations(url);
  if (applied.length) console.log(`migrations applied: ${applied.join(", ")}`);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: url,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? process.env.AUTH_SECRET ?? localSecret("NEXTAUTH_SECRET"),
    NEXTAUTH_URL: publicUrl,
    PORT: String(port),
    HOST: host,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  if (!env.EMULATOR_URL && !hasRealProviderKeys(process.env)) {
    const emu = await startEmulator({ port: Number(process.env.EMULATOR_PORT ?? 0) });
    cleanups.push(() => emu.close());
    env.EMULATOR_URL = emu.url;
    console.log(`providers: none configured — simulated models from the built-in emulator (${emu.url})`);
  }
  env.BYOK_ENCRYPTION_KEY ??= localSecret("BYOK_ENCRYPTION_KEY");
  if (!env.STRIPE_SECRET_KEY && !env.STRIPE_EMULATOR_URL) {
    // No Stripe keys: checkout goes to the built-in Stripe emulator (test mode banner).
    const appHost = host === "0.0.0.0" ? "127.0.0.1" : host;
    const stripeEmu = await startAppStripeEmulator({
      port: Number(process.env.STRIPE_EMULATOR_PORT ?? 0), webhookSecret: localSecret("STRIPE_WEBHOOK_SECRET"),
      webhookUrl: `http://${appHost}:${port}/api/stripe/webhook`,
    });
    cleanups.push(() => stripeEmu.emu.close());
    Object.assign(env, stripeEmu.env);
    console.log(`payments: no Stripe keys — test mode with the built-in Stripe emulator (${stripeEmu.emu.url})`);
  }
  await run("npx", ["tsx", "prisma/seed.ts"], env);
  if (!buildIsCurrent() || process.argv.includes("--rebuild")) {
    console.log("building (first start or sources changed)…");
    await run("npm", ["run", "build"], env);
  }
  const server = startChild("node", ["dist/server.mjs"], env);
  cleanups.push(() => new Promise<void>((resolve) => {
    if (server.exitCode !== null) return resolve();
    server.once("exit", () => resolve());
    server.kill("SIGTERM");
  }));
  server.once("exit", (code) => void stopAll(code ?? 0));
  console.log(`\n  Switchyard is starting at ${publicUrl}  (Ctrl-C stops everything)\n`);
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  await stopAll(1);
}
