// Integration-test helpers for the chat pipeline: an in-process provider emulator wired into
// the gateway, official SDK clients pointed at a test API server, and read-backs of the money
// (balance, ledger) and the request log, waiting for the post-response settlement.
import { setTimeout as sleep } from "node:timers/promises";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { startEmulator, type EmulatorHandle } from "@/emulator/server";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { closeDb } from "@/lib/db";
import { pool } from "@/lib/sql/pool";
import { resetEnvForTests } from "@/lib/env";
import { computeCost, findModel, getPrice, type PriceSnapshot } from "@/lib/catalog";
import { flushCharges } from "@/lib/billing/settlement/charge-writer";
import type { ApiServer } from "@/lib/testing/api-servers";
import { assertTestDatabase } from "@/lib/testing/db-guard";
import { resetBreakersForTests } from "@/lib/routing/breaker";

/** 500 free credits in money units (1 credit = 1e10 units). */
export const SIGNUP_UNITS = 5_000_000_000_000n;

/**
 * Starts this file's own emulator and points the gateway at it. Call in beforeAll, before
 * the first gateway call of the file (providers-config caches the target per model).
 */
export async function startGatewayEmulator(): Promise<EmulatorHandle> {
  const emu = await startEmulator({ port: 0, recordLimit: 1000 });
  previousEmulatorUrl.set(emu, process.env.EMULATOR_URL);
  process.env.EMULATOR_URL = emu.url;
  resetEnvForTests();
  return emu;
}

const previousEmulatorUrl = new Map<EmulatorHandle, string | undefined>();

/** Closes the file's emulator and gives the process back the EMULATOR_URL it had. */
export async function stopGatewayEmulator(emu: EmulatorHandle): Promise<void> {
  await emu.close();
  const previous = previousEmulatorUrl.get(emu);
  previousEmulatorUrl.delete(emu);
  if (previous === undefined) delete process.env.EMULATOR_URL;
  else process.env.EMULATOR_URL = previous;
  resetEnvForTests();
}

/**
 * The usual file setup for gateway integration tests: guard the database, start the file's
 * emulator (then `setup` it), reset breakers (and, with `resetEach`, emulator overrides)
 * before each test, and clean up after the file. Read the handle as `ctx.emu` inside tests.
 */
export function useGatewayEmulator(opts: { setup?: (emu: EmulatorHandle) => void; resetEach?: boolean } = {}):
  { emu: EmulatorHandle } {
  const ctx = {} as { emu: EmulatorHandle };
  beforeAll(async () => {
    assertTestDatabase();
    ctx.emu = await startGatewayEmulator();
    opts.setup?.(ctx.emu);
  });
  afterAll(async () => {
    await stopGatewayEmulator(ctx.emu);
    await closeDb();
  });
  beforeEach(() => {
    resetBreakersForTests();
    if (opts.resetEach) ctx.emu.reset();
  });
  return ctx;
}

export function openaiFor(api: ApiServer, key: string): OpenAI {
  return new OpenAI({ apiKey: key, baseURL: api.baseUrl + "/v1", maxRetries: 0, timeout: 30_000 });
}

export function anthropicFor(api: ApiServer, key: string): Anthropic {
  return new Anthropic({ apiKey: key, baseURL: api.baseUrl, maxRetries: 0, timeout: 30_000 });
}

export function priceOf(modelId: string): PriceSnapshot {
  const model = findModel(modelId);
  const price = model ? getPrice(model) : null;
  if (!price) throw new Error(`test setup: no price for ${modelId}`);
  return price;
}

/** The exact cost of an OpenAI-shaped usage object at the catalog price of `modelId`. */
export function costOf(
  modelId: string, usage: { prompt_tokens: number; completion_tokens: number; cached_tokens?: number; cache_write_tokens?: number },
): bigint {
  return computeCost(priceOf(modelId), usage);
}

export { balanceOf, ledgerSum } from "@/lib/testing/money";

export type LedgerRow = { kind: string; amount: bigint; sourceId: string };

export async function ledgerRows(userId: string, sourceId?: string): Promise<LedgerRow[]> {
  const { rows } = await pool().query<{ kind: string; amount: string; source_id: string }>(
    `SELECT kind, amount, source_id FROM ledger_entries WHERE user_id = $1 ${sourceId ? "AND source_id = $2" : ""}
     ORDER BY created_at, kind`, sourceId ? [userId, sourceId] : [userId]);
  return rows.map((r) => ({ kind: r.kind, amount: BigInt(r.amount), sourceId: r.source_id }));
}

/** GET /v1/requests/{id} as the API answers it. */
export type RequestLogApi = {
  id: string;
  endpoint: string;
  requested_model: string;
  resolved_model: string | null;
  provider: string | null;
  status: number;
  error_class: string | null;
  error_message: string | null;
  stream: boolean;
  usage: { input_tokens: number; output_tokens: number; cached_tokens: number; source: "provider" | "estimated" | "none" };
  cost_units: string;
  reserved_units: string;
  price: { modelId: string; catalogVersion: string; inputPerToken: string; outputPerToken: string } | null;
  attempts: Array<{ model: string; provider: string; status: number | null; error?: string; latencyMs: number }>;
};


/**
 * Waits until the request's charge and log row are written (after the response, by the
 * charge writer), then reads the log through the API. Both are written in one statement, so
 * once the row exists the ledger is final for that request.
 */
export async function settledLog(api: ApiServer, key: string, requestId: string, timeoutMs = 10_000): Promise<RequestLogApi> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await flushCharges();
    const { rowCount } = await pool().query("SELECT 1 FROM request_logs WHERE id = $1", [requestId]);
    if (rowCount) break;
    if (Date.now() > deadline) throw new Error(`request log ${requestId} was never written`);
    await sleep(20);
  }
  const res = await fetch(`${api.baseUrl}/v1/requests/${requestId}`, { headers: { authorization: `Bearer ${key}` } });
  if (res.status !== 200) throw new Error(`GET /v1/requests/${requestId} answered ${res.status}`);
  return (await res.json()) as RequestLogApi;
}

/** Waits until `count` request logs exist for the user (all settled). */
export async function waitForLogCount(userId: string, count: number, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await flushCharges();
    const { rows } = await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM request_logs WHERE user_id = $1", [userId]);
    if (rows[0]!.n >= count) return;
    if (Date.now() > deadline) throw new Error(`only ${rows[0]!.n} of ${count} request logs were written`);
    await sleep(25);
  }
}

/** GET /v1/credits `balance_units` for the key's account. */
export async function creditsUnits(api: ApiServer, key: string): Promise<bigint> {
  const res = await fetch(`${api.baseUrl}/v1/credits`, { headers: { authorization: `Bearer ${key}` } });
  const body = (await res.json()) as { balance_units: string };
  return BigInt(body.balance_units);
}

export { sleep };
