// The simulator as an adapter: realistic replies (text, tool calls, JSON), exact usage,
// max_tokens and stop sequences honoured, and every scripted fault.
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { countPromptTokens, countTextTokens } from "@/lib/catalog";
import { UpstreamError, type CanonicalChunk, type CanonicalRequest } from "@/lib/providers/types";
import { attachSimulation, simulatorAdapter, type Simulation } from "@/lib/providers/simulator";

const target = { baseUrl: "simulator://", apiKey: "" };
const ask = (over: Partial<CanonicalRequest> = {}): CanonicalRequest => ({
  model: "openai/gpt-4o-mini", stream: false, messages: [{ role: "user", content: "What is the capital of France?" }], ...over,
});

/** A fresh signal carrying `sim` (latency 0 and no pacing unless the test says otherwise). */
function signalWith(sim: Simulation = {}): AbortSignal {
  const signal = new AbortController().signal;
  attachSimulation(signal, { latencyMs: 0, tokensPerSecond: 0, ...sim });
  return signal;
}

async function collect(it: AsyncIterable<CanonicalChunk>): Promise<CanonicalChunk[]> {
  const out: CanonicalChunk[] = [];
  for await (const c of it) out.push(c);
  return out;
}

const sim = simulatorAdapter("openai");

describe("replies", () => {
  it("answers in prose that says what it is, with exact usage", async () => {
    const req = ask();
    const r = await sim.complete(req, { target, signal: signalWith() });
    expect(r.id).toMatch(/^chatcmpl-[0-9A-Za-z]{24}$/);
    expect(r.message.content).toMatch(/^This is a simulated reply from openai\/gpt-4o-mini \(Switchyard test mode\)\. You asked: "What is the capital of France\?"\./);
    expect(r.finish_reason).toBe("stop");
    expect(r.usage!.prompt_tokens).toBe(countPromptTokens(req.messages));
    expect(r.usage!.completion_tokens).toBeGreaterThan(30);
    expect(Math.abs(r.usage!.completion_tokens - countTextTokens(r.message.content!))).toBeLessThanOrEqual(3);
    // Deterministic: the same request gets the same text.
    expect((await sim.complete(req, { target, signal: signalWith() })).message.content).toBe(r.message.content);
  });

  it("stops at max_tokens with finish_reason length, and before a stop sequence", async () => {
    const cut = await sim.complete(ask({ max_tokens: 7 }), { target, signal: signalWith() });
    expect(cut.finish_reason).toBe("length");
    expect(cut.usage!.completion_tokens).toBeLessThanOrEqual(7);
    const stopped = await sim.complete(ask({ stop: ["test mode"] }), { target, signal: signalWith() });
    expect(stopped.message.content).toBe("This is a simulated reply from openai/gpt-4o-mini (Switchyard ");
    expect(stopped.finish_reason).toBe("stop");
  });

  it("calls the offered tool with arguments that fit its schema, and answers after the result", async () => {
    const tools = [{ type: "function" as const, function: { name: "get_weather", parameters: {
      type: "object", properties: { city: { type: "string" }, unit: { type: "string", enum: ["celsius", "fahrenheit"] } },
      required: ["city", "unit"] } } }];
    const call = await sim.complete(ask({ tools }), { target, signal: signalWith() });
    expect(call.finish_reason).toBe("tool_calls");
    expect(call.message.tool_calls![0]!.function.name).toBe("get_weather");
    expect(JSON.parse(call.message.tool_calls![0]!.function.arguments)).toEqual({ city: "What", unit: "celsius" });
    const after = await sim.complete(ask({ tools, messages: [
      { role: "user", content: "Weather in Paris?" },
      { role: "assistant", content: null, tool_calls: call.message.tool_calls },
      { role: "tool", tool_call_id: call.message.tool_calls![0]!.id, content: "18 degrees and sunny" },
    ] }), { target, signal: signalWith() });
    expect(after.finish_reason).toBe("stop");
    expect(after.message.content).toMatch(/The tool returned: "18 degrees and sunny"/);
  });

  it("answers JSON for response_format json_schema", async () => {
    const r = await sim.complete(ask({ response_format: { type: "json_schema", json_schema: { name: "x", schema: {
      type: "object", properties: { answer: { type: "string" }, confidence: { type: "number", minimum: 0 } }, required: ["answer", "confidence"] } } } }),
    { target, signal: signalWith() });
    expect(JSON.parse(r.message.content!)).toEqual({ answer: "What", confidence: 0 });
  });

  it("streams token-sized chunks, then finish_reason, then usage", async () => {
    const chunks = await collect(sim.stream(ask({ stream: true }), { target, signal: signalWith() }));
    expect(chunks[0]!.delta).toEqual({ role: "assistant", content: "This" });
    const text = chunks.map((c) => c.delta.content ?? "").join("");
    const done = await sim.complete(ask(), { target, signal: signalWith() });
    expect(text).toBe(done.message.content);
    expect(chunks.at(-2)!.finish_reason).toBe("stop");
    expect(chunks.at(-1)!.usage).toEqual(done.usage);
  });
});

describe("scripted faults", () => {
  it("status=N answers that status (retry-after on 429/503) after the latency", async () => {
    const t0 = performance.now();
    const err = await sim.complete(ask(), { target, signal: signalWith({ status: 503, latencyMs: 120 }) }).catch((e: unknown) => e);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(110);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(503);
    expect((err as AppError).headers).toEqual({ "retry-after": "1" });
    expect((err as AppError).message).toBe("Simulated 503 error (x-switchyard-simulate: status=503).");
    const bad = await sim.complete(ask(), { target, signal: signalWith({ status: 400 }) }).catch((e: unknown) => e);
    expect((bad as AppError).status).toBe(400);
  });

  it("rate_limit=N answers 429 with retry-after N", async () => {
    const err = (await sim.complete(ask(), { target, signal: signalWith({ rateLimit: 7 }) }).catch((e: unknown) => e)) as AppError;
    expect(err.status).toBe(429);
    expect(err.headers["retry-after"]).toBe("7");
  });

  it("cut_after_tokens breaks a stream off after that many tokens (JSON answers fail with 502)", async () => {
    const out: CanonicalChunk[] = [];
    const err = await (async () => {
      for await (const c of sim.stream(ask({ stream: true }), { target, signal: signalWith({ cutAfterTokens: 5 }) })) out.push(c);
    })().catch((e: unknown) => e);
    expect((err as AppError).status).toBe(502);
    expect((err as AppError).message).toMatch(/cut after 5 output tokens/);
    expect(out).toHaveLength(5); // one-token pieces
    const json = (await sim.complete(ask(), { target, signal: signalWith({ cutAfterTokens: 5 }) }).catch((e: unknown) => e)) as AppError;
    expect(json.status).toBe(502);
  });

  it("paces tokens and stops when the client goes away", async () => {
    const controller = new AbortController();
    attachSimulation(controller.signal, { latencyMs: 0, tokensPerSecond: 100 });
    setTimeout(() => controller.abort(), 60);
    const t0 = performance.now();
    const err = await collect(sim.stream(ask({ stream: true }), { target, signal: controller.signal })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect((err as UpstreamError).kind).toBe("aborted");
    expect(performance.now() - t0).toBeLessThan(200);
  });

  it("without a script: a realistic first-token delay", async () => {
    const t0 = performance.now();
    await sim.complete(ask({ max_tokens: 1 }), { target, signal: new AbortController().signal });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(200);
  });
});
