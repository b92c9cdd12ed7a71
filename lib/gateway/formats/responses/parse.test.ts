import { describe, expect, it } from "vitest";
import { parseResponsesBody } from "./parse";

function ok(body: unknown) {
  const r = parseResponsesBody(body);
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}

function err(body: unknown) {
  const r = parseResponsesBody(body);
  if (r.ok) throw new Error("expected an error");
  return r.error;
}

const weather = {
  type: "function", name: "get_weather", description: "Weather", strict: true,
  parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
};

describe("parseResponsesBody: input and instructions", () => {
  it("turns a string input and instructions into a system + user conversation", () => {
    const { chat, echo } = ok({ model: "sim/gpt", input: "Hello", instructions: "Be brief." });
    expect(chat.models).toEqual(["sim/gpt"]);
    expect(chat.canonical).toEqual({
      messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "Hello" }],
      stream: false,
    });
    expect(echo).toMatchObject({ instructions: "Be brief.", tools: [], tool_choice: "auto", text: { format: { type: "text" } } });
  });

  it("maps message items (with and without type), parts and images", () => {
    const { chat } = ok({
      model: "sim/gpt",
      input: [
        { role: "developer", content: [{ type: "input_text", text: "Rules" }] },
        { type: "message", role: "user", content: [
          { type: "input_text", text: "What is this?" },
          { type: "input_image", image_url: "data:image/png;base64,AAAA", detail: "low" },
        ] },
        { type: "message", role: "assistant", id: "msg_1", status: "completed",
          content: [{ type: "output_text", text: "A cat.", annotations: [] }, { type: "refusal", refusal: "no" }] },
        { role: "user", content: "Thanks" },
      ],
    });
    expect(chat.canonical.messages).toEqual([
      { role: "developer", content: [{ type: "text", text: "Rules" }] },
      { role: "user", content: [
        { type: "text", text: "What is this?" },
        { type: "image_url", image_url: { url: "data:image/png;base64,AAAA", detail: "low" } },
      ] },
      { role: "assistant", content: [{ type: "text", text: "A cat." }] },
      { role: "user", content: "Thanks" },
    ]);
  });

  it("joins function calls to the assistant turn and maps their outputs to tool messages", () => {
    const { chat } = ok({
      model: "sim/gpt",
      input: [
        { role: "user", content: "Weather in Paris and Rome?" },
        { type: "reasoning", id: "rs_1", summary: [] },
        { type: "function_call", id: "fc_1", call_id: "call_1", name: "get_weather", arguments: "{\"city\":\"Paris\"}", status: "completed" },
        { type: "function_call", call_id: "call_2", name: "get_weather", arguments: "{\"city\":\"Rome\"}" },
        { type: "function_call_output", call_id: "call_1", output: "18C" },
        { type: "function_call_output", call_id: "call_2", output: [{ type: "input_text", text: "21C" }] },
      ],
      tools: [weather],
    });
    expect(chat.canonical.messages).toEqual([
      { role: "user", content: "Weather in Paris and Rome?" },
      { role: "assistant", content: null, tool_calls: [
        { id: "call_1", type: "function", function: { name: "get_weather", arguments: "{\"city\":\"Paris\"}" } },
        { id: "call_2", type: "function", function: { name: "get_weather", arguments: "{\"city\":\"Rome\"}" } },
      ] },
      { role: "tool", content: "18C", tool_call_id: "call_1" },
      { role: "tool", content: [{ type: "text", text: "21C" }], tool_call_id: "call_2" },
    ]);
  });
});

