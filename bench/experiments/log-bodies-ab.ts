// A/B of what issue #18 point 4 changed on a successful request, in-process, no I/O:
// `npx tsx bench/experiments/log-bodies-ab.ts`. Before the response: the stream loop's
// per-chunk bookkeeping (pipe-stream.ts: the same loop, which now also returns its pieces) and readJson leaving the body on the request (one property store). After the response
// (counted by the bench's CPU per request too): the stored response body — the canonical
// response before, the chat.completion document now; nothing for a stream before, the
// assembled answer now. Rounds alternate A and B so machine noise hits both alike.
import { performance } from "node:perf_hooks";
import { createParser } from "eventsource-parser";
import { OpenAIStreamMapper, toCanonicalOpenAIResponse } from "@/lib/providers/openai";
import type { CanonicalChunk, FinishReason, Usage } from "@/lib/providers/types";
import { sanitizeLogBody } from "@/lib/observability/log-body";
import { responseDocument, streamedDocument, ToolCallPieces, type StreamedPieces } from "@/lib/gateway/chat/streamed-answer";

const N = 50_000;
const ROUNDS = 7;

function bench(fn: () => unknown): number {
  const t0 = performance.now();
  for (let i = 0; i < N; i++) fn();
  return (1000 * (performance.now() - t0)) / N;
}

function ab(name: string, a: () => unknown, b: () => unknown): void {
  for (let i = 0; i < 5000; i++) {
    a();
    b();
  }
  const ta: number[] = [];
  const tb: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    ta.push(bench(a));
    tb.push(bench(b));
  }
  const med = (xs: number[]) => xs.sort((x, y) => x - y)[xs.length >> 1]!;
  console.log(`${name.padEnd(58)} before ${med(ta).toFixed(3).padStart(7)} µs   now ${med(tb).toFixed(3).padStart(7)} µs`);
}

// The bench's stream: 24 content chunks, a finish chunk, a usage chunk (emu-fast).
const events: string[] = [];
for (let i = 0; i < 24; i++) events.push(`data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"emu-fast","choices":[{"index":0,"delta":{"content":" tok${i}"},"finish_reason":null}]}\n\n`);
events.push(`data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"emu-fast","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n`);
events.push(`data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"emu-fast","choices":[],"usage":{"prompt_tokens":20,"completion_tokens":24,"total_tokens":44}}\n\ndata: [DONE]\n\n`);
const chunks: CanonicalChunk[] = [];
{
  const m = new OpenAIStreamMapper("emulator", "k", "emu-fast");
  createParser({ onEvent: (e) => m.onEvent(e, chunks) }).feed(events.join(""));
}
let sunk = 0;
const sink = (c: CanonicalChunk) => {
  sunk += c.delta.content?.length ?? 0;
};

let lastParts: string[] = [];
// pipe-stream.ts as it was: the closure and the parts array.
function streamBefore(): string {
  const parts: string[] = [];
  let usage: Usage | null = null;
  let finish: FinishReason | null = null;
  const take = (c: CanonicalChunk) => {
    if (c.usage) usage = c.usage;
    if (c.finish_reason) finish = c.finish_reason;
    if (c.delta.content) parts.push(c.delta.content);
    if (c.delta.tool_calls) for (const t of c.delta.tool_calls) if (t.function?.arguments) parts.push(t.function.arguments);
    sink(c);
  };
  for (const c of chunks) take(c);
  lastParts = parts; // both versions keep what they collected past the loop (the real one awaits between chunks)
  return usage && finish ? "" : parts.join("");
}

let lastPieces: StreamedPieces | null = null;
// pipe-stream.ts now: the same loop, tool calls noted by ToolCallPieces, the pieces returned.
function streamNow(): string {
  const parts: string[] = [];
  let usage: Usage | null = null;
  let finish: FinishReason | null = null;
  let tools: ToolCallPieces | null = null;
  const take = (c: CanonicalChunk) => {
    if (c.usage) usage = c.usage;
    if (c.finish_reason) finish = c.finish_reason;
    if (c.delta.content) parts.push(c.delta.content);
    if (c.delta.tool_calls) (tools ??= new ToolCallPieces()).take(c.delta.tool_calls, parts);
    sink(c);
  };
  for (const c of chunks) take(c);
  lastPieces = { id: "chatcmpl-1", created: 1, model: "sim/fast", parts, finish, tools };
  return usage ? "" : parts.join("");
}

// readJson: the door's request object, with and without the parsed body left on it.
type Req = { method: string; path: string; requestId: string; startedAt: number; header(n: string): string | undefined; json?: unknown };
const header = () => undefined;
const parsedBody = { model: "sim/fast", messages: [{ role: "user", content: "hi" }] };
let seen = 0;
function reqBefore(): void {
  const req: Req = { method: "POST", path: "/chat/completions", requestId: "req_1", startedAt: seen, header };
  seen += req.path.length + req.requestId.length;
}
function reqNow(): void {
  const req: Req = { method: "POST", path: "/chat/completions", requestId: "req_1", startedAt: seen, header };
  req.json = parsedBody;
  seen += req.path.length + req.requestId.length;
}

const resp = toCanonicalOpenAIResponse({ id: "chatcmpl-1", object: "chat.completion", created: 1, model: "emu-fast",
  choices: [{ index: 0, message: { role: "assistant", content: "Simulated reply from emu-fast: Benchmark request: say hello in a few words. lorem ipsum dolor sit amet" }, finish_reason: "stop" }],
  usage: { prompt_tokens: 20, completion_tokens: 24, total_tokens: 44 } }, "emulator", "emu-fast");
const usage: Usage = { prompt_tokens: 20, completion_tokens: 24, total_tokens: 44 };
streamNow();

console.log(`${N} iterations × ${ROUNDS} rounds, medians (µs per request)`);
ab("before the response: stream bookkeeping, 26 chunks", streamBefore, streamNow);
ab("before the response: request object (+ req.json store)", reqBefore, reqNow);
ab("after the response: JSON answer's stored body", () => sanitizeLogBody(resp), () => sanitizeLogBody(responseDocument(resp, "sim/fast", usage)));
ab("after the response: stream's stored body (none → assembled)", () => sanitizeLogBody(null), () => sanitizeLogBody(streamedDocument(lastPieces!, usage)));
if (sunk < 0) console.log(sunk, lastParts);
