// The x-switchyard-simulate header of a test-mode request: semicolon- (or comma-) separated
// name=value pairs scripting what the simulator does to that one request, e.g.
// "status=503; latency_ms=800" or "cut_after_tokens=5". Every problem is reported by name, so a
// typo never silently turns a fault test into a passing one.
import type { Cancel } from "@/lib/cancel";

export const SIMULATE_HEADER = "x-switchyard-simulate";

export type Simulation = {
  /** Answer with this error status (after the latency). */
  status?: number;
  /** Delay before the first byte (stream) or the answer (JSON), in ms. */
  latencyMs?: number;
  /** Stop after this many output tokens: a stream breaks off with an error event; a JSON answer fails with 502. */
  cutAfterTokens?: number;
  /** Answer 429 with `retry-after: N`. */
  rateLimit?: number;
  /** Generation pace; 0 = all at once. */
  tokensPerSecond?: number;
};

/** The statuses the gateway itself answers with (lib/errors.ts), so a simulated one looks real. */
export const SIMULATED_STATUSES = [400, 401, 402, 403, 404, 408, 409, 413, 429, 500, 502, 503, 504] as const;

type Field = { key: keyof Simulation; min: number; max: number; allowed?: readonly number[] };

const FIELDS: Readonly<Record<string, Field>> = {
  status: { key: "status", min: 400, max: 599, allowed: SIMULATED_STATUSES },
  latency_ms: { key: "latencyMs", min: 0, max: 60_000 },
  cut_after_tokens: { key: "cutAfterTokens", min: 0, max: 100_000 },
  rate_limit: { key: "rateLimit", min: 1, max: 3_600 },
  tokens_per_second: { key: "tokensPerSecond", min: 0, max: 100_000 },
};

export const SIMULATE_NAMES = Object.keys(FIELDS);

export type ParsedSimulation = { ok: true; value: Simulation } | { ok: false; message: string };

const fail = (message: string): ParsedSimulation => ({ ok: false, message: `Invalid ${SIMULATE_HEADER} header: ${message}` });

export function parseSimulation(header: string): ParsedSimulation {
  const value: Simulation = {};
  for (const part of header.split(/[;,]/)) {
    const item = part.trim();
    if (!item) continue;
    const eq = item.indexOf("=");
    const name = (eq === -1 ? item : item.slice(0, eq)).trim();
    const field = FIELDS[name];
    if (!field) return fail(`unknown name '${name.slice(0, 40)}' (known: ${SIMULATE_NAMES.join(", ")}).`);
    if (value[field.key] !== undefined) return fail(`'${name}' is given twice.`);
    const text = eq === -1 ? "" : item.slice(eq + 1).trim();
    if (!/^\d{1,9}$/.test(text)) return fail(`'${name}' needs a whole number, got '${text.slice(0, 40)}'.`);
    const n = Number(text);
    if (n < field.min || n > field.max) return fail(`'${name}' must be between ${field.min} and ${field.max}, got ${n}.`);
    if (field.allowed && !field.allowed.includes(n)) {
      return fail(`'${name}' must be one of ${field.allowed.join(", ")} (the statuses the gateway answers with), got ${n}.`);
    }
    value[field.key] = n;
  }
  if (value.status !== undefined && value.rateLimit !== undefined) {
    return fail("'status' and 'rate_limit' cannot be combined (rate_limit=N already answers 429).");
  }
  return { ok: true, value };
}

// One request's simulation, found by the request's abort signal: the one object the gateway
// hands every adapter call (CallOptions.signal), so the script reaches the simulator without
// a field on the shared request types. Entries go with their request (WeakMap).
const bySignal = new WeakMap<Cancel, Simulation>();

export function attachSimulation(signal: Cancel, simulation: Simulation): void {
  bySignal.set(signal, simulation);
}

export function simulationFor(signal: Cancel): Simulation | undefined {
  return bySignal.get(signal);
}
