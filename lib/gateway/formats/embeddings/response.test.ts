import { describe, expect, it } from "vitest";
import { float32Base64, toEmbeddingsList } from "./response";

describe("toEmbeddingsList", () => {
  const vectors = [[0.5, -0.25, 1 / 3], [1, 0, 0]];

  it("answers OpenAI's list with the Switchyard model id and the usage", () => {
    expect(toEmbeddingsList({ vectors }, "sim/embed", 7, "float")).toEqual({
      object: "list", model: "sim/embed", usage: { prompt_tokens: 7, total_tokens: 7 },
      data: [{ object: "embedding", index: 0, embedding: vectors[0] }, { object: "embedding", index: 1, embedding: vectors[1] }],
    });
  });

  it("writes base64 as little-endian float32, as OpenAI does (what the SDK decodes by default)", () => {
    const b64 = float32Base64(vectors[0]!);
    const bytes = Buffer.from(b64, "base64");
    expect(bytes.length).toBe(12);
    expect([bytes.readFloatLE(0), bytes.readFloatLE(4), bytes.readFloatLE(8)]).toEqual([0.5, -0.25, Math.fround(1 / 3)]);
    expect(toEmbeddingsList({ vectors }, "m", 1, "base64").data[1]!.embedding).toBe(float32Base64([1, 0, 0]));
  });
});
