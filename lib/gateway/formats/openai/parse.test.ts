import { describe, expect, it } from "vitest";
import { parseChatCompletionsBody } from "./parse";

const user = { role: "user", content: "Hello" };
const base = { model: "openai/gpt-4.1-mini", messages: [user] };

function ok(body: unknown) {
  const r = parseChatCompletionsBody(body);
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}
function fail(body: unknown) {
  const r = parseChatCompletionsBody(body);
  if (r.ok) throw new Error("expected a validation error");
  return r.error;
}

describe("parseChatCompletionsBody: accepted input", () => {
  it("maps a minimal body to the canonical request with defaults", () => {
    expect(ok(base)).toEqual({
      models: ["openai/gpt-4.1-mini"],
      canonical: { messages: [{ role: "user", content: "Hello" }], stream: false },
      includeUsage: false,
    });
  });

  it("maps every supported parameter and drops nulls", () => {
    const v = ok({
      ...base,
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.2,
      top_p: 0.9,
      max_tokens: 100,
      stop: "END",
      seed: 7,
      user: "user-42",
      response_format: { type: "json_object" },
      tools: [{ type: "function", function: { name: "get_weather", parameters: { type: "object", properties: {} } } }],
      tool_choice: { type: "function", function: { name: "get_weather" } },
      n: 1,
      logprobs: null,
    });
    expect(v.includeUsage).toBe(true);
    expect(v.user).toBe("user-42");
    expect(v.canonical).toEqual({
      messages: [{ role: "user", content: "Hello" }],
      stream: true,
      temperature: 0.2,
      top_p: 0.9,
      max_tokens: 100,
      stop: ["END"],
      seed: 7,
      user: "user-42",
      response_format: { type: "json_object" },
      tools: [{ type: "function", function: { name: "get_weather", parameters: { type: "object", properties: {} } } }],
      tool_choice: { type: "function", function: { name: "get_weather" } },
    });
  });

  it("prefers max_completion_tokens over max_tokens", () => {
    expect(ok({ ...base, max_tokens: 50, max_completion_tokens: 80 }).canonical.max_tokens).toBe(80);
  });

  it("builds the model chain from model + models, deduplicated, and reads switchyard options", () => {
    const v = ok({
      ...base,
      models: ["anthropic/claude-sonnet-4-5", "openai/gpt-4.1-mini", "google/gemini-2.5-flash"],
      switchyard: { optimization_goal: "cost", routing: { strategy: "latency", hint: 1 }, future_hint: 1 },
    });
    expect(v.models).toEqual(["openai/gpt-4.1-mini", "anthropic/claude-sonnet-4-5", "google/gemini-2.5-flash"]);
    expect(v.optimizationGoal).toBe("cost");
    expect(v.routing).toEqual({ strategy: "latency" });
  });

  it("accepts models without model (OpenRouter style)", () => {
    expect(ok({ messages: [user], models: ["a/b", "c/d"] }).models).toEqual(["a/b", "c/d"]);
  });

  it("keeps multimodal parts, developer role and names", () => {
    const v = ok({
      model: "auto",
      messages: [
        { role: "developer", content: [{ type: "text", text: "Be brief." }], name: "ops" },
        {
          role: "user",
          content: [
            { type: "text", text: "What is this?" },
            { type: "image_url", image_url: { url: "data:image/png;base64,iVBOR", detail: "low" } },
            { type: "image_url", image_url: { url: "https://example.com/a.png" } },
          ],
        },
      ],
    });
    expect(v.canonical.messages).toEqual([
      { role: "developer", content: [{ type: "text", text: "Be brief." }], name: "ops" },
      {
        role: "user",
        content: [
          { type: "text", text: "What is this?" },
          { type: "image_url", image_url: { url: "data:image/png;base64,iVBOR", detail: "low" } },
          { type: "image_url", image_url: { url: "https://example.com/a.png" } },
        ],
      },
    ]);
  });

  it("accepts an assistant message echoed back from a response (refusal, annotations, null content)", () => {
    const toolCall = { id: "call_1", type: "function", function: { name: "f", arguments: '{"x":1}' } };
    const v = ok({
      ...base,
      messages: [
        user,
        { role: "assistant", content: null, refusal: null, annotations: [], tool_calls: [toolCall] },
        { role: "tool", tool_call_id: "call_1", content: "42" },
      ],
    });
    expect(v.canonical.messages.slice(1)).toEqual([
      { role: "assistant", content: null, tool_calls: [toolCall] },
      { role: "tool", tool_call_id: "call_1", content: "42" },
    ]);
  });

  it("ignores known-but-unsupported OpenAI parameters", () => {
    const v = ok({
      ...base,
      frequency_penalty: 0.5,
      presence_penalty: -0.5,
      logit_bias: { "50256": -100 },
      logprobs: true,
      top_logprobs: 3,
      parallel_tool_calls: false,
      metadata: { team: "a" },
      store: false,
      reasoning_effort: "low",
      service_tier: "auto",
      prompt_cache_key: "k",
      safety_identifier: "s",
    });
    expect(v.canonical).toEqual({ messages: [{ role: "user", content: "Hello" }], stream: false });
  });

  it("ignores stream_options on a non-streaming request", () => {
    expect(ok({ ...base, stream_options: { include_usage: true } }).includeUsage).toBe(false);
  });
});

