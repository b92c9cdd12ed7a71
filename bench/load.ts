// The load generator: `concurrency` workers on an undici Pool (keep-alive, one connection per
// worker), each sending requests back to back until the slice ends. Every response is timed
// on its own with performance.now(): total time, and for streams the time to the first body
// byte. Runs in the bench process; the gateways are separate processes measured by pid.
import { performance } from "node:perf_hooks";
import { Pool } from "undici";
import { CHARGE_FLUSH_MS } from "../lib/billing/settlement/charge-batching";

/**
 * How long to wait after a slice before reading a gateway's CPU: its post-response work
 * (settlement, and the charge writer's batch of the slice's last requests, written up to
 * CHARGE_FLUSH_MS later) then lands in that slice's CPU, the worker's and Postgres's.
 */
export const SETTLE_MS = CHARGE_FLUSH_MS + 300;

export function settle(ms = SETTLE_MS): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export type Target = {
  name: string;
  origin: string;
  path: string;
  headers: Record<string, string>;
  /** Per-worker headers (e.g. one API key per worker = one account per client); else `headers`. */
  headersFor?: (worker: number) => Record<string, string>;
  /** Model name as this target knows it. */
  model: string;
  /** The request body, when not the chat body of `model` (requestBody): e.g. POST /compare's. */
  body?: (stream: boolean) => string;
};

export type Samples = { latencies: number[]; ttfbs: number[]; errors: number; firstError?: string };

export function newSamples(): Samples {
  return { latencies: [], ttfbs: [], errors: 0 };
}

const pools = new Map<string, Pool>();

function poolFor(t: Target, concurrency: number): Pool {
  const key = `${t.name}:${concurrency}`;
  let p = pools.get(key);
  if (!p) {
    p = new Pool(t.origin, { connections: concurrency, pipelining: 1, keepAliveTimeout: 60_000 });
    pools.set(key, p);
  }
  return p;
}

/** POST /compare of the same request on `models` (streamed: SSE events ending [DONE]; else one document). */
export function compareBody(models: string[], stream: boolean): string {
  return JSON.stringify({
    models,
    messages: [{ role: "user", content: "Benchmark request: say hello in a few words." }],
    max_tokens: 64,
    stream,
  });
}

export function requestBody(model: string, stream: boolean): string {
  return JSON.stringify({
    model,
    messages: [{ role: "user", content: "Benchmark request: say hello in a few words." }],
    max_tokens: 64,
    ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  });
}

async function one(pool: Pool, t: Target, headers: Record<string, string>, body: string, stream: boolean, out: Samples): Promise<void> {
  const t0 = performance.now();
  try {
    const res = await pool.request({ method: "POST", path: t.path, headers, body });
    let ttfb = -1;
    let tail = "";
    for await (const chunk of res.body) {
      if (ttfb < 0) ttfb = performance.now() - t0;
      if (stream) tail = (tail + (chunk as Buffer).toString("latin1")).slice(-64);
    }
    const total = performance.now() - t0;
    if (res.statusCode !== 200 || (stream && !tail.includes("[DONE]"))) {
      out.errors++;
      out.firstError ??= `${t.name}: status ${res.statusCode}${stream ? ", tail " + JSON.stringify(tail) : ""}`;
      return;
    }
    out.latencies.push(total);
    if (stream) out.ttfbs.push(ttfb);
  } catch (err) {
    out.errors++;
    out.firstError ??= `${t.name}: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/** Runs `concurrency` closed-loop workers for `durationMs`, appending to `out`. */
export async function runSlice(t: Target, concurrency: number, stream: boolean, durationMs: number, out: Samples): Promise<void> {
  const pool = poolFor(t, concurrency);
  const body = t.body ? t.body(stream) : requestBody(t.model, stream);
  const end = performance.now() + durationMs;
  const worker = async (_: unknown, i: number) => {
    const headers = t.headersFor ? t.headersFor(i) : t.headers;
    while (performance.now() < end) await one(pool, t, headers, body, stream, out);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

export async function closePools(): Promise<void> {
  await Promise.all([...pools.values()].map((p) => p.close()));
  pools.clear();
}
