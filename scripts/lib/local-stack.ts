// What `npm start` and `npm run dev` both bring up before the app server: the database
// (DATABASE_URL or the embedded cluster) with migrations and the price catalog, local secrets,
// and — when no real keys are configured — the provider emulator and the Stripe emulator.
// Every started part registers its stop in `cleanups`, and one shutdown runs them in reverse.
import type { ChildProcess } from "node:child_process";
import { startEmulator } from "../../emulator/server";
import { startAppStripeEmulator } from "../../emulator/stripe/app-env";
import { openDatabase } from "./database";
import { freePort } from "./postgres";
import { startLocalRedis } from "./redis";
import { applyMigrations } from "./migrations";
import { hasRealProviderKeys } from "./provider-keys";
import { run } from "./run";
import { localSecret } from "./secrets";

type Cleanup = () => void | Promise<void>;
const cleanups: Cleanup[] = [];

// One shutdown, however many triggers (Ctrl-C, then the app server exiting because of it):
// later callers wait for the same cleanup instead of exiting before Postgres has stopped.
let stopping: Promise<never> | null = null;
export function stopAll(code: number): Promise<never> {
  stopping ??= (async () => {
    for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => undefined);
    process.exit(code);
  })();
  return stopping;
}
process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));

export function onStop(c: Cleanup): void {
  cleanups.push(c);
}

/** Starts everything the app needs and returns the environment to run it with. */
export async function startLocalStack(o: { nodeEnv: "production" | "development"; host: string; port: number; publicUrl: string }):
  Promise<NodeJS.ProcessEnv> {
  const { url, embedded } = await openDatabase();
  if (embedded) {
    onStop(() => embedded.stop());
    console.log(`database: embedded PostgreSQL on 127.0.0.1:${embedded.port} (data in ${embedded.dataDir})`);
  } else {
    console.log("database: DATABASE_URL");
  }
  const applied = await applyMigrations(url);
  if (applied.length) console.log(`migrations applied: ${applied.join(", ")}`);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: o.nodeEnv,
    DATABASE_URL: url,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? process.env.AUTH_SECRET ?? localSecret("NEXTAUTH_SECRET"),
    NEXTAUTH_URL: o.publicUrl,
    PORT: String(o.port),
    HOST: o.host,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  if (!env.EMULATOR_URL && !hasRealProviderKeys(process.env)) {
    const emu = await startEmulator({ port: Number(process.env.EMULATOR_PORT ?? 0) });
    onStop(() => emu.close());
    env.EMULATOR_URL = emu.url;
    console.log(`providers: none configured — simulated models from the built-in emulator (${emu.url})`);
  }
  // Several API workers count limits, throttles and breakers once only through Redis
  // (lib/redis): without REDIS_URL, a project-local one, like the embedded Postgres.
  const workers = process.env.WEB_CONCURRENCY ?? "1";
  if (!env.REDIS_URL && (workers === "0" || Number(workers) > 1)) {
    const redis = await startLocalRedis({ dataDir: ".data/redis", port: Number(process.env.REDIS_PORT ?? await freePort()) });
    onStop(() => redis.stop());
    env.REDIS_URL = redis.url;
    console.log(`shared counters: local Redis on 127.0.0.1:${redis.port} (${workers === "0" ? "one worker per core" : `${workers} workers`})`);
  }
  env.BYOK_ENCRYPTION_KEY ??= localSecret("BYOK_ENCRYPTION_KEY");
  if (!env.STRIPE_SECRET_KEY && !env.STRIPE_EMULATOR_URL) {
    // No Stripe keys: checkout goes to the built-in Stripe emulator (test mode banner).
    const appHost = o.host === "0.0.0.0" ? "127.0.0.1" : o.host;
    const stripeEmu = await startAppStripeEmulator({
      port: Number(process.env.STRIPE_EMULATOR_PORT ?? 0), webhookSecret: localSecret("STRIPE_WEBHOOK_SECRET"),
      webhookUrl: `http://${appHost}:${o.port}/api/stripe/webhook`,
    });
    onStop(() => stripeEmu.emu.close());
    Object.assign(env, stripeEmu.env);
    console.log(`payments: no Stripe keys — test mode with the built-in Stripe emulator (${stripeEmu.emu.url})`);
  }
  await run("npx", ["tsx", "prisma/seed.ts"], env);
  return env;
}

/** Ties a child app server into the shutdown: stopping stops it, and its exit stops the rest. */
export function superviseServer(server: ChildProcess): void {
  onStop(() => new Promise<void>((resolve) => {
    if (server.exitCode !== null) return resolve();
    server.once("exit", () => resolve());
    server.kill("SIGTERM");
  }));
  server.once("exit", (code) => void stopAll(code ?? 0));
}
