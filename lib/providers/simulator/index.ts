// The in-process simulator that answers test-mode keys (docs/test-mode.md): a provider adapter
// like the others, so its answers go through the gateway's usual sinks and reach the client in
// the wire format of the endpoint it called. No network, no emulator process, no provider key:
// it works the same on a deployment with real provider keys and on one with none.
//
// Faults scripted by x-switchyard-simulate (directive.ts) come as AppErrors, which the gateway
// passes to the client unchanged and never fails over or counts against a circuit breaker: the
// client sees exactly the failure it asked for, and the next request is unaffected.
import { setTimeout as sleep } from "node:timers/promises";
import { toAbortSignal, type Cancel } from "@/lib/cancel";
import { AppError, errorCodes, type ErrorCode } from "@/lib/errors";
import { randomBase62 } from "@/lib/ids";
import { ChunkStream } from "../chunk-stream";
import {
  UpstreamError, type CallOptions, type CanonicalChunk, type CanonicalRequest, type CanonicalResponse, type ProviderAdapter,
  type Usage,
} from "@/lib/providers/types";
import { SIMULATE_HEADER, simulationFor, type Simulation } from "@/lib/providers/simulator/directive";
import { buildReply, type SimulatedReply } from "@/lib/providers/simulator/reply";

export { SIMULATE_HEADER, attachSimulation, parseSimulation, type Simulation } from "@/lib/providers/simulator/directive";

/** Without a script: a first token after ~a quarter second, then a brisk model's pace. */
export const DEFAULT_LATENCY_MS = 250;
export const DEFAULT_TOKENS_PER_SECOND = 150;

type WireFormat = ProviderAdapter["wireFormat"];
const ID_PREFIX: Record<WireFormat, string> = { openai: "chatcmpl-", anthropic: "msg_", gemini: "gen-" };

const NONE: Simulation = {};

async function pause(ms: number, signal: Cancel): Promise<void> {
  if (signal.aborted) throw new UpstreamError("simulator request aborted by the client", null, "aborted", false);
  if (ms <= 0) return;
  try {
    await sleep(ms, undefined, { signal: toAbortSignal(signal) });
  } catch {
    throw new UpstreamError("simulator request aborted by the client", null, "aborted", false);
  }
}

const codeFor = (status: number): ErrorCode =>
  (Object.keys(errorCodes) as ErrorCode[]).find((c) => errorCodes[c].status === status) ?? "upstream_error";

/** The scripted refusal, if any (after the latency, as a real upstream would answer). */
function scriptedFailure(sim: Simulation): AppError | null {
  if (sim.rateLimit !== undefined) {
    return new AppError("rate_limit_exceeded",
      `Rate limit reached (simulated by ${SIMULATE_HEADER}: rate_limit=${sim.rateLimit}). Retry in ${sim.rateLimit} s.`,
      null, { "retry-after": String(sim.rateLimit) });
  }
  if (sim.status === undefined) return null;
  const retry: Record<string, string> = sim.status === 429 || sim.status === 503 ? { "retry-after": "1" } : {};
  return new AppError(codeFor(sim.status), `Simulated ${sim.status} error (${SIMULATE_HEADER}: status=${sim.status}).`, null, retry);
}

function cutError(tokens: number): AppError {
  return new AppError("upstream_error",
    `The upstream connection was cut after ${tokens} output tokens (simulated by ${SIMULATE_HEADER}: cut_after_tokens=${tokens}).`);
}

const msFor = (tokens: number, sim: Simulation) => {
  const tps = sim.tokensPerSecond ?? DEFAULT_TOKENS_PER_SECOND;
  return tps === 0 ? 0 : (tokens * 1000) / tps;
};

function usageOf(reply: SimulatedReply, completion: number): Usage {
  return { prompt_tokens: reply.promptTokens, completion_tokens: completion, total_tokens: reply.promptTokens + completion };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

function adapter(wireFormat: WireFormat): ProviderAdapter {
  const newId = () => ID_PREFIX[wireFormat] + randomBase62(24);
  return {
    wireFormat,
    async complete(req: CanonicalRequest, opts: CallOptions): Promise<CanonicalResponse> {
      const sim = simulationFor(opts.signal) ?? NONE;
      await pause(sim.latencyMs ?? DEFAULT_LATENCY_MS, opts.signal);
      const refusal = scriptedFailure(sim);
      if (refusal) throw refusal;
      const reply = buildReply(req, req.model);
      const total = sum(reply.tokens);
      if (sim.cutAfterTokens !== undefined && sim.cutAfterTokens < total) {
        await pause(msFor(sim.cutAfterTokens, sim), opts.signal);
        throw cutError(sim.cutAfterTokens);
      }
      await pause(msFor(total, sim), opts.signal);
      const text = reply.pieces.join("");
      return {
        id: newId(), created: Math.floor(Date.now() / 1000), model: req.model,
        message: reply.toolCall
          ? { role: "assistant", content: null,
            tool_calls: [{ id: "call_" + randomBase62(24), type: "function", function: { name: reply.toolCall.name, arguments: text } }] }
          : { role: "assistant", content: text },
        finish_reason: reply.finish, usage: usageOf(reply, total),
      };
    },
    stream(req: CanonicalRequest, opts: CallOptions): ChunkStream {
      return ChunkStream.of(simulatedChunks(req, opts, newId()));
    },
  };
}

/** The simulated answer, a chunk at a time, paced like a model (one chunk per batch). */
async function* simulatedChunks(req: CanonicalRequest, opts: CallOptions, id: string): AsyncGenerator<CanonicalChunk> {
  const sim = simulationFor(opts.signal) ?? NONE;
  await pause(sim.latencyMs ?? DEFAULT_LATENCY_MS, opts.signal);
  const refusal = scriptedFailure(sim);
  if (refusal) throw refusal;
  const reply = buildReply(req, req.model);
  const created = Math.floor(Date.now() / 1000);
  const chunk = (delta: CanonicalChunk["delta"], extra: Partial<CanonicalChunk> = {}): CanonicalChunk =>
    ({ id, created, model: req.model, delta, ...extra });
  const cut = sim.cutAfterTokens;
  if (cut === 0) throw cutError(0);
  let sent = 0;
  if (reply.toolCall) {
    yield chunk({ role: "assistant", tool_calls: [{ index: 0, id: "call_" + randomBase62(24), type: "function",
      function: { name: reply.toolCall.name, arguments: "" } }] });
  }
  for (let i = 0; i < reply.pieces.length; i++) {
    const n = reply.tokens[i]!;
    await pause(msFor(n, sim), opts.signal);
    const piece = reply.pieces[i]!;
    yield reply.toolCall
      ? chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] })
      : chunk(i === 0 ? { role: "assistant", content: piece } : { content: piece });
    sent += n;
    if (cut !== undefined && sent >= cut && i < reply.pieces.length - 1) throw cutError(cut);
  }
  yield chunk({}, { finish_reason: reply.finish });
  yield chunk({}, { usage: usageOf(reply, sent) });
}

const adapters: Record<WireFormat, ProviderAdapter> = {
  openai: adapter("openai"), anthropic: adapter("anthropic"), gemini: adapter("gemini"),
};

/** The simulator speaking as an upstream of `wireFormat` (ids in that provider's style). */
export function simulatorAdapter(wireFormat: WireFormat): ProviderAdapter {
  return adapters[wireFormat];
}
