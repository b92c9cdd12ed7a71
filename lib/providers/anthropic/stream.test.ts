import { describe, expect, it } from "vitest";
import { assemble, fixtureReader, runMapper } from "../testing/fixtures";
import { AnthropicStreamMapper } from "./stream";

const fx = fixtureReader(import.meta.dirname);
const mapper = (jsonTool: string | null = null) => new AnthropicStreamMapper("anthropic", "sk-ant-test", "claude-sonnet-4-5", jsonTool);

describe("AnthropicStreamMapper", () => {
  it("maps a text stream", () => {
    const chunks = runMapper(fx.text("text.sse.txt"), mapper());
    expect(chunks[0]).toMatchObject({ id: "msg_01QC4g3HwBThD4BaNtBckFDJ", model: "claude-sonnet-4-5-20250929", delta: { role: "assistant" } });
    expect(chunks.map((c) => c.delta.content).filter(Boolean)).toEqual(["Hello", "! I'm doing well", ", thank you for asking."]);
    const last = chunks.at(-1)!;
    expect(last.finish_reason).toBe("stop");
    expect(last.usage).toEqual({ prompt_tokens: 12, completion_tokens: 15, total_tokens: 27, cached_tokens: 0, cache_write_tokens: 0 });
  });

  it("streams tool calls incrementally, skips thinking, and reports cache reads", () => {
    const chunks = runMapper(fx.text("tool-use.sse.txt"), mapper(), 5);
    const starts = chunks.filter((c) => c.delta.tool_calls?.[0]!.id);
    expect(starts.map((c) => c.delta.tool_calls)).toEqual([
      [{ index: 0, id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6", type: "function", function: { name: "get_weather", arguments: "" } }],
      [{ index: 1, id: "toolu_01CqN7bLdmhwgEfbX6pmD8Hr", type: "function", function: { name: "get_time", arguments: "" } }],
    ]);
    expect(chunks.filter((c) => c.delta.tool_calls?.[0]!.index === 0 && !c.delta.tool_calls[0]!.id).length).toBe(6);
    const a = assemble(chunks);
    expect(a.content).toBe("Okay, let's check the weather for San Francisco, CA:");
    expect(JSON.parse(a.toolCalls[0]!.arguments)).toEqual({ location: "San Francisco, CA", unit: "fahrenheit" });
    expect(JSON.parse(a.toolCalls[1]!.arguments)).toEqual({ tz: "America/Los_Angeles" });
    expect(a.finish).toBe("tool_calls");
    expect(a.usage).toEqual({ prompt_tokens: 472 + 2048, completion_tokens: 89, total_tokens: 472 + 2048 + 89, cached_tokens: 2048, cache_write_tokens: 0 });
  });

  it("streams the JSON-mode tool as content", () => {
    const a = assemble(runMapper(fx.text("json-tool.sse.txt"), mapper("weather_report")));
    expect(a.toolCalls).toEqual([]);
    expect(JSON.parse(a.content)).toEqual({ location: "San Francisco", temperature: 58, condition: "sunny" });
    expect(a.finish).toBe("stop");
  });

  it("raises an overloaded error event as a retryable 529", () => {
    expect(() => runMapper(fx.text("stream-error.sse.txt"), mapper())).toThrowError(
      expect.objectContaining({ status: 529, kind: "http", retryable: true, message: expect.stringContaining("Overloaded") }),
    );
  });

  it("accepts a cut after message_delta, rejects one before", () => {
    const text = fx.text("text.sse.txt");
    const noStop = text.slice(0, text.indexOf("event: message_stop"));
    expect(assemble(runMapper(noStop, mapper())).finish).toBe("stop");
    const cut = text.slice(0, text.indexOf("event: content_block_stop"));
    expect(() => runMapper(cut, mapper())).toThrowError(expect.objectContaining({ kind: "invalid_response" }));
  });

  it("ignores unknown event types and rejects malformed known ones", () => {
    const text = fx.text("text.sse.txt").replace("event: ping", 'event: future_thing\ndata: {"type":"future_thing"}\n\nevent: ping');
    expect(assemble(runMapper(text, mapper())).content).toContain("Hello");
    expect(() => runMapper('event: content_block_delta\ndata: {"type":"content_block_delta"}\n\n', mapper())).toThrowError(
      expect.objectContaining({ kind: "invalid_response" }),
    );
  });
});
