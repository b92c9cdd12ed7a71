import { describe, expect, it } from "vitest";
import type { CanonicalRequest } from "../types";
import { UpstreamError } from "../types";
import { DEFAULT_MAX_TOKENS, toAnthropicRequest } from "./request";

const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

function body(req: Partial<CanonicalRequest>) {
  return toAnthropicRequest({ model: "claude-sonnet-4-5", stream: false, messages: [], ...req });
}

describe("toAnthropicRequest", () => {
  it("hoists system and developer messages and requires max_tokens", () => {
    const { body: b } = body({
      messages: [
        { role: "system", content: "You are terse." },
        { role: "developer", content: [{ type: "text", text: "Answer in French." }] },
        { role: "user", content: "Hello" },
      ],
    });
    expect(b).toEqual({
      model: "claude-sonnet-4-5",
      max_tokens: DEFAULT_MAX_TOKENS,
      system: [
        { type: "text", text: "You are terse." },
        { type: "text", text: "Answer in French." },
      ],
      messages: [{ role: "user", content: [{ type: "text", text: "Hello" }] }],
    });
    expect(toAnthropicRequest({ model: "m", stream: true, messages: [{ role: "system", content: "One" }] }, 8192).body).toMatchObject({
      system: "One",
      max_tokens: 8192,
      stream: true,
    });
  });

  it("maps sampling parameters (temperature clamped, top_p only without it, stop, user)", () => {
    expect(body({ temperature: 1.6, top_p: 0.5, max_tokens: 99, stop: ["\n\nHuman:"], user: "u-1", seed: 4 }).body).toMatchObject({
      temperature: 1,
      max_tokens: 99,
      stop_sequences: ["\n\nHuman:"],
      metadata: { user_id: "u-1" },
    });
    expect(body({ top_p: 0.5 }).body.top_p).toBe(0.5);
    expect(body({ temperature: 0.3, top_p: 0.5 }).body).not.toHaveProperty("top_p");
    expect(body({ seed: 4 }).body).not.toHaveProperty("seed");
  });

  it("maps images: data URLs to base64 sources, http URLs to url sources", () => {
    const { body: b } = body({
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "Compare these" },
            { type: "image_url", image_url: { url: `data:image/png;base64,${PNG}` } },
            { type: "image_url", image_url: { url: "https://upload.wikimedia.org/cat.jpg", detail: "high" } },
          ],
        },
      ],
    });
    expect((b.messages as Array<{ content: unknown[] }>)[0]!.content).toEqual([
      { type: "text", text: "Compare these" },
      { type: "image", source: { type: "base64", media_type: "image/png", data: PNG } },
      { type: "image", source: { type: "url", url: "https://upload.wikimedia.org/cat.jpg" } },
    ]);
    expect(() => body({ messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "ftp://x/y.png" } }] }] })).toThrow(UpstreamError);
  });

  it("maps tools and every tool_choice", () => {
    const tools = [
      { type: "function" as const, function: { name: "get_weather", description: "Weather", parameters: { type: "object", properties: { city: { type: "string" } } } } },
      { type: "function" as const, function: { name: "ping" } },
    ];
    const b = body({ tools, tool_choice: "auto" }).body;
    expect(b.tools).toEqual([
      { name: "get_weather", description: "Weather", input_schema: { type: "object", properties: { city: { type: "string" } } } },
      { name: "ping", input_schema: { type: "object", properties: {} } },
    ]);
    expect(b.tool_choice).toEqual({ type: "auto" });
    expect(body({ tools, tool_choice: "required" }).body.tool_choice).toEqual({ type: "any" });
    expect(body({ tools, tool_choice: "none" }).body.tool_choice).toEqual({ type: "none" });
    expect(body({ tools, tool_choice: { type: "function", function: { name: "ping" } } }).body.tool_choice).toEqual({ type: "tool", name: "ping" });
    expect(body({ tool_choice: "required" }).body).not.toHaveProperty("tool_choice");
  });

  it("turns tool calls into tool_use and tool messages into one user turn of tool_result blocks", () => {
    const { body: b } = body({
      messages: [
        { role: "user", content: "Weather in Paris and Lyon?" },
        {
          role: "assistant",
          content: "Checking.",
          tool_calls: [
            { id: "toolu_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
            { id: "toolu_2", type: "function", function: { name: "get_weather", arguments: "not json" } },
          ],
        },
        { role: "tool", tool_call_id: "toolu_1", content: "18°C" },
        { role: "tool", tool_call_id: "toolu_2", content: [{ type: "text", text: "21°C" }] },
        { role: "user", content: "And tomorrow?" },
        { role: "user", content: "In Celsius." },
      ],
    });
    expect(b.messages).toEqual([
      { role: "user", content: [{ type: "text", text: "Weather in Paris and Lyon?" }] },
      {
        role: "assistant",
        content: [
          { type: "text", text: "Checking." },
          { type: "tool_use", id: "toolu_1", name: "get_weather", input: { city: "Paris" } },
          { type: "tool_use", id: "toolu_2", name: "get_weather", input: {} },
        ],
      },
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: "toolu_1", content: "18°C" },
          { type: "tool_result", tool_use_id: "toolu_2", content: "21°C" },
          { type: "text", text: "And tomorrow?" },
          { type: "text", text: "In Celsius." },
        ],
      },
    ]);
  });

  it("puts tool_result blocks first even when user text came before them", () => {
    const { body: b } = body({
      messages: [
        { role: "assistant", content: null, tool_calls: [{ id: "t1", type: "function", function: { name: "f", arguments: "{}" } }] },
        { role: "user", content: "(also)" },
        { role: "tool", tool_call_id: "t1", content: "ok" },
      ],
    });
    const turns = b.messages as Array<{ role: string; content: Array<{ type: string }> }>;
    expect(turns[0]!.content).toEqual([{ type: "tool_use", id: "t1", name: "f", input: {} }]);
    expect(turns[1]!.content.map((c) => c.type)).toEqual(["tool_result", "text"]);
  });

  it("emulates json_object with a system instruction", () => {
    const { body: b, jsonToolName } = body({ messages: [{ role: "user", content: "List 3 colours" }], response_format: { type: "json_object" } });
    expect(jsonToolName).toBeNull();
    expect(b.system).toMatch(/valid JSON object/);
  });

  it("emulates json_schema with a forced tool", () => {
    const schema = { type: "object", properties: { colours: { type: "array", items: { type: "string" } } }, required: ["colours"] };
    const { body: b, jsonToolName } = body({ response_format: { type: "json_schema", json_schema: { name: "colour_list", schema, strict: true } } });
    expect(jsonToolName).toBe("colour_list");
    expect(b.tools).toEqual([{ name: "colour_list", description: expect.any(String), input_schema: schema }]);
    expect(b.tool_choice).toEqual({ type: "tool", name: "colour_list" });
  });

  it("falls back to an instruction for json_schema when the request has its own tools", () => {
    const tools = [{ type: "function" as const, function: { name: "search" } }];
    const schema = { type: "object", properties: { a: { type: "string" } } };
    const { body: b, jsonToolName } = body({ tools, response_format: { type: "json_schema", json_schema: { name: "x", schema } } });
    expect(jsonToolName).toBeNull();
    expect((b.tools as unknown[]).length).toBe(1);
    expect(b.system).toContain('"properties":{"a":{"type":"string"}}');
  });
});
