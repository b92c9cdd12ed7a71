import { createParser } from "eventsource-parser";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { startEmulator, type EmulatorHandle } from "../server";
import { IMAGE_TOKENS, countTokens } from "../tokens";

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const responseSchema = z.object({
  candidates: z.array(
    z.object({
      content: z.object({
        role: z.literal("model"),
        parts: z.array(z.object({ text: z.string().optional(), functionCall: z.object({ name: z.string(), args: z.record(z.string(), z.unknown()) }).optional() })),
      }),
      finishReason: z.string().optional(),
      index: z.number(),
    }),
  ),
  usageMetadata: z
    .object({
      promptTokenCount: z.number(),
      candidatesTokenCount: z.number(),
      totalTokenCount: z.number(),
      cachedContentTokenCount: z.number().optional(),
    })
    .optional(),
  modelVersion: z.string(),
  responseId: z.string(),
});
type GeminiResponse = z.infer<typeof responseSchema>;

function call(model: string, method: string, body: unknown, opts: { query?: string; key?: string | null } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (opts.key !== null) headers["x-goog-api-key"] = opts.key ?? "test-key";
  return fetch(`${emu.url}/v1beta/models/${model}:${method}${opts.query ?? ""}`, { method: "POST", headers, body: JSON.stringify(body) });
}

async function generate(model: string, body: unknown): Promise<GeminiResponse> {
  const res = await call(model, "generateContent", body);
  expect(res.status).toBe(200);
  return responseSchema.parse(await res.json());
}

async function streamSse(model: string, body: unknown): Promise<GeminiResponse[]> {
  const res = await call(model, "streamGenerateContent", body, { query: "?alt=sse" });
  expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
  const out: GeminiResponse[] = [];
  const parser = createParser({ onEvent: (event) => out.push(responseSchema.parse(JSON.parse(event.data))) });
  parser.feed(await res.text());
  return out;
}

const user = (text: string) => ({ role: "user", parts: [{ text }] });
const textOf = (r: GeminiResponse) => r.candidates[0]!.content.parts.map((p) => p.text ?? "").join("");

