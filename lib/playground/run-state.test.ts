import { describe, expect, it } from "vitest";
import { boundedRun, emptyRun, RunBuilder, runChargedUnits } from "@/lib/playground/run-state";
import { SseLineReader, type StreamEvent } from "@/lib/playground/sse-lines";

const route: StreamEvent = {
  event: "route", id: "req_1", mode: "compare", reason: "compare: 2 models",
  models: [{ model: "sim/gpt", index: 0, stage: "source" }, { model: "sim/gpt", index: 1, stage: "source" }],
};

function fold(events: StreamEvent[], mode: "chat" | "compare" | "blend" | "judge" = "compare") {
  const b = new RunBuilder(emptyRun(mode, "running"));
  events.forEach((e, i) => b.apply(e, i * 10));
  return b;
}

describe("RunBuilder", () => {
  it("keeps a repeated model's calls apart by index, and records text, first token and the done figures", () => {
    const b = fold([
      route,
      { event: "chunk", model: "sim/gpt", index: 1, stage: "source", delta: "Hel" },
      { event: "chunk", model: "sim/gpt", index: 0, stage: "source", delta: "A" },
      { event: "chunk", model: "sim/gpt", index: 1, stage: "source", delta: "lo" },
      { event: "done", model: "sim/gpt", index: 1, stage: "source", resolved_model: "sim/gpt", usage: { prompt_tokens: 5, completion_tokens: 2 },
        latency_ms: 40, ttft_ms: 12, charged_units: "38500000", charged_credits: "0.00385" },
      { event: "error", model: "sim/gpt", index: 0, stage: "source", status_code: 503, code: "upstream_error", message: "down", refunded: true },
      { event: "summary", fastest: { model: "sim/gpt", index: 1 }, cheapest: { model: "sim/gpt", index: 1 }, total_charged_units: "38500000" },
    ]);
    b.finish("done");
    const run = b.run;
    expect(run.requestId).toBe("req_1");
    expect(run.order).toEqual(["source:0", "source:1"]);
    expect(run.calls["source:1"]).toMatchObject({ text: "Hello", status: "done", firstTokenMs: 10, promptTokens: 5, completionTokens: 2,
      chargedUnits: "38500000", latencyMs: 40, ttftMs: 12 });
    expect(run.calls["source:0"]).toMatchObject({ text: "A", status: "error", chargedUnits: "0", error: { status: 503, refunded: true } });
    expect(run.compare).toEqual({ fastest: "source:1", cheapest: "source:1", totalUnits: "38500000" });
    expect(runChargedUnits(run)).toBe(38_500_000n);
    expect(run.error).toBeNull();
  });

  it("treats /chat's untagged events as its one call and an untagged error as the run's", () => {
    const b = fold([
      { event: "route", id: "req_2", mode: "chat", model: "sim/fast", chain: ["sim/fast"], strategy: "auto", reason: "quick chat: cheapest" },
      { event: "chunk", model: "sim/fast", delta: "Hi" },
      { event: "error", status_code: 502, code: "upstream_error", message: "cut", refunded: false },
    ], "chat");
    expect(b.run.route).toEqual({ reason: "quick chat: cheapest", model: "sim/fast", chain: ["sim/fast"], strategy: "auto" });
    expect(b.run.calls["source:0"]!.text).toBe("Hi");
    expect(b.run.error).toEqual({ status: 502, message: "cut", code: "upstream_error" });
  });

  it("reads a verdict ranked, and blend's synthesis", () => {
    const judge = fold([
      { event: "verdict", judge: "sim/fast", winner: "sim/b", overall: "b wins",
        scores: [{ model: "sim/a", rank: 2, score: 3.5, reasoning: "meh" }, { model: "sim/b", rank: 1, score: 8.5, reasoning: "good" }] },
    ], "judge");
    expect(judge.run.verdict).toEqual({ judge: "sim/fast", winner: "sim/b", overall: "b wins", unanswered: [],
      scores: [{ model: "sim/b", rank: 1, score: 8.5, reasoning: "good" }, { model: "sim/a", rank: 2, score: 3.5, reasoning: "meh" }] });
    const blend = fold([{ event: "blend", strategy: "chain", synthesis: { model: "sim/c", index: 1, stage: "synthesis" }, content: "x", charged_units: "7" }], "blend");
    expect(blend.run.blend).toEqual({ strategy: "chain", synthesisKey: "synthesis:1", content: "x", chargedUnits: "7" });
  });

  it("stop one call: later chunks are ignored, its cost still recorded; an aborted run marks open calls stopped", () => {
    const b = fold([route, { event: "chunk", model: "sim/gpt", index: 0, stage: "source", delta: "A" }]);
    b.stop("source:0");
    b.apply({ event: "chunk", model: "sim/gpt", index: 0, stage: "source", delta: "B" });
    b.apply({ event: "done", model: "sim/gpt", index: 0, stage: "source", charged_units: "5", usage: {} });
    expect(b.run.calls["source:0"]).toMatchObject({ text: "A", status: "stopped", chargedUnits: "5" });
    b.finish("stopped");
    expect(b.run.calls["source:1"]!.status).toBe("stopped");
  });

  it("never mutates the state it was built from (React state)", () => {
    const first = fold([route]).run;
    const next = RunBuilder.from(first);
    next.apply({ event: "chunk", model: "sim/gpt", index: 0, stage: "source", delta: "x" });
    expect(first.calls["source:0"]!.text).toBe("");
    expect(next.run.calls["source:0"]!.text).toBe("x");
  });

  it("bounds stored texts", () => {
    const b = fold([route, { event: "chunk", model: "sim/gpt", index: 0, stage: "source", delta: "abcdef" }]);
    expect(boundedRun(b.run, 3).calls["source:0"]).toMatchObject({ text: "abc", truncated: true });
    expect(boundedRun(b.run, 3).calls["source:1"]!.truncated).toBeUndefined();
  });
});

describe("SseLineReader", () => {
  it("joins events split across reads and sees [DONE]", () => {
    const r = new SseLineReader();
    expect(r.push('data: {"event":"chunk","de')).toEqual([]);
    expect(r.push('lta":"a"}\n\ndata: {"event":"done"}\n\nda')).toEqual([{ event: "chunk", delta: "a" }, { event: "done" }]);
    expect(r.push("ta: [DONE]\n\n")).toEqual([]);
    expect(r.done).toBe(true);
  });

  it("skips what is not an event", () => {
    expect(new SseLineReader().push(': comment\n\ndata: nope\n\ndata: {"x":1}\n\ndata: {"event":"ok"}\n\n')).toEqual([{ event: "ok" }]);
  });
});
