import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type EmulatorHandle } from "../server";
import { matchesSchema } from "../test-support";
import { IMAGE_TOKENS, countTokens } from "../tokens";

let emu: EmulatorHandle;
let client: OpenAI;

beforeAll(async () => {
  emu = await startEmulator();
  client = new OpenAI({ apiKey: "sk-test", baseURL: `${emu.url}/v1`, maxRetries: 0 });
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const weatherTool: OpenAI.Chat.ChatCompletionTool = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Current weather for a city",
    parameters: {
      type: "object",
      properties: {
        city: { type: "string" },
        unit: { type: "string", enum: ["celsius", "fahrenheit"] },
        days: { type: "integer", minimum: 1, maximum: 7 },
      },
      required: ["city", "unit", "days"],
      additionalProperties: false,
    },
  },
};
const timeTool: OpenAI.Chat.ChatCompletionTool = {
  type: "function",
  function: { name: "get_time", parameters: { type: "object", properties: { zone: { type: "string" } }, required: ["zone"] } },
};

async function collect(stream: AsyncIterable<OpenAI.Chat.ChatCompletionChunk>) {
  const chunks: OpenAI.Chat.ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe("OpenAI chat completions through the official SDK", () => {
  it("answers with a deterministic reply and exact usage", async () => {
    const prompt = "Tell me about the harbour of Marseille";
    const res = await client.chat.completions.create({ model: "emu-fast", messages: [{ role: "user", content: prompt }] });
    const text = res.choices[0]!.message.content ?? "";
    expect(text).toMatch(/^Simulated reply from emu-fast: Tell me about the harbour of Marseille /);
    expect(res.choices[0]!.finish_reason).toBe("stop");
    expect(res.object).toBe("chat.completion");
    expect(res.usage).toMatchObject({
      prompt_tokens: countTokens(prompt),
      completion_tokens: 24,
      total_tokens: countTokens(prompt) + 24,
      prompt_tokens_details: { cached_tokens: 0 },
    });
    expect(countTokens(text)).toBe(24);
  });

  it("streams ~one token per chunk, with a final usage chunk when asked", async () => {
    const stream = await client.chat.completions.create({
      model: "emu-fast",
      messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "Say hello" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = await collect(stream);
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? "").join("");
    const last = chunks[chunks.length - 1]!;
    expect(chunks[0]!.choices[0]!.delta.role).toBe("assistant");
    expect(last.choices).toEqual([]);
    expect(last.usage?.completion_tokens).toBe(countTokens(text));
    expect(last.usage?.prompt_tokens).toBe(countTokens("Be brief.") + countTokens("Say hello"));
    expect(chunks[chunks.length - 2]!.choices[0]!.finish_reason).toBe("stop");
    const contentChunks = chunks.filter((c) => c.choices[0]?.delta.content);
    expect(contentChunks.length).toBeGreaterThanOrEqual(20);

    const plain = await collect(await client.chat.completions.create({ model: "emu-fast", messages: [{ role: "user", content: "x" }], stream: true }));
    expect(plain.every((c) => c.usage == null)).toBe(true);
  });

  it("honours max_tokens / max_completion_tokens exactly and stop sequences", async () => {
    const cut = await client.chat.completions.create({ model: "emu-fast", max_tokens: 7, messages: [{ role: "user", content: "Hello" }] });
    expect(cut.choices[0]!.finish_reason).toBe("length");
    expect(cut.usage?.completion_tokens).toBe(7);
    expect(countTokens(cut.choices[0]!.message.content ?? "")).toBe(7);

    const stream = await client.chat.completions.create({
      model: "emu-fast",
      max_completion_tokens: 9,
      messages: [{ role: "user", content: "Hello" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = await collect(stream);
    expect(chunks.at(-1)?.usage?.completion_tokens).toBe(9);
    expect(chunks.at(-2)?.choices[0]!.finish_reason).toBe("length");

    const stopped = await client.chat.completions.create({ model: "emu-fast", stop: [" from"], messages: [{ role: "user", content: "Hi" }] });
    expect(stopped.choices[0]!.message.content).toBe("Simulated reply");
    expect(stopped.choices[0]!.finish_reason).toBe("stop");
    expect(stopped.usage?.completion_tokens).toBe(countTokens("Simulated reply"));
  });

  it("calls the first tool with schema-valid arguments, then answers the tool result", async () => {
    const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [{ role: "user", content: "Weather in Lyon?" }];
    const first = await client.chat.completions.create({ model: "emu-fast", messages, tools: [weatherTool, timeTool] });
    const choice = first.choices[0]!;
    expect(choice.finish_reason).toBe("tool_calls");
    expect(choice.message.content).toBeNull();
    const call = choice.message.tool_calls?.[0];
    if (!call || call.type !== "function") throw new Error("expected a function tool call");
    expect(call.function.name).toBe("get_weather");
    const args: unknown = JSON.parse(call.function.arguments);
    expect(matchesSchema(weatherTool.function.parameters ?? {}, args)).toBe(true);
    expect(first.usage?.completion_tokens).toBe(countTokens(call.function.arguments));

    messages.push(choice.message, { role: "tool", tool_call_id: call.id, content: '{"temperature": 21, "sky": "clear"}' });
    const second = await client.chat.completions.create({ model: "emu-fast", messages, tools: [weatherTool, timeTool] });
    expect(second.choices[0]!.finish_reason).toBe("stop");
    expect(second.choices[0]!.message.content).toContain("the tool returned temperature 21 sky clear");
  });

  it("streams tool-call arguments as fragments that add up to the same JSON", async () => {
    const request = { model: "emu-fast", messages: [{ role: "user" as const, content: "Weather?" }], tools: [weatherTool] };
    const whole = await client.chat.completions.create(request);
    const chunks = await collect(await client.chat.completions.create({ ...request, stream: true }));
    const fragments = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    expect(fragments[0]).toMatchObject({ index: 0, type: "function", function: { name: "get_weather", arguments: "" } });
    expect(fragments.length).toBeGreaterThan(5);
    const args = fragments.map((f) => f.function?.arguments ?? "").join("");
    const wholeCall = whole.choices[0]!.message.tool_calls?.[0];
    expect(wholeCall?.type === "function" ? wholeCall.function.arguments : null).toBe(args);
    expect(chunks.at(-1)?.choices[0]!.finish_reason).toBe("tool_calls");
  });

  it("follows tool_choice: forced by name (finish_reason stop, as OpenAI does) and none", async () => {
    const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [{ role: "user", content: "Time?" }];
    const forced = await client.chat.completions.create({
      model: "emu-fast",
      messages,
      tools: [weatherTool, timeTool],
      tool_choice: { type: "function", function: { name: "get_time" } },
    });
    const call = forced.choices[0]!.message.tool_calls?.[0];
    expect(call?.type === "function" ? call.function : null).toEqual({ name: "get_time", arguments: '{"zone":"sample zone"}' });
    expect(forced.choices[0]!.finish_reason).toBe("stop");
    const none = await client.chat.completions.create({ model: "emu-fast", messages, tools: [weatherTool], tool_choice: "none" });
    expect(none.choices[0]!.message.tool_calls).toBeUndefined();
    expect(none.choices[0]!.message.content).toMatch(/^Simulated reply/);
  });

  it("answers JSON mode with a JSON object and json_schema with schema-valid JSON", async () => {
    const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [{ role: "user", content: "Extract" }];
    const object = await client.chat.completions.create({ model: "emu-fast", messages, response_format: { type: "json_object" } });
    const parsed: unknown = JSON.parse(object.choices[0]!.message.content ?? "");
    expect(parsed).toMatchObject({ reply: expect.stringMatching(/^Simulated reply/) });

    const schema = {
      type: "object",
      properties: { title: { type: "string" }, score: { type: "number", minimum: 5 }, tags: { type: "array", items: { type: "string" } } },
      required: ["title", "score", "tags"],
      additionalProperties: false,
    };
    const structured = await client.chat.completions.create({
      model: "emu-fast",
      messages,
      response_format: { type: "json_schema", json_schema: { name: "card", schema, strict: true } },
    });
    const content = structured.choices[0]!.message.content ?? "";
    expect(matchesSchema(schema, JSON.parse(content))).toBe(true);
    expect(structured.usage?.completion_tokens).toBe(countTokens(content));
  });

  it("counts a fixed number of tokens per image and reports cached prompt tokens on repeats", async () => {
    const res = await client.chat.completions.create({
      model: "emu-fast",
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "What is this?" },
            { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
          ],
        },
      ],
    });
    expect(res.usage?.prompt_tokens).toBe(countTokens("What is this?") + IMAGE_TOKENS);

    const system = "You are a meticulous assistant. ".repeat(300);
    const ask = (q: string) =>
      client.chat.completions.create({ model: "emu-fast", messages: [{ role: "system", content: system }, { role: "user", content: q }] });
    expect((await ask("first question")).usage?.prompt_tokens_details?.cached_tokens).toBe(0);
    const again = await ask("second question");
    expect(again.usage?.prompt_tokens_details?.cached_tokens).toBe(countTokens(system));
    expect(again.usage?.prompt_tokens).toBe(countTokens(system) + countTokens("second question"));
  });

  it("omits usage for emu-no-usage, also in streams", async () => {
    const res = await client.chat.completions.create({ model: "emu-no-usage", messages: [{ role: "user", content: "Hi" }] });
    expect(res.usage).toBeUndefined();
    const chunks = await collect(
      await client.chat.completions.create({
        model: "emu-no-usage",
        messages: [{ role: "user", content: "Hi" }],
        stream: true,
        stream_options: { include_usage: true },
      }),
    );
    expect(chunks.some((c) => c.usage)).toBe(false);
    expect(chunks.at(-1)?.choices[0]!.finish_reason).toBe("stop");
  });

  it("surfaces 503 and 429 (with retry-after) as the SDK's typed errors", async () => {
    const down = client.chat.completions.create({ model: "emu-down", messages: [{ role: "user", content: "Hi" }] });
    await expect(down).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    await expect(down).rejects.toMatchObject({ status: 503, type: "server_error" });

    const limited = await client.chat.completions
      .create({ model: "emu-rate-limited", messages: [{ role: "user", content: "Hi" }] })
      .catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    if (!(limited instanceof OpenAI.RateLimitError)) throw limited;
    expect(limited.headers?.get("retry-after")).toBe("1");
    expect(limited.code).toBe("rate_limit_exceeded");
  });

  it("drops the connection mid-stream for emu-cut after three content chunks", async () => {
    const stream = await client.chat.completions.create({ model: "emu-cut", messages: [{ role: "user", content: "Hi" }], stream: true });
    const received: string[] = [];
    const consume = async () => {
      for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? "");
    };
    await expect(consume()).rejects.toThrow();
    expect(received.join("")).toBe("Simulated reply from");
  });

  it("rejects a request without a bearer key with 401 in OpenAI's error shape", async () => {
    const res = await fetch(`${emu.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "emu-fast", messages: [{ role: "user", content: "Hi" }] }),
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { type: "invalid_request_error", message: expect.any(String), param: null } });
    const bad = await client.chat.completions.create({ model: "emu-fast", messages: [] }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(OpenAI.BadRequestError);
  });
});

describe("OpenAI models and embeddings through the official SDK", () => {
  it("lists the simulated models", async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(expect.arrayContaining(["emu-fast", "emu-chat", "emu-down", "emu-cut"]));
  });

  it("returns deterministic unit vectors (base64 by default in the SDK) with exact usage", async () => {
    const a = await client.embeddings.create({ model: "text-embedding-3-small", input: ["hello world", "other text"] });
    expect(a.data).toHaveLength(2);
    expect(a.data[0]!.embedding).toHaveLength(1536);
    const norm = Math.hypot(...a.data[0]!.embedding);
    expect(norm).toBeCloseTo(1, 5);
    expect(a.usage.prompt_tokens).toBe(countTokens("hello world") + countTokens("other text"));
    const b = await client.embeddings.create({ model: "text-embedding-3-small", input: "hello world", encoding_format: "float" });
    expect(b.data[0]!.embedding[7]).toBeCloseTo(a.data[0]!.embedding[7]!, 6);
    expect(a.data[1]!.embedding[0]).not.toBe(a.data[0]!.embedding[0]);
    const small = await client.embeddings.create({ model: "text-embedding-3-large", input: "x", dimensions: 256 });
    expect(small.data[0]!.embedding).toHaveLength(256);
  });
});
