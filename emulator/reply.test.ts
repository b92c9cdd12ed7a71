import { describe, expect, it } from "vitest";
import { FILLER_WORDS, applyStop, buildReply, echoWords, tokenPieces } from "./reply";
import { countTokens } from "./tokens";

describe("reply generation", () => {
  it("uses only single-token filler words, so padding is exact", () => {
    for (const word of FILLER_WORDS) expect(countTokens(word), word).toBe(1);
  });

  it("builds a natural reply of exactly replyTokens tokens that echoes the prompt", () => {
    for (const tokens of [1, 2, 5, 24, 80, 300]) {
      const reply = buildReply({ model: "emu-fast", source: "Tell me about Paris in spring", toolResult: false, tokens, natural: true });
      expect(countTokens(reply.text)).toBe(tokens);
      expect(reply.tokens).toBe(tokens);
      expect(reply.pieces.map((p) => p.text).join("")).toBe(reply.text);
      expect(reply.pieces.reduce((s, p) => s + p.tokens, 0)).toBe(tokens);
      expect(reply.text.endsWith(".")).toBe(true);
    }
    for (let tokens = 1; tokens <= 30; tokens++) {
      for (const model of ["anything", "emu-fast", "gpt-4.1-mini", "models/gemini-2.5-pro", "a.b"]) {
        const reply = buildReply({ model, source: "Hi", toolResult: false, tokens, natural: true });
        expect(countTokens(reply.text), `${model} ${tokens}: ${reply.text}`).toBe(tokens);
      }
    }
    const reply = buildReply({ model: "emu-fast", source: "Tell me about Paris", toolResult: false, tokens: 40, natural: true });
    expect(reply.text).toMatch(/^Simulated reply from emu-fast: Tell me about Paris/);
  });

  it("cuts at exactly max tokens, also with unusual prompt words", () => {
    const source = "Überprüfe naïve Schrödinger résumé 東京 Switchyard 12345678 mixedCASEword";
    const models = ["claude-sonnet-4-5", "x", "accounts/fireworks/models/llama-v3p1-8b", "mistral.large!", "模型"];
    const sources = [source, "Hello, world! Ça va? 😀 1234567 it's", "", "{\"temperature\": 21.5, \"ok\": true}"];
    for (const model of models) {
      for (const src of sources) {
        for (const toolResult of [false, true]) {
          for (let tokens = 1; tokens <= 40; tokens++) {
            for (const natural of [false, true]) {
              const reply = buildReply({ model, source: src, toolResult, tokens, natural });
              expect(countTokens(reply.text), `${model}|${src}|${tokens}|${natural}`).toBe(tokens);
              expect(reply.pieces.reduce((s, p) => s + p.tokens, 0)).toBe(tokens);
            }
          }
        }
      }
    }
  });

  it("echoes at most eight words of the prompt", () => {
    expect(echoWords("a b c d e f g h i j")).toEqual(["a", "b", "c", "d", "e", "f", "g", "h"]);
    expect(echoWords("What's the weather?")).toEqual(["What", "s", "the", "weather"]);
  });

  it("ends text before the earliest stop sequence and recounts it", () => {
    const reply = buildReply({ model: "emu-fast", source: "alpha beta gamma", toolResult: false, tokens: 20, natural: true });
    const stopped = applyStop(reply, ["gamma", "beta"]);
    expect(stopped?.text).toBe("Simulated reply from emu-fast: alpha ");
    expect(stopped?.stop).toBe("beta");
    expect(stopped?.tokens).toBe(countTokens("Simulated reply from emu-fast: alpha "));
    expect(stopped?.pieces.reduce((s, p) => s + p.tokens, 0)).toBe(stopped?.tokens);
    expect(applyStop(reply, ["zebra"])).toBeNull();
  });

  it("splits JSON into ~one-token pieces and cuts it at max tokens", () => {
    const json = JSON.stringify({ city: "Zürich", days: 3, tags: ["a", "b"] });
    const whole = tokenPieces(json, null);
    expect(whole.cut).toBe(false);
    expect(whole.text).toBe(json);
    expect(whole.tokens).toBe(countTokens(json));
    const cut = tokenPieces(json, 4);
    expect(cut.cut).toBe(true);
    expect(cut.tokens).toBeLessThanOrEqual(4);
    expect(countTokens(cut.text)).toBe(cut.tokens);
    expect(json.startsWith(cut.text)).toBe(true);
  });
});
