import { describe, expect, it } from "vitest";
import type { CanonicalRequest } from "../types";
import { UpstreamError } from "../types";
import { toGeminiBody } from "./request";
import { rememberThoughtSignature, SKIP_VALIDATOR_SIGNATURE } from "./thought-signatures";

const body = (req: Partial<CanonicalRequest>) => toGeminiBody({ model: "gemini-2.5-flash", stream: false, messages: [], ...req });

describe("toGeminiBody", () => {
  it("maps roles, system instruction, images and generation config", () => {
    const b = body({
      messages: [
        { role: "system", content: "Be brief." },
        {
          role: "user",
          content: [
            { type: "text", text: "What is this?" },
            { type: "image_url", image_url: { url: "data:image/jpeg;base64,/9j/4AAQSkZJRg==" } },
            { type: "image_url", image_url: { url: "https://example.com/photo.PNG?size=l" } },
          ],
        },
        { role: "assistant", content: "A cat." },
        { role: "user", content: "Sure?" },
      ],
      temperature: 0.4,
      top_p: 0.8,
      max_tokens: 300,
      stop: ["END"],
      seed: 42,
      user: "ignored",
    });
    expect(b).toEqual({
      systemInstruction: { parts: [{ text: "Be brief." }] },
      contents: [
        {
          role: "user",
          parts: [
            { text: "What is this?" },
            { inlineData: { mimeType: "image/jpeg", data: "/9j/4AAQSkZJRg==" } },
            { fileData: { mimeType: "image/png", fileUri: "https://example.com/photo.PNG?size=l" } },
          ],
        },
        { role: "model", parts: [{ text: "A cat." }] },
        { role: "user", parts: [{ text: "Sure?" }] },
      ],
      generationConfig: { temperature: 0.4, topP: 0.8, maxOutputTokens: 300, stopSequences: ["END"], seed: 42 },
    });
  });

  it("maps tools, tool_choice, function calls and responses (one user turn for parallel results)", () => {
    rememberThoughtSignature("call_r1_0", "SIG-REAL");
    const b = body({
      tools: [{ type: "function", function: { name: "weather", description: "Weather", parameters: { type: "object", properties: { city: { type: "string" } }, additionalProperties: false } } }],
      tool_choice: { type: "function", function: { name: "weather" } },
      messages: [
        { role: "user", content: "Paris and Rome?" },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            { id: "call_r1_0", type: "function", function: { name: "weather", arguments: '{"city":"Paris"}' } },
            { id: "call_r1_1", type: "function", function: { name: "weather", arguments: '{"city":"Rome"}' } },
          ],
        },
        { role: "tool", tool_call_id: "call_r1_0", content: '{"temp":18}' },
        { role: "tool", tool_call_id: "call_r1_1", content: "21 degrees" },
      ],
    });
    expect(b.tools).toEqual([
      { functionDeclarations: [{ name: "weather", description: "Weather", parametersJsonSchema: { type: "object", properties: { city: { type: "string" } }, additionalProperties: false } }] },
    ]);
    expect(b.toolConfig).toEqual({ functionCallingConfig: { mode: "ANY", allowedFunctionNames: ["weather"] } });
    expect(b.contents).toEqual([
      { role: "user", parts: [{ text: "Paris and Rome?" }] },
      {
        role: "model",
        parts: [
          { functionCall: { name: "weather", args: { city: "Paris" } }, thoughtSignature: "SIG-REAL" },
          { functionCall: { name: "weather", args: { city: "Rome" } } },
        ],
      },
      {
        role: "user",
        parts: [
          { functionResponse: { name: "weather", response: { temp: 18 } } },
          { functionResponse: { name: "weather", response: { content: "21 degrees" } } },
        ],
      },
    ]);
  });

  it("uses the skip-validator signature for tool calls it did not hand out", () => {
    const b = body({
      messages: [
        { role: "assistant", content: null, tool_calls: [{ id: "toolu_foreign", type: "function", function: { name: "f", arguments: "{}" } }] },
        { role: "tool", tool_call_id: "toolu_foreign", content: "ok" },
      ],
    });
    const model = (b.contents as Array<{ parts: Array<Record<string, unknown>> }>)[0]!;
    expect(model.parts[0]!.thoughtSignature).toBe(SKIP_VALIDATOR_SIGNATURE);
  });

  it("maps tool_choice auto/required/none", () => {
    const tools = [{ type: "function" as const, function: { name: "f" } }];
    expect(body({ tools, tool_choice: "auto" }).toolConfig).toEqual({ functionCallingConfig: { mode: "AUTO" } });
    expect(body({ tools, tool_choice: "required" }).toolConfig).toEqual({ functionCallingConfig: { mode: "ANY" } });
    expect(body({ tools, tool_choice: "none" }).toolConfig).toEqual({ functionCallingConfig: { mode: "NONE" } });
    expect((body({ tools }).tools as Array<{ functionDeclarations: unknown[] }>)[0]!.functionDeclarations).toEqual([{ name: "f" }]);
  });

  it("maps JSON modes to responseMimeType / responseJsonSchema, or an instruction with tools", () => {
    expect(body({ response_format: { type: "json_object" } }).generationConfig).toEqual({ responseMimeType: "application/json" });
    const schema = { type: "object", properties: { a: { type: "integer" } }, required: ["a"] };
    expect(body({ response_format: { type: "json_schema", json_schema: { name: "x", schema } } }).generationConfig).toEqual({
      responseMimeType: "application/json",
      responseJsonSchema: schema,
    });
    const withTools = body({ tools: [{ type: "function", function: { name: "f" } }], response_format: { type: "json_schema", json_schema: { name: "x", schema } } });
    expect(withTools).not.toHaveProperty("generationConfig");
    expect(JSON.stringify(withTools.systemInstruction)).toContain("JSON Schema");
  });

  it("refuses tool results for unknown calls and unusable image URLs", () => {
    expect(() => body({ messages: [{ role: "tool", tool_call_id: "nope", content: "x" }] })).toThrow(UpstreamError);
    expect(() => body({ messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "gs://b/o.png" } }] }] })).toThrow(UpstreamError);
  });
});
