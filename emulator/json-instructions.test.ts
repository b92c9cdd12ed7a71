import { describe, expect, it } from "vitest";
import { asksForJson, schemaInText } from "./json-instructions";

describe("JSON asked for in words", () => {
  it("recognises the instructions gateways write for providers without a JSON mode", () => {
    expect(asksForJson("Respond with one valid JSON object and nothing else: no prose.")).toBe(true);
    expect(asksForJson("Reply with one JSON object and nothing else")).toBe(true);
    expect(asksForJson("Answer in JSON.")).toBe(false);
    expect(asksForJson("Tell me about JSON objects")).toBe(false);
  });

  it("reads the schema spelled out after 'JSON Schema …:', braces inside strings included", () => {
    const schema = { type: "object", properties: { note: { type: "string", description: "a } brace and a \" quote {" } } };
    const text = `Respond with one valid JSON object. It must conform to this JSON Schema (named "x"): ${JSON.stringify(schema)} Thanks.`;
    expect(schemaInText(text)).toEqual(schema);
  });

  it("skips what does not parse and finds none where there is none", () => {
    expect(schemaInText('JSON Schema: {not json} and then this JSON Schema: {"type":"object"}')).toEqual({ type: "object" });
    expect(schemaInText("JSON Schema: {unterminated")).toBeNull();
    expect(schemaInText("no schema here")).toBeNull();
  });
});