describe("parseChatCompletionsBody: rejected input", () => {
  it.each([
    ["a non-object body", [], { param: null, code: "invalid_type" }],
    ["missing model", { messages: [user] }, { param: "model", message: "Missing required parameter: 'model'." }],
    ["missing messages", { model: "m" }, { param: "messages", message: "Missing required parameter: 'messages'." }],
    ["empty messages", { model: "m", messages: [] }, { param: "messages", code: "empty_array" }],
    ["an unknown argument", { ...base, foo: 1 }, { param: null, message: "Unrecognized request argument supplied: foo" }],
    ["n=2", { ...base, n: 2 }, { param: "n", code: "unsupported_value" }],
    ["max_tokens 0", { ...base, max_tokens: 0 }, { param: "max_tokens", code: "integer_below_min_value" }],
    ["max_tokens negative", { ...base, max_tokens: -5 }, { param: "max_tokens", code: "integer_below_min_value" }],
    ["max_completion_tokens decimal", { ...base, max_completion_tokens: 1.5 }, { param: "max_completion_tokens", code: "invalid_type" }],
    ["stop with 5 items", { ...base, stop: ["a", "b", "c", "d", "e"] }, { param: "stop", code: "array_above_max_length" }],
    ["temperature above 2", { ...base, temperature: 2.5 }, { param: "temperature", code: "decimal_above_max_value" }],
    ["top_p as a string", { ...base, top_p: "0.5" }, { param: "top_p", code: "invalid_type" }],
    ["content of the wrong type", { model: "m", messages: [{ role: "user", content: 5 }] }, { param: "messages[0].content", code: "invalid_type" }],
    ["a text part without text", { model: "m", messages: [{ role: "user", content: [{ type: "text" }] }] }, { param: "messages[0].content[0].text" }],
    ["an audio part", { model: "m", messages: [{ role: "user", content: [{ type: "input_audio", input_audio: {} }] }] }, { param: "messages[0].content[0].type", code: "invalid_value" }],
    ["an unknown role", { model: "m", messages: [{ role: "robot", content: "x" }] }, { param: "messages[0].role", code: "invalid_value" }],
    ["a missing role", { model: "m", messages: [{ content: "x" }] }, { param: "messages[0].role", code: "missing_required_parameter" }],
    ["the legacy function role", { model: "m", messages: [{ role: "function", name: "f", content: "x" }] }, { param: "messages[0].role", code: "unsupported_value" }],
    ["a tool message without tool_call_id", { model: "m", messages: [{ role: "tool", content: "x" }] }, { param: "messages[0].tool_call_id" }],
    ["an empty assistant message", { model: "m", messages: [user, { role: "assistant", content: null }] }, { param: "messages[1].content" }],
    ["a bad tool name", { ...base, tools: [{ type: "function", function: { name: "get weather" } }] }, { param: "tools[0].function.name", code: "invalid_value" }],
    ["tool parameters that are not an object", { ...base, tools: [{ type: "function", function: { name: "f", parameters: "{}" } }] }, { param: "tools[0].function.parameters", code: "invalid_type" }],
    ["a non-object tool schema", { ...base, tools: [{ type: "function", function: { name: "f", parameters: { type: "string" } } }] }, { param: "tools[0].function.parameters", code: "invalid_function_parameters" }],
    ["tool_choice naming an undeclared tool", { ...base, tools: [{ type: "function", function: { name: "f" } }], tool_choice: { type: "function", function: { name: "g" } } }, { param: "tool_choice.function.name" }],
    ["tool_choice required without tools", { ...base, tool_choice: "required" }, { param: "tool_choice" }],
    ["a bad tool_choice string", { ...base, tool_choice: "sometimes" }, { param: "tool_choice", code: "invalid_value" }],
    ["json_schema without a name", { ...base, response_format: { type: "json_schema", json_schema: { schema: {} } } }, { param: "response_format.json_schema.name" }],
    ["more than 10 fallback models", { ...base, models: Array.from({ length: 11 }, (_, i) => `m${i}`) }, { param: "models", code: "array_above_max_length" }],
    ["a bad optimization goal", { ...base, switchyard: { optimization_goal: "cheap" } }, { param: "switchyard.optimization_goal", code: "invalid_value" }],
    ["legacy functions", { ...base, functions: [{ name: "f" }] }, { param: "functions", code: "unsupported_parameter" }],
  ])("rejects %s", (_label, body, expected) => {
    expect(fail(body)).toMatchObject(expected);
  });

  it("writes messages the way OpenAI does", () => {
    expect(fail({ ...base, max_tokens: 0 }).message).toBe(
      "Invalid 'max_tokens': integer below minimum value. Expected a value >= 1, but got 0 instead.",
    );
    expect(fail({ ...base, stop: ["a", "b", "c", "d", "e"] }).message).toBe(
      "Invalid 'stop': array too long. Expected an array with maximum length 4, but got an array with length 5 instead.",
    );
    expect(fail({ model: "m", messages: [] }).message).toBe(
      "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
    );
    expect(fail({ model: "m", messages: [{ role: "user", content: 5 }] }).message).toBe(
      "Invalid type for 'messages[0].content': expected one of a string or an array, but got an integer instead.",
    );
    expect(fail({ model: "m", messages: [{ role: "robot", content: "x" }] }).message).toBe(
      "Invalid value: 'robot'. Supported values are: 'system', 'developer', 'user', 'assistant', 'tool', and 'function'.",
    );
  });

  it("reports unknown arguments before other problems, listing all of them", () => {
    expect(fail({ model: "m", messages: [], foo: 1, bar: 2 }).message).toBe(
      "Unrecognized request argument supplied: foo, bar",
    );
  });
});
