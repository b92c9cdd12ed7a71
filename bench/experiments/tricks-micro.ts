// `tsx bench/experiments/tricks-micro.ts [rounds=5]`: in-process CPU (µs) of the pure-JS
// stages the hot path's tricks touch, for the benchmark's request and the emulator's answer
// (captured bytes: 1 role + 20 content events, finish, usage). Each variant runs in its own
// child process with SWITCHYARD_NO_TRICKS=<variant> (lib/perf-tricks.ts, read at load);
// variants are interleaved round by round; prints the median of the per-round medians
// (each the median of 40 batches of 1000 calls, timed in process CPU time).
// VARIANTS=on,shape,… (default: on, each pure-JS trick alone, both off). A hot loop flatters
// the zod-free checks less than it flatters cached or templated code: for the tricks of
// issue #17 the in-server profile (profile.ts + profile-inclusive.ts) is what decided.
import { execFileSync } from "node:child_process";
import path from "node:path";

const EMU_HEAD = '{"id":"chatcmpl-emu00000001","object":"chat.completion.chunk","created":1796562361,"model":"emu-fast","system_fingerprint":"fp_emulator","choices":[';
const WORDS = ["Simulated", " reply", " from", " emu-fast:", " Benchmark", " request", " say", " hello", " in", " a", " few", " words",
  " cobalt", " beacon", " forest", " pepper", " nectar", " violet", " bridge", "."];
const USAGE = '{"prompt_tokens":10,"completion_tokens":24,"total_tokens":34,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}';
const event = (delta: string, finish = "null") => `data: ${EMU_HEAD}{"index":0,"delta":${delta},"logprobs":null,"finish_reason":${finish}}],"usage":null}\n\n`;
const SSE = [
  event('{"role":"assistant","content":"","refusal":null}'),
  ...WORDS.map((w) => event(`{"content":${JSON.stringify(w)}}`)),
  event("{}", '"stop"'),
  `data: ${EMU_HEAD}],"usage":${USAGE}}\n\n`,
  "data: [DONE]\n\n",
].join("");
const JSON_ANSWER = `{"id":"chatcmpl-emu00000003","created":1796562363,"model":"emu-fast","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"Simulated reply from emu-fast: Benchmark request say hello in a few words cobalt beacon forest pepper nectar violet bridge.","refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],"usage":${USAGE},"service_tier":"default","system_fingerprint":"fp_emulator"}`;

async function child(): Promise<void> {
  process.env.EMULATOR_URL ??= "http://127.0.0.1:9";
  const { createParser } = await import("eventsource-parser");
  const { parseChatCompletionsBody } = await import("@/lib/gateway/formats/openai/parse");
  const { OpenAIStreamMapper, toCanonicalOpenAIResponse } = await import("@/lib/providers/openai");
  const { chunkSerializer, serializeUsageChunk } = await import("@/lib/gateway/formats/openai/response");
  const { requestBody } = await import("../load");
  type Chunk = import("@/lib/providers/types").CanonicalChunk;
  const raw = requestBody("sim/fast", true);
  const mapAll = (): Chunk[] => {
    const m = new OpenAIStreamMapper("emulator", "k", "emu-fast");
    const out: Chunk[] = [];
    createParser({ onEvent: (e) => m.onEvent(e, out) }).feed(SSE);
    return out;
  };
  const chunks = mapAll();
  if (chunks.length !== 23) throw new Error(`expected 23 chunks, got ${chunks.length}`);
  const usage = { prompt_tokens: 10, completion_tokens: 24, total_tokens: 34 };
  const stages: Record<string, () => unknown> = {
    "request body: JSON.parse + parse": () => parseChatCompletionsBody(JSON.parse(raw)),
    "JSON answer: JSON.parse + map": () => toCanonicalOpenAIResponse(JSON.parse(JSON_ANSWER), "emulator", "emu-fast"),
    "stream: frame + map 25 events": mapAll,
    "stream: serialize 23 chunks + usage": () => {
      let n = 0;
      const serialize = chunkSerializer("sim/fast");
      for (const c of chunks) n += serialize(c).length;
      return n + serializeUsageChunk(chunks[0]!.id, chunks[0]!.created, "sim/fast", usage).length;
    },
  };
  const out: Record<string, number> = {};
  for (const [name, fn] of Object.entries(stages)) {
    for (let i = 0; i < 3000; i++) fn(); // warm-up (JIT)
    const batches: number[] = [];
    for (let b = 0; b < 40; b++) {
      // CPU time, not wall time: on a shared machine most batches are preempted at some point.
      const t0 = process.cpuUsage();
      for (let i = 0; i < 1000; i++) fn();
      const t = process.cpuUsage(t0);
      batches.push((t.user + t.system) / 1000);
    }
    batches.sort((a, b) => a - b);
    out[name] = batches[batches.length >> 1]!; // the median batch: preemption by other processes drops out
  }
  console.log(JSON.stringify(out));
}

function parent(): void {
  const rounds = Number(process.argv[2] ?? 5);
  const variants = (process.env.VARIANTS ?? "on,shape,simple-body,shape+simple-body").split(",");
  const results = new Map<string, Array<Record<string, number>>>(variants.map((v) => [v, []]));
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < variants.length; i++) {
      const v = variants[(i + r) % variants.length]!;
      const text = execFileSync(process.execPath, ["--import", "tsx", import.meta.filename, "--child"], {
        env: { ...process.env, SWITCHYARD_NO_TRICKS: v === "on" ? "" : v.replaceAll("+", ",") }, encoding: "utf8",
      });
      results.get(v)!.push(JSON.parse(text.trim().split("\n").at(-1)!) as Record<string, number>);
    }
    console.error(`round ${r + 1}/${rounds}`);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  const stages = Object.keys(results.get(variants[0]!)![0]!);
  const on = results.get("on");
  console.log(`µs per request, median of ${rounds} interleaved rounds [min, max]; Δ = variant − on`);
  for (const s of stages) {
    console.log(`\n${s}`);
    const base = on ? median(on.map((x) => x[s]!)) : NaN;
    for (const v of variants) {
      const xs = results.get(v)!.map((x) => x[s]!);
      const m = median(xs);
      console.log(`  ${v.padEnd(48)} ${m.toFixed(2).padStart(7)} [${Math.min(...xs).toFixed(2)}, ${Math.max(...xs).toFixed(2)}]` +
        (v === "on" ? "" : `  Δ ${(m - base >= 0 ? "+" : "") + (m - base).toFixed(2)}`));
    }
  }
}

if (process.argv.includes("--child")) await child();
else {
  process.chdir(path.resolve(import.meta.dirname, "../.."));
  parent();
}
