// Per-stage CPU of the gateway's pure-JS work for one benchmark request, in-process, no I/O:
// `tsx bench/experiments/micro.ts`. Complements bench/experiments/profile.ts (which includes I/O but samples wall time).
import { performance } from "node:perf_hooks";
import { createParser } from "eventsource-parser";
import { parseChatCompletionsBody } from "@/lib/gateway/formats/openai/parse";
import { PromptSize, reservationFor } from "@/lib/gateway/chat/estimate";
import { resolveChain } from "@/lib/gateway/chat/resolve-chain";
import { toOpenAIBody, OPENAI_DIALECT, OpenAIStreamMapper, toCanonicalOpenAIResponse } from "@/lib/providers/openai";
import { chunkSerializer, toChatCompletion } from "@/lib/gateway/formats/openai/response";
import { hashApiKey } from "@/lib/api-keys/generate-key";
import { createId } from "@/lib/ids";
import { requestBody } from "../load";
import type { CanonicalChunk } from "@/lib/providers/types";

process.env.EMULATOR_URL ??= "http://127.0.0.1:9";
const N = 20_000;
function time(name: string, fn: () => unknown): void {
  for (let i = 0; i < 2000; i++) fn(); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < N; i++) fn();
  console.log(`${((1000 * (performance.now() - t0)) / N).toFixed(1).padStart(7)} µs  ${name}`);
}

const raw = requestBody("sim/fast", true);
const body = JSON.parse(raw);
const parsed = parseChatCompletionsBody(body);
if (!parsed.ok) throw new Error("parse");
const canonical = parsed.value.canonical;
const links = resolveChain(parsed.value.models, []);
const jsonAnswer = JSON.stringify({ id: "chatcmpl-1", object: "chat.completion", created: 1, model: "emu-fast",
  choices: [{ index: 0, message: { role: "assistant", content: "Simulated reply from emu-fast: Benchmark request: say hello in a few words. lorem ipsum dolor sit amet" }, finish_reason: "stop" }],
  usage: { prompt_tokens: 20, completion_tokens: 24, total_tokens: 44 } });
const events: string[] = [];
for (let i = 0; i < 24; i++) events.push(`data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"emu-fast","choices":[{"index":0,"delta":{"content":" tok${i}"},"finish_reason":null}]}\n\n`);
events.push(`data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"emu-fast","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n`);
events.push(`data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"emu-fast","choices":[],"usage":{"prompt_tokens":20,"completion_tokens":24,"total_tokens":44}}\n\ndata: [DONE]\n\n`);
const sse = events.join("");

time("JSON.parse request body", () => JSON.parse(raw));
time("parseChatCompletionsBody (zod + mapping)", () => parseChatCompletionsBody(body));
time("sha256 of the API key", () => hashApiKey("sk-sy-0123456789012345678901234567890123456789abc"));
time("resolveChain", () => resolveChain(parsed.value.models, []));
time("PromptSize bound (request path)", () => new PromptSize(canonical).bound);
time("PromptSize exact (tokenizer)", () => new PromptSize(canonical).exact());
time("reservationFor", () => reservationFor(links, 20, canonical));
time("createId (ledger id)", () => createId("le"));
time("toOpenAIBody + stringify", () => JSON.stringify(toOpenAIBody({ ...canonical, model: "emu-fast" }, OPENAI_DIALECT)));
time("JSON answer: parse + toCanonicalResponse", () => toCanonicalOpenAIResponse(JSON.parse(jsonAnswer), "emulator", "emu-fast"));
const resp = toCanonicalOpenAIResponse(JSON.parse(jsonAnswer), "emulator", "emu-fast");
time("JSON answer: toChatCompletion + stringify", () => JSON.stringify(toChatCompletion(resp, "sim/fast")));
time("stream: SSE parse + map 26 events", () => {
  const m = new OpenAIStreamMapper("emulator", "k", "emu-fast");
  const out: CanonicalChunk[] = [];
  const p = createParser({ onEvent: (e) => m.onEvent(e, out) });
  p.feed(sse);
  return out;
});
const chunks: CanonicalChunk[] = [];
{
  const m = new OpenAIStreamMapper("emulator", "k", "emu-fast");
  createParser({ onEvent: (e) => m.onEvent(e, chunks) }).feed(sse);
}
time("stream: serialize 26 chunks", () => chunks.map(chunkSerializer("sim/fast")));
