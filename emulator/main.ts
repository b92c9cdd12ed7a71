/**
 * CLI: `npx tsx emulator/main.ts --port 4010 [--host 127.0.0.1] [--config file.json]
 *       [--latency-ms N] [--ttft-ms N] [--tokens-per-second N] [--reply-tokens N]
 *       [--failure-rate X] [--fail-status N] [--omit-usage] [--record-limit N]`
 * Env fallbacks: EMULATOR_PORT, EMULATOR_HOST, EMULATOR_CONFIG, EMULATOR_LATENCY_MS,
 * EMULATOR_TTFT_MS, EMULATOR_TOKENS_PER_SECOND. The emulator is its own program, so it reads
 * argv/env here (the app reads env only in lib/env.ts).
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { emulatorConfigSchema, type BehaviorPatch } from "./behavior";
import { startEmulator } from "./server";

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    host: { type: "string" },
    config: { type: "string" },
    "latency-ms": { type: "string" },
    "ttft-ms": { type: "string" },
    "tokens-per-second": { type: "string" },
    "reply-tokens": { type: "string" },
    "failure-rate": { type: "string" },
    "fail-status": { type: "string" },
    "omit-usage": { type: "boolean" },
    "record-limit": { type: "string" },
    help: { type: "boolean", short: "h" },
  },
  strict: true,
});

if (values.help) {
  console.log(
    "usage: tsx emulator/main.ts [--port 4010] [--host 127.0.0.1] [--config file.json] [--latency-ms N] [--ttft-ms N]\n" +
      "       [--tokens-per-second N] [--reply-tokens N] [--failure-rate X] [--fail-status N] [--omit-usage] [--record-limit N]",
  );
  process.exit(0);
}

function num(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === "") return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n)) {
    console.error(`emulator: ${flag} must be a number, got "${raw}"`);
    process.exit(2);
  }
  return n;
}

const env = process.env;
const configPath = values.config ?? env.EMULATOR_CONFIG;
const fileConfig = configPath ? emulatorConfigSchema.parse(JSON.parse(readFileSync(configPath, "utf8"))) : {};

const flagOverrides: BehaviorPatch = {};
const set = <K extends keyof BehaviorPatch>(key: K, value: BehaviorPatch[K] | undefined) => {
  if (value !== undefined) flagOverrides[key] = value;
};
set("latencyMs", num("--latency-ms", values["latency-ms"] ?? env.EMULATOR_LATENCY_MS));
set("ttftMs", num("--ttft-ms", values["ttft-ms"] ?? env.EMULATOR_TTFT_MS));
set("tokensPerSecond", num("--tokens-per-second", values["tokens-per-second"] ?? env.EMULATOR_TOKENS_PER_SECOND));
set("replyTokens", num("--reply-tokens", values["reply-tokens"]));
set("failureRate", num("--failure-rate", values["failure-rate"]));
set("failStatus", num("--fail-status", values["fail-status"]));
if (values["omit-usage"]) flagOverrides.omitUsage = true;

const emulator = await startEmulator({
  port: num("--port", values.port ?? env.EMULATOR_PORT) ?? 4010,
  host: values.host ?? env.EMULATOR_HOST ?? "127.0.0.1",
  overrides: { ...(fileConfig.overrides ?? {}), ...flagOverrides },
  models: fileConfig.models,
  recordLimit: num("--record-limit", values["record-limit"]),
});

console.log(`provider emulator listening on ${emulator.url}`);
console.log(`  OpenAI:    ${emulator.url}/v1   Anthropic: ${emulator.url}   Gemini: ${emulator.url}/v1beta`);
if (Object.keys(flagOverrides).length > 0 || fileConfig.overrides) {
  console.log(`  overrides: ${JSON.stringify({ ...(fileConfig.overrides ?? {}), ...flagOverrides })}`);
}

let closing = false;
function shutdown(signal: string): void {
  if (closing) return;
  closing = true;
  console.log(`provider emulator: ${signal}, closing`);
  emulator.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
}
process.on("SIGINT", () => shutdown("SIGINT"));
process.on("SIGTERM", () => shutdown("SIGTERM"));
