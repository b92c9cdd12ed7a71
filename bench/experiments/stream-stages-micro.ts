// `tsx bench/experiments/stream-stages-micro.ts <stream.txt>`: the per-event stages of a stream in
// a hot loop — decoding, SSE framing, JSON.parse, the OpenAI mapper, serializing our events, the
// async iteration — on a recorded answer (e.g. the emulator's: `curl -N …/v1/chat/completions`
// with `"stream": true` > stream.txt). Microseconds per whole stream.
import fs from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { createParser, type EventSourceMessage } from "eventsource-parser";
import { OpenAIStreamMapper } from "@/lib/providers/openai/stream";
import { chunkSerializer } from "@/lib/gateway/formats/openai/response";
import type { CanonicalChunk } from "@/lib/providers/types";

const file = process.argv[2];
if (!file) throw new Error("usage: stream-stages-micro.ts <recorded SSE answer>");
const text = fs.readFileSync(file, "utf8");
const bytes = Buffer.from(text);
const N = 20000;
function time(label: string, fn: () => void) {
  for (let i = 0; i < 2000; i++) fn();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) fn();
  console.log(label, (Number(process.hrtime.bigint() - t0) / 1000 / N).toFixed(2), "µs per stream");
}
time("decode (TextDecoder)", () => { new TextDecoder().decode(bytes, { stream: true }); });
time("decode (StringDecoder)", () => { new StringDecoder("utf8").write(bytes); });
time("frame (eventsource-parser)", () => {
  const evs: EventSourceMessage[] = [];
  const p = createParser({ onEvent: (e) => evs.push(e) });
  p.feed(new TextDecoder().decode(bytes, { stream: true }));
});
const evs: EventSourceMessage[] = [];
createParser({ onEvent: (e) => evs.push(e) }).feed(text);
time("JSON.parse each", () => { for (const e of evs) if (e.data !== "[DONE]") JSON.parse(e.data); });
time("map (parse+shape+canonical)", () => {
  const m = new OpenAIStreamMapper("openai", "k", "emu-fast");
  const out: CanonicalChunk[] = [];
  for (const e of evs) m.onEvent(e, out);
});
const m = new OpenAIStreamMapper("openai", "k", "emu-fast");
const chunks: CanonicalChunk[] = [];
for (const e of evs) m.onEvent(e, chunks);
let sink = 0; // keeps the results alive so the loop is not optimised away
time("serialize", () => { let s = ""; const serialize = chunkSerializer("sim/fast"); for (const c of chunks) s += serialize(c); sink += s.length; });
async function* gen() { for (const c of chunks) yield c; }
const t0 = process.hrtime.bigint();
for (let i = 0; i < N; i++) { const it = gen(); for (;;) { const r = await it.next(); if (r.done) break; } }
console.log("async generator", (Number(process.hrtime.bigint() - t0) / 1000 / N).toFixed(2), "µs per stream");
if (sink < 0) console.log(sink);