describe("Gemini generateContent over plain fetch", () => {
  it("answers with text, STOP and exact usageMetadata", async () => {
    const res = await generate("gemini-2.5-flash", {
      systemInstruction: { parts: [{ text: "Be terse." }] },
      contents: [user("Explain photosynthesis")],
    });
    expect(textOf(res)).toMatch(/^Simulated reply from gemini-2.5-flash: Explain photosynthesis /);
    expect(res.candidates[0]!.finishReason).toBe("STOP");
    const prompt = countTokens("Be terse.") + countTokens("Explain photosynthesis");
    expect(res.usageMetadata).toEqual({ promptTokenCount: prompt, candidatesTokenCount: 24, totalTokenCount: prompt + 24 });
  });

  it("streams SSE chunks of ~one token whose text re-tokenizes to the final count", async () => {
    const chunks = await streamSse("emu-fast", { contents: [user("Hello")] });
    expect(chunks.length).toBeGreaterThanOrEqual(20);
    const text = chunks.map(textOf).join("");
    const last = chunks[chunks.length - 1]!;
    expect(last.candidates[0]!.finishReason).toBe("STOP");
    expect(chunks.slice(0, -1).every((c) => c.candidates[0]!.finishReason === undefined)).toBe(true);
    expect(last.usageMetadata?.candidatesTokenCount).toBe(countTokens(text));
  });

  it("streams a JSON array without alt=sse", async () => {
    const res = await call("emu-fast", "streamGenerateContent", { contents: [user("Hi")], generationConfig: { maxOutputTokens: 4 } });
    const array = z.array(responseSchema).parse(await res.json());
    expect(array.map(textOf).join("")).toBe("Simulated reply from");
    expect(array.at(-1)?.candidates[0]!.finishReason).toBe("MAX_TOKENS");
  });

  it("honours maxOutputTokens and stopSequences", async () => {
    const cut = await generate("emu-fast", { contents: [user("Hi")], generationConfig: { maxOutputTokens: 6 } });
    expect(cut.candidates[0]!.finishReason).toBe("MAX_TOKENS");
    expect(cut.usageMetadata?.candidatesTokenCount).toBe(6);
    expect(countTokens(textOf(cut))).toBe(6);
    const stopped = await generate("emu-fast", { contents: [user("Hi")], generationConfig: { stopSequences: [" reply"] } });
    expect(textOf(stopped)).toBe("Simulated");
    expect(stopped.candidates[0]!.finishReason).toBe("STOP");
  });

  it("does a functionCall → functionResponse round trip with upper-case schema types", async () => {
    const tools = [
      {
        functionDeclarations: [
          {
            name: "find_flights",
            description: "Search flights",
            parameters: {
              type: "OBJECT",
              properties: { from: { type: "STRING" }, to: { type: "STRING" }, passengers: { type: "INTEGER" } },
              required: ["from", "to"],
            },
          },
        ],
      },
    ];
    const first = await generate("emu-fast", { contents: [user("Flights Paris to Rome")], tools });
    const part = first.candidates[0]!.content.parts[0]!;
    expect(part.functionCall).toEqual({ name: "find_flights", args: { from: "sample from", to: "sample to", passengers: 1 } });
    expect(first.candidates[0]!.finishReason).toBe("STOP");
    expect(first.usageMetadata?.candidatesTokenCount).toBe(countTokens(JSON.stringify(part.functionCall?.args)));

    const second = await generate("emu-fast", {
      contents: [
        user("Flights Paris to Rome"),
        { role: "model", parts: [part] },
        { role: "user", parts: [{ functionResponse: { name: "find_flights", response: { flights: ["AF1234"] } } }] },
      ],
      tools,
    });
    expect(textOf(second)).toContain("the tool returned flights AF1234");

    const none = await generate("emu-fast", {
      contents: [user("Flights")],
      tools,
      toolConfig: { functionCallingConfig: { mode: "NONE" } },
    });
    expect(none.candidates[0]!.content.parts[0]!.functionCall).toBeUndefined();
  });

  it("returns schema-valid JSON for responseMimeType application/json", async () => {
    const res = await generate("emu-fast", {
      contents: [user("List a recipe")],
      generationConfig: {
        responseMimeType: "application/json",
        responseSchema: { type: "OBJECT", properties: { dish: { type: "STRING" }, minutes: { type: "NUMBER" } }, required: ["dish"] },
      },
    });
    expect(JSON.parse(textOf(res))).toEqual({ dish: "sample dish", minutes: 1 });
  });

  it("counts inlineData images, reports implicit cache hits and answers countTokens", async () => {
    const image = { inlineData: { mimeType: "image/png", data: "iVBORw0KGgo=" } };
    const res = await generate("emu-fast", { contents: [{ role: "user", parts: [image, { text: "Describe" }] }] });
    expect(res.usageMetadata?.promptTokenCount).toBe(IMAGE_TOKENS + countTokens("Describe"));

    const context = "Long shared context sentence. ".repeat(300);
    const body = (q: string) => ({ contents: [user(context), { role: "model", parts: [{ text: "OK" }] }, user(q)] });
    expect((await generate("emu-fast", body("one"))).usageMetadata?.cachedContentTokenCount).toBeUndefined();
    const hit = await generate("emu-fast", body("two"));
    expect(hit.usageMetadata?.cachedContentTokenCount).toBe(countTokens(context) + countTokens("OK"));

    const counted = await call("emu-fast", "countTokens", { contents: [{ role: "user", parts: [image, { text: "Describe" }] }] });
    expect(await counted.json()).toEqual({ totalTokens: IMAGE_TOKENS + countTokens("Describe") });
  });

  it("accepts ?key= and rejects a call without key (403), in Google's error shape", async () => {
    const viaQuery = await call("emu-fast", "generateContent", { contents: [user("Hi")] }, { key: null, query: "?key=SeCrEt-KeY" });
    expect(viaQuery.status).toBe(200);
    const noKey = await call("emu-fast", "generateContent", { contents: [user("Hi")] }, { key: null });
    expect(noKey.status).toBe(403);
    expect(await noKey.json()).toMatchObject({ error: { code: 403, status: "PERMISSION_DENIED" } });
    const bad = await call("emu-fast", "generateContent", { contents: [] });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 400, status: "INVALID_ARGUMENT" } });
    const recorded = emu.requests().find((r) => r.query.key !== undefined);
    expect(recorded).toMatchObject({ query: { key: "[redacted]" }, format: "gemini", model: "emu-fast" });
    expect(JSON.stringify(emu.requests())).not.toContain("SeCrEt-KeY");
  });

  it("fails like Google for emu-down / emu-rate-limited, and omits usage for emu-no-usage", async () => {
    const down = await call("emu-down", "generateContent", { contents: [user("Hi")] });
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ error: { code: 503, status: "UNAVAILABLE" } });
    const limited = await call("emu-rate-limited", "generateContent", { contents: [user("Hi")] });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
    expect(await limited.json()).toMatchObject({ error: { status: "RESOURCE_EXHAUSTED" } });
    const noUsage = await generate("emu-no-usage", { contents: [user("Hi")] });
    expect(noUsage.usageMetadata).toBeUndefined();
    const chunks = await streamSse("emu-no-usage", { contents: [user("Hi")] });
    expect(chunks.every((c) => c.usageMetadata === undefined)).toBe(true);
  });

  it("drops the connection after three chunks for emu-cut", async () => {
    const res = await call("emu-cut", "streamGenerateContent", { contents: [user("Hi")] }, { query: "?alt=sse" });
    await expect(res.text()).rejects.toThrow();
  });
});
