// `npm test`: everything CI runs. Lints (ESLint + the dependency-cruiser boundaries), starts a
// throwaway PostgreSQL (its own folder and port),
// migrates and seeds it, runs the vitest unit + integration projects, builds the production
// app, runs the Playwright end-to-end suite against it (with the provider emulator), then
// removes the database. Prints one closing line "N passed, N failed".
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmulator } from "../emulator/server";
import { startAppStripeEmulator } from "../emulator/stripe/app-env";
import { freePort, startLocalPostgres } from "./lib/postgres";
import { startLocalRedis } from "./lib/redis";
import { applyMigrations } from "./lib/migrations";
import { run, runStatus } from "./lib/run";
import { readResults } from "./lib/test-results";

// `npm test -- unit int` runs a subset of phases; other arguments filter vitest files
// (`npm test -- int lib/gateway/chat/metering`), or Playwright specs when they start with e2e/
// (`npm test -- e2e e2e/keys.spec.ts`).
const PHASES = ["lint", "unit", "int", "e2e"];
const args = process.argv.slice(2);
const only = args.filter((a) => PHASES.includes(a));
const isSpec = (a: string) => a.startsWith("e2e/");
const fileFilters = args.filter((a) => !PHASES.includes(a) && !isSpec(a));
const specFilters = args.filter(isSpec);
const wants = (phase: string) => only.length === 0 || only.includes(phase);
// Lint first: it needs no services and fails fast. Skipped when only a vitest file filter is
// given (a developer iterating on one test).
let lintCode = 0;
if (wants("lint") && (only.length > 0 || fileFilters.length === 0)) lintCode = await runStatus("npm", ["run", "--silent", "lint"], process.env);
const root = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-test-"));
fs.chmodSync(root, 0o755);
const resultsDir = path.join(root, "results");
fs.mkdirSync(resultsDir);

const pg = await startLocalPostgres({ root: path.join(root, "pg"), port: await freePort(), database: "switchyard_test", ephemeral: true });
// One Redis for the run, offered to the tests that share counters as REDIS_TEST_URL (not
// REDIS_URL: the rest of the suite keeps the in-process, single-server behaviour).
const redis = await startLocalRedis({ dataDir: path.join(root, "redis"), port: await freePort() });
const emulator = await startEmulator({ port: 0 });
// Stripe emulator; webhooks reach the e2e server once its port is known. The delay lets the
// e2e test see the success page's "processing" state, as with real Stripe.
const stripe = await startAppStripeEmulator({ webhookSecret: "whsec_test_only_0123456789abcdef", webhookUrl: null, webhookDelayMs: 1500 });
let exitCode = 1;
try {
  await applyMigrations(pg.url);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: pg.url,
    EMULATOR_URL: emulator.url,
    NEXTAUTH_SECRET: "test-secret-not-for-production-0123456789",
    NEXT_TELEMETRY_DISABLED: "1",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    SWITCHYARD_TEST_DB: "1",
    REDIS_TEST_URL: redis.url,
    ...stripe.env,
    BYOK_ENCRYPTION_KEY: "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0", // test-only
  };
  await run("npx", ["tsx", "prisma/seed.ts"], env);
  const codes: number[] = [];
  if (wants("unit") || wants("int")) {
    const projects = ["unit", "int"].filter(wants).flatMap((p) => ["--project", p]);
    codes.push(await runStatus("npx", ["vitest", "run", ...fileFilters, ...projects, "--reporter=default",
      "--reporter=json", `--outputFile.json=${path.join(resultsDir, "vitest.json")}`], env));
  }
  if (wants("e2e")) {
    await run("npm", ["run", "build"], { ...env, NODE_ENV: "production" });
    const port = await freePort();
    stripe.emu.setWebhookUrl(`http://127.0.0.1:${port}/api/stripe/webhook`);
    codes.push(await runStatus("npx", ["playwright", "test", ...specFilters], {
      ...env, E2E_PORT: String(port), NEXTAUTH_URL: `http://127.0.0.1:${port}`, APP_URL: `http://127.0.0.1:${port}`,
      PLAYWRIGHT_JSON_OUTPUT_NAME: path.join(resultsDir, "playwright.json"),
    }));
  }
  const r = readResults(resultsDir);
  exitCode = lintCode === 0 && codes.every((c) => c === 0) && r.failed === 0 ? 0 : 1;
  if (lintCode !== 0) console.log("\nlint failed (see above)");
  console.log(`\n${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ""}`);
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
} finally {
  await emulator.close();
  await stripe.emu.close();
  await redis.stop();
  pg.stop();
  fs.rmSync(root, { recursive: true, force: true });
}
process.exit(exitCode);
