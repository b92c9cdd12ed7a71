import { describe, expect, it } from "vitest";
import { sampleFromSchema } from "./json-schema-sample";
import { matchesSchema } from "./test-support";

function expectValid(schema: Record<string, unknown>): unknown {
  const value = sampleFromSchema(schema);
  expect(matchesSchema(schema, value), JSON.stringify(value)).toBe(true);
  return value;
}

describe("sampleFromSchema", () => {
  it("fills a typical tool schema with every property", () => {
    const value = expectValid({
      type: "object",
      properties: {
        city: { type: "string", description: "City name" },
        unit: { type: "string", enum: ["celsius", "fahrenheit"] },
        days: { type: "integer", minimum: 3, maximum: 10 },
        ratio: { type: "number", exclusiveMinimum: 1, multipleOf: 0.25 },
        metric: { type: "boolean" },
        tags: { type: "array", items: { type: "string" }, minItems: 2 },
        when: { type: "string", format: "date-time" },
        owner: {
          type: "object",
          properties: { name: { type: "string", minLength: 12 }, age: { type: ["integer", "null"] } },
          required: ["name", "age"],
          additionalProperties: false,
        },
      },
      required: ["city", "unit", "days"],
      additionalProperties: false,
    });
    expect(value).toMatchObject({ city: "sample city", unit: "celsius", days: 3, metric: true });
    expect(value).toHaveProperty("tags", ["sample tags", "sample tags 2"]);
  });

  it("resolves $ref/$defs, anyOf with null, allOf and const", () => {
    expectValid({
      type: "object",
      $defs: { step: { type: "object", properties: { n: { type: "integer" }, kind: { const: "step" } }, required: ["n", "kind"] } },
      properties: {
        steps: { type: "array", items: { $ref: "#/$defs/step" } },
        note: { anyOf: [{ type: "null" }, { type: "string", maxLength: 4 }] },
        merged: { allOf: [{ type: "object", properties: { a: { type: "string" } }, required: ["a"] }, { properties: { b: { type: "number" } } }] },
      },
      required: ["steps", "note", "merged"],
    });
  });

  it("understands Gemini's upper-case OpenAPI types", () => {
    const value = sampleFromSchema({
      type: "OBJECT",
      properties: { name: { type: "STRING" }, count: { type: "INTEGER" }, items: { type: "ARRAY", items: { type: "NUMBER" } } },
      propertyOrdering: ["count", "name", "items"],
    });
    expect(value).toEqual({ count: 1, name: "sample name", items: [1] });
    expect(Object.keys(value as object)).toEqual(["count", "name", "items"]);
  });

  it("returns {} for a missing or empty schema", () => {
    expect(sampleFromSchema(undefined)).toEqual({});
    expect(sampleFromSchema({})).toEqual({});
  });
});