describe("parseResponsesBody: settings", () => {
  it("maps tools, tool_choice, sampling, max_output_tokens, text.format and stream; echoes them", () => {
    const { chat, echo } = ok({
      model: "sim/gpt", models: ["sim/claude"], input: "hi", tools: [weather], tool_choice: { type: "function", name: "get_weather" },
      temperature: 0.2, top_p: 0.9, max_output_tokens: 50, stream: true, user: "u1", store: true, metadata: { a: "b" },
      text: { format: { type: "json_schema", name: "answer", schema: { type: "object" }, strict: true } },
      reasoning: { effort: "low" }, include: [], truncation: "disabled", parallel_tool_calls: false,
    });
    expect(chat.models).toEqual(["sim/gpt", "sim/claude"]);
    expect(chat.canonical).toMatchObject({
      stream: true, temperature: 0.2, top_p: 0.9, max_tokens: 50, user: "u1",
      tools: [{ type: "function", function: { name: "get_weather", description: "Weather", strict: true, parameters: weather.parameters } }],
      tool_choice: { type: "function", function: { name: "get_weather" } },
      response_format: { type: "json_schema", json_schema: { name: "answer", schema: { type: "object" }, strict: true } },
    });
    expect(echo).toMatchObject({
      temperature: 0.2, top_p: 0.9, max_output_tokens: 50, metadata: { a: "b" }, parallel_tool_calls: false, user: "u1",
      tool_choice: { type: "function", name: "get_weather" },
      tools: [{ type: "function", name: "get_weather", description: "Weather", strict: true, parameters: weather.parameters }],
    });
  });

  it("maps json_object and drops auto/none tool_choice without tools", () => {
    const { chat } = ok({ model: "m", input: "hi", text: { format: { type: "json_object" } }, tool_choice: "none" });
    expect(chat.canonical.response_format).toEqual({ type: "json_object" });
    expect(chat.canonical.tool_choice).toBeUndefined();
  });
});

describe("parseResponsesBody: refusals name the field", () => {
  it.each([
    [{ input: "hi" }, "model", /Missing required parameter: 'model'/],
    [{ model: "m" }, "input", /Missing required parameter: 'input'/],
    [{ model: "m", input: [] }, "input", /empty array/],
    [{ model: "m", input: "hi", previous_response_id: "resp_1" }, "previous_response_id", /stateless/],
    [{ model: "m", input: "hi", conversation: "conv_1" }, "conversation", /stateless/],
    [{ model: "m", input: "hi", background: true }, "background", /Background/],
    [{ model: "m", input: [{ type: "item_reference", id: "msg_1" }] }, "input[0].type", /stateless/],
    [{ model: "m", input: [{ type: "web_search_call", id: "ws_1" }] }, "input[0].type", /not supported/],
    [{ model: "m", input: [{ content: "x" }] }, "input[0].type", /Missing required parameter/],
    [{ model: "m", input: [{ role: "user", content: 5 }] }, "input[0].content", /Invalid type/],
    [{ model: "m", input: [{ role: "robot", content: "x" }] }, "input[0].role", /Invalid value: 'robot'/],
    [{ model: "m", input: [{ type: "function_call", name: "f", arguments: "{}" }] }, "input[0].call_id", /Missing required parameter/],
    [{ model: "m", input: [{ role: "user", content: [{ type: "input_image", file_id: "file_1" }] }] }, "input[0].content[0].file_id", /file storage/],
    [{ model: "m", input: [{ role: "user", content: [{ type: "input_file", file_id: "f" }] }] }, "input[0].content[0].type", /not supported/],
    [{ model: "m", input: [{ role: "system", content: "only instructions" }] }, "input", /at least one message/],
    [{ model: "m", input: "hi", tools: [{ type: "web_search" }] }, "tools[0].type", /only 'function' tools/],
    [{ model: "m", input: "hi", tools: [{ type: "function", name: "bad name" }] }, "tools[0].name", /pattern/],
    [{ model: "m", input: "hi", tools: [{ ...weather, parameters: { type: "array" } }] }, "tools[0].parameters", /type: "object"/],
    [{ model: "m", input: "hi", tool_choice: "required" }, "tool_choice", /needs 'tools'/],
    [{ model: "m", input: "hi", tools: [weather], tool_choice: { type: "function", name: "nope" } }, "tool_choice.name", /no function named/],
    [{ model: "m", input: "hi", tools: [weather], tool_choice: { type: "file_search" } }, "tool_choice.type", /not supported/],
    [{ model: "m", input: "hi", temperature: 3 }, "temperature", /above maximum/],
    [{ model: "m", input: "hi", max_output_tokens: 0 }, "max_output_tokens", /below minimum/],
    [{ model: "m", input: "hi", text: { format: { type: "json_schema", name: "x" } } }, "text.format.schema", /Missing required parameter/],
    [{ model: "m", input: "hi", frobnicate: 1 }, null, /Unrecognized request argument supplied: frobnicate/],
  ])("%j → 400 on %s", (body, param, message) => {
    const e = err(body);
    expect(e.param).toBe(param);
    expect(e.message).toMatch(message);
  });

  it("refuses a non-object body", () => {
    expect(err([1]).message).toMatch(/JSON object/);
  });
});
