import { describe, expect, it } from "vitest";
import { parseMessagesBody } from "./parse";

const base = { model: "anthropic/claude-sonnet-4-5", max_tokens: 1024, messages: [{ role: "user", content: "Hello" }] };

function ok(body: unknown) {
  const r = parseMessagesBody(body);
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}
function fail(body: unknown) {
  const r = parseMessagesBody(body);
  if (r.ok) throw new Error("expected a validation error");
  return r.error;
}

describe("parseMessagesBody: accepted input", () => {
  it("maps a minimal body", () => {
    expect(ok(base)).toEqual({
      models: ["anthropic/claude-sonnet-4-5"],
      canonical: { messages: [{ role: "user", content: "Hello" }], stream: false, max_tokens: 1024 },
      includeUsage: true,
    });
  });

  it("maps system blocks, sampling, stop sequences, metadata and drops top_k / cache_control / thinking", () => {
    const v = ok({
      ...base,
      system: [
        { type: "text", text: "You are a pirate.", cache_control: { type: "ephemeral" } },
        { type: "text", text: "Be brief." },
      ],
      temperature: 0.5,
      top_p: 0.9,
      top_k: 40,
      stop_sequences: ["\n\nHuman:"],
      stream: true,
      metadata: { user_id: "u-1" },
      thinking: { type: "enabled", budget_tokens: 2048 },
      cache_control: { type: "ephemeral" },
      service_tier: "auto",
    });
    expect(v.user).toBe("u-1");
    expect(v.canonical).toEqual({
      messages: [
        { role: "system", content: [{ type: "text", text: "You are a pirate." }, { type: "text", text: "Be brief." }] },
        { role: "user", content: "Hello" },
      ],
      stream: true,
      max_tokens: 1024,
      temperature: 0.5,
      top_p: 0.9,
      stop: ["\n\nHuman:"],
      user: "u-1",
    });
  });

  it("turns tool_use blocks into tool_calls and tool_result blocks into tool messages", () => {
    const v = ok({
      ...base,
      tools: [{ name: "get_weather", description: "Weather", input_schema: { type: "object", properties: { city: { type: "string" } } } }],
      tool_choice: { type: "tool", name: "get_weather", disable_parallel_tool_use: true },
      messages: [
        { role: "user", content: "Weather in Oslo and Rome?" },
        {
          role: "assistant",
          content: [
            { type: "thinking", thinking: "Two calls.", signature: "sig" },
            { type: "text", text: "Checking." },
            { type: "tool_use", id: "toolu_1", name: "get_weather", input: { city: "Oslo" } },
            { type: "tool_use", id: "toolu_2", name: "get_weather", input: { city: "Rome" } },
          ],
        },
        {
          role: "user",
          content: [
            { type: "tool_result", tool_use_id: "toolu_1", content: "-3°C" },
            {
              type: "tool_result",
              tool_use_id: "toolu_2",
              is_error: true,
              content: [
                { type: "text", text: "station offline" },
                { type: "image", source: { type: "url", url: "https://example.com/map.png" } },
              ],
            },
            { type: "text", text: "Summarise." },
          ],
        },
      ],
    });
    expect(v.canonical.tools).toEqual([
      { type: "function", function: { name: "get_weather", description: "Weather", parameters: { type: "object", properties: { city: { type: "string" } } } } },
    ]);
    expect(v.canonical.tool_choice).toEqual({ type: "function", function: { name: "get_weather" } });
    expect(v.canonical.messages).toEqual([
      { role: "user", content: "Weather in Oslo and Rome?" },
      {
        role: "assistant",
        content: "Checking.",
        tool_calls: [
          { id: "toolu_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Oslo"}' } },
          { id: "toolu_2", type: "function", function: { name: "get_weather", arguments: '{"city":"Rome"}' } },
        ],
      },
      { role: "tool", tool_call_id: "toolu_1", content: "-3°C" },
      { role: "tool", tool_call_id: "toolu_2", content: [{ type: "text", text: "Error:" }, { type: "text", text: "station offline" }] },
      {
        role: "user",
        content: [
          { type: "image_url", image_url: { url: "https://example.com/map.png" } },
          { type: "text", text: "Summarise." },
        ],
      },
    ]);
  });

  it("turns base64 images into data URLs", () => {
    const v = ok({
      ...base,
      messages: [{ role: "user", content: [{ type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" } }] }],
    });
    expect(v.canonical.messages[0]).toEqual({
      role: "user",
      content: [{ type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } }],
    });
  });

  it("maps tool_choice any/auto/none and output_config.format", () => {
    const tools = [{ name: "f", input_schema: { type: "object" } }];
    expect(ok({ ...base, tools, tool_choice: { type: "any" } }).canonical.tool_choice).toBe("required");
    expect(ok({ ...base, tools, tool_choice: { type: "none" } }).canonical.tool_choice).toBe("none");
    expect(ok({ ...base, tool_choice: { type: "auto" } }).canonical.tool_choice).toBeUndefined();
    const schema = { type: "object", properties: { a: { type: "string" } }, required: ["a"], additionalProperties: false };
    expect(ok({ ...base, output_config: { format: { type: "json_schema", schema } } }).canonical.response_format).toEqual({
      type: "json_schema",
      json_schema: { name: "output", schema, strict: true },
    });
  });

  it("accepts the Switchyard extensions", () => {
    const v = ok({ ...base, models: ["openai/gpt-4.1"], switchyard: { optimization_goal: "reliability" } });
    expect(v.models).toEqual(["anthropic/claude-sonnet-4-5", "openai/gpt-4.1"]);
    expect(v.optimizationGoal).toBe("reliability");
  });
});

describe("parseMessagesBody: rejected input", () => {
  it.each([
    ["missing max_tokens", { model: "m", messages: base.messages }, "max_tokens: Field required"],
    ["max_tokens 0", { ...base, max_tokens: 0 }, "max_tokens: Input should be greater than or equal to 1"],
    ["max_tokens negative", { ...base, max_tokens: -1 }, "max_tokens: Input should be greater than or equal to 1"],
    ["empty messages", { ...base, messages: [] }, "messages: at least one message is required"],
    ["an unknown argument", { ...base, mcp_servers: [] }, "mcp_servers: Extra inputs are not permitted"],
    ["temperature above 1", { ...base, temperature: 1.5 }, "temperature: Input should be less than or equal to 1"],
    ["a tool role", { ...base, messages: [{ role: "tool", content: "x" }] }, "messages.0.role: Input tag 'tool' is not supported; expected 'user', 'assistant', or 'system'"],
    ["content of the wrong type", { ...base, messages: [{ role: "user", content: 5 }] }, "messages.0.content: Input should be a valid string or a valid list"],
    ["a document block", { ...base, messages: [{ role: "user", content: [{ type: "document", source: {} }] }] }, "messages.0.content.0.type: Input tag 'document' is not supported; expected 'text', 'image', or 'tool_result'"],
    ["tool_use in a user turn", { ...base, messages: [{ role: "user", content: [{ type: "tool_use", id: "t", name: "f", input: {} }] }] }, "messages.0.content.0.type: Input tag 'tool_use' is not supported; expected 'text', 'image', or 'tool_result'"],
    ["an unsupported image type", { ...base, messages: [{ role: "user", content: [{ type: "image", source: { type: "base64", media_type: "image/bmp", data: "x" } }] }] }, "messages.0.content.0.source.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif', or 'image/webp'"],
    ["a server tool", { ...base, tools: [{ type: "web_search_20250305", name: "web_search" }] }, "tools.0.type: Input should be 'custom'"],
    ["a tool schema that is not an object schema", { ...base, tools: [{ name: "f", input_schema: { type: "string" } }] }, "tools.0.input_schema.type: Input should be 'object'"],
    ["a bad tool name", { ...base, tools: [{ name: "get weather", input_schema: { type: "object" } }] }, "tools.0.name: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'"],
    ["tool_choice naming an undeclared tool", { ...base, tools: [{ name: "f", input_schema: { type: "object" } }], tool_choice: { type: "tool", name: "g" } }, "tool_choice.name: no tool named 'g' is declared in tools"],
    ["tool_choice any without tools", { ...base, tool_choice: { type: "any" } }, "tool_choice: tool_choice requires tools to be specified"],
  ])("rejects %s", (_label, body, message) => {
    expect(fail(body).message).toBe(message);
  });

  it("names the offending field in param", () => {
    expect(fail({ ...base, messages: [{ role: "user", content: [{ type: "text" }] }] })).toEqual({
      message: "messages.0.content.0.text: Field required",
      param: "messages.0.content.0.text",
      code: "missing_required_parameter",
    });
  });
});
