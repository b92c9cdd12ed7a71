import { describe, expect, it } from "vitest";
import { parseEmbeddingsBody } from "./parse";

describe("parseEmbeddingsBody", () => {
  it("takes a string, a list of strings, a token array or a list of token arrays", () => {
    const one = parseEmbeddingsBody({ model: "sim/embed", input: "hi", dimensions: 8, user: "u", encoding_format: "base64" });
    expect(one).toEqual({ ok: true, value: { models: ["sim/embed"], input: ["hi"], tokens: false, encoding: "base64", dimensions: 8, user: "u" } });
    const many = parseEmbeddingsBody({ model: "sim/embed", input: ["a", "b"], models: ["openai/text-embedding-3-small"] });
    expect(many).toMatchObject({ ok: true, value: { models: ["sim/embed", "openai/text-embedding-3-small"], input: ["a", "b"], encoding: "float" } });
    expect(parseEmbeddingsBody({ model: "m", input: [1, 2, 3] })).toMatchObject({ ok: true, value: { input: [[1, 2, 3]], tokens: true } });
    expect(parseEmbeddingsBody({ model: "m", input: [[1], [2, 3]] })).toMatchObject({ ok: true, value: { input: [[1], [2, 3]], tokens: true } });
  });

  const cases: Array<[Record<string, unknown>, string | null, RegExp]> = [
    [{ input: "hi" }, "model", /Missing required parameter: 'model'/],
    [{ model: "m" }, "input", /Missing required parameter: 'input'/],
    [{ model: "m", input: "" }, "input", /empty string/],
    [{ model: "m", input: [] }, "input", /empty array/],
    [{ model: "m", input: ["ok", ""] }, "input[1]", /empty string/],
    [{ model: "m", input: ["ok", 5] }, "input[1]", /expected a string/],
    [{ model: "m", input: { text: "x" } }, "input", /expected one of/],
    [{ model: "m", input: Array.from({ length: 2049 }, () => "x") }, "input", /array too long/],
    [{ model: "m", input: "x", encoding_format: "int8" }, "encoding_format", /Invalid value: 'int8'/],
    [{ model: "m", input: "x", dimensions: 0 }, "dimensions", /below minimum/],
    [{ model: "m", input: "x", dimensions: 1.5 }, "dimensions", /expected an integer/],
    [{ model: "m", input: "x", temperature: 1 }, null, /Unrecognized request argument supplied: temperature/],
  ];
  it.each(cases.map(([body, param, message]) => [param, message, body] as const))("400 on %s: %s", (param, message, body) => {
    const r = parseEmbeddingsBody(body);
    if (r.ok) throw new Error("expected an error");
    expect(r.error.param).toBe(param);
    expect(r.error.message).toMatch(message);
  });
});
