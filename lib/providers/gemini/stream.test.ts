import { describe, expect, it } from "vitest";
import { assemble, fixtureReader, runMapper } from "../testing/fixtures";
import { GeminiStreamMapper } from "./stream";

const fx = fixtureReader(import.meta.dirname);
const mapper = () => new GeminiStreamMapper("gemini", "AIza-test", "gemini-2.5-flash");

describe("GeminiStreamMapper", () => {
  it("maps a CRLF-delimited text stream, usage with the finish", () => {
    const chunks = runMapper(fx.text("text.sse.txt"), mapper(), 11);
    expect(chunks[0]).toMatchObject({ id: "bH6LaZW8Fp_3nsEPqtaSwQ4", delta: { role: "assistant", content: "There are **3**" } });
    expect(chunks).toHaveLength(3);
    const a = assemble(chunks);
    expect(a.content).toBe('There are **3** "r"s in strawberry.');
    expect(a.finish).toBe("stop");
    expect(a.usage).toEqual({ prompt_tokens: 9, completion_tokens: 13 + 185, total_tokens: 207, cached_tokens: 0 });
  });

  it("emits whole function calls as tool-call deltas, finish tool_calls", () => {
    const chunks = runMapper(fx.text("tool-call.sse.txt"), mapper());
    expect(chunks[0]!.delta.tool_calls).toEqual([
      { index: 0, id: "call_b36LacjwM668nsEP2tbsgQQ_0", type: "function", function: { name: "weather", arguments: '{"location":"San Francisco"}' } },
      { index: 1, id: "call_b36LacjwM668nsEP2tbsgQQ_1", type: "function", function: { name: "weather", arguments: '{"location":"Paris"}' } },
    ]);
    expect(assemble(chunks).finish).toBe("tool_calls");
  });

  it("treats a stream without finishReason as invalid", () => {
    expect(() => runMapper(fx.text("cut.sse.txt"), mapper())).toThrowError(expect.objectContaining({ kind: "invalid_response" }));
  });

  it("maps an in-band error and a blocked prompt", () => {
    expect(() => runMapper(`data: ${JSON.stringify(fx.json("error-429.json"))}\r\n\r\n`, mapper())).toThrowError(
      expect.objectContaining({ status: 429, retryable: true, retryAfterMs: 34400 }),
    );
    const blocked = runMapper(`data: ${JSON.stringify(fx.json("prompt-blocked.json"))}\r\n\r\n`, mapper());
    expect(blocked).toHaveLength(1);
    expect(blocked[0]).toMatchObject({ finish_reason: "content_filter", usage: { prompt_tokens: 9 } });
  });

  it("skips thought parts and name-less partial function calls", () => {
    const ev = (o: unknown) => `data: ${JSON.stringify(o)}\n\n`;
    const chunks = runMapper(
      ev({ candidates: [{ content: { parts: [{ text: "thinking…", thought: true }] } }], responseId: "r" }) +
        ev({ candidates: [{ content: { parts: [{ functionCall: { partialArgs: [] } }, { text: "Hi" }] } }] }) +
        ev({ candidates: [{ content: { parts: [{ text: "" }] }, finishReason: "STOP" }], usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 1 } }),
      mapper(),
    );
    const a = assemble(chunks);
    expect(a.content).toBe("Hi");
    expect(a.toolCalls).toEqual([]);
    expect(a.finish).toBe("stop");
  });
});
