import { describe, expect, it } from "vitest";
import { COMPATIBLE_DIALECT, dialectOf } from "../openai-compatible/providers";
import type { CanonicalRequest } from "../types";
import { OPENAI_DIALECT, toOpenAIBody } from "./request";

const base: CanonicalRequest = {
  model: "gpt-4.1-mini",
  stream: false,
  messages: [
    { role: "developer", content: "Be brief." },
    { role: "user", content: [{ type: "text", text: "What is in this image?" }, { type: "image_url", image_url: { url: "https://example.com/cat.png", detail: "low" } }], name: "ann" },
    {
      role: "assistant",
      content: null,
      tool_calls: [{ id: "call_1", type: "function", function: { name: "lookup", arguments: "{\"q\":\"cat\"}" } }],
    },
    { role: "tool", tool_call_id: "call_1", content: "a cat" },
  ],
};

describe("toOpenAIBody (OpenAI proper)", () => {
  it("passes messages through untouched and renames max_tokens", () => {
    const body = toOpenAIBody({ ...base, max_tokens: 256, temperature: 0.2, top_p: 0.9, seed: 7, user: "u1", stop: ["END"] });
    expect(body.messages).toBe(base.messages); // no copy on the hot path
    expect(body).toMatchObject({
      model: "gpt-4.1-mini",
      max_completion_tokens: 256,
      temperature: 0.2,
      top_p: 0.9,
      seed: 7,
      user: "u1",
      stop: ["END"],
    });
    expect(body).not.toHaveProperty("max_tokens");
    expect(body).not.toHaveProperty("stream");
  });

  it("always asks for usage on streams", () => {
    const body = toOpenAIBody({ ...base, stream: true });
    expect(body.stream).toBe(true);
    expect(body.stream_options).toEqual({ include_usage: true });
  });

  it("sends tools, tool_choice and json_schema as given", () => {
    const tools = [{ type: "function" as const, function: { name: "lookup", parameters: { type: "object" }, strict: true } }];
    const format = { type: "json_schema" as const, json_schema: { name: "answer", schema: { type: "object" }, strict: true } };
    const body = toOpenAIBody({ ...base, tools, tool_choice: "required", response_format: format });
    expect(body.tools).toBe(tools);
    expect(body.tool_choice).toBe("required");
    expect(body.response_format).toBe(format);
  });

  it("drops tool_choice without tools and response_format text", () => {
    const body = toOpenAIBody({ ...base, tool_choice: "auto", response_format: { type: "text" } });
    expect(body).not.toHaveProperty("tool_choice");
    expect(body).not.toHaveProperty("response_format");
  });
});

describe("toOpenAIBody (compatible dialects)", () => {
  it("uses max_tokens, system instead of developer, and omits null assistant content", () => {
    const body = toOpenAIBody({ ...base, max_tokens: 100 }, COMPATIBLE_DIALECT);
    expect(body.max_tokens).toBe(100);
    expect(body).not.toHaveProperty("max_completion_tokens");
    const messages = body.messages as Array<Record<string, unknown>>;
    expect(messages[0]!.role).toBe("system");
    expect(messages[2]).not.toHaveProperty("content");
    expect(JSON.parse(JSON.stringify(body)).messages[2]).toEqual({
      role: "assistant",
      tool_calls: [{ id: "call_1", type: "function", function: { name: "lookup", arguments: "{\"q\":\"cat\"}" } }],
    });
    expect(base.messages[0]!.role).toBe("developer"); // the canonical request is not mutated
  });

  it("applies Mistral's quirks", () => {
    const mistral = dialectOf({ seedField: "random_seed", streamUsageOption: false, userField: false, messageName: false, requiredToolChoice: "any" });
    const tools = [{ type: "function" as const, function: { name: "lookup" } }];
    const body = toOpenAIBody({ ...base, stream: true, seed: 3, user: "u", tools, tool_choice: "required" }, mistral);
    expect(body.random_seed).toBe(3);
    expect(body).not.toHaveProperty("seed");
    expect(body).not.toHaveProperty("user");
    expect(body).not.toHaveProperty("stream_options");
    expect(body.tool_choice).toBe("any");
    expect((body.messages as Array<Record<string, unknown>>)[1]).not.toHaveProperty("name");
  });

  it("downgrades json_schema to json_object plus an instruction when unsupported", () => {
    const body = toOpenAIBody(
      { ...base, response_format: { type: "json_schema", json_schema: { name: "answer", schema: { type: "object", properties: { a: { type: "string" } } } } } },
      dialectOf({ jsonSchema: false }),
    );
    expect(body.response_format).toEqual({ type: "json_object" });
    const first = (body.messages as Array<{ role: string; content: string }>)[0]!;
    expect(first.role).toBe("system");
    expect(first.content).toContain('"properties":{"a":{"type":"string"}}');
  });

  it("keeps OPENAI_DIALECT frozen", () => {
    expect(Object.isFrozen(OPENAI_DIALECT)).toBe(true);
  });
});
