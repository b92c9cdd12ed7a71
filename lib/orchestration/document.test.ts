import { describe, expect, it } from "vitest";
import { OrchestrationDocument } from "@/lib/orchestration/document";

describe("the stream: false document", () => {
  it("folds each sub-call's events into its result and mode events into named fields", () => {
    const doc = new OrchestrationDocument("req_1", "compare");
    const a = doc.addResult({ model: "x/a", index: 0, stage: "source" });
    const b = doc.addResult({ model: "x/b", index: 1, stage: "source" });
    doc.add({ event: "route", id: "req_1", mode: "compare", reason: "r", models: [] });
    doc.add({ event: "chunk", model: "x/a", index: 0, stage: "source", delta: "Hel" }, a);
    doc.add({ event: "chunk", model: "x/b", index: 1, stage: "source", delta: "", tool_calls: [{ index: 0, id: "c1", type: "function", function: { name: "f", arguments: "{\"q\":" } }] }, b);
    doc.add({ event: "chunk", model: "x/b", index: 1, stage: "source", delta: "", tool_calls: [{ index: 0, function: { arguments: "1}" } }] }, b);
    doc.add({ event: "chunk", model: "x/a", index: 0, stage: "source", delta: "lo" }, a);
    doc.add({ event: "trace", model: "x/a", index: 0, stage: "source", attempts: [], failovers: 0 }, a);
    doc.add({
      event: "done", model: "x/a", index: 0, stage: "source", resolved_model: "x/a", finish_reason: "stop",
      usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 }, latency_ms: 10, ttft_ms: 4,
      charged_credits: "0.1", charged_units: "1000000000", remaining_credits: "9.9", remaining_units: "99000000000",
    }, a);
    doc.add({ event: "error", model: "x/b", index: 1, stage: "source", status_code: 503, code: "service_unavailable", message: "down", refunded: true }, b);
    doc.add({ event: "summary", succeeded: 1 });
    const json = doc.toJSON() as { results: Array<Record<string, unknown>>; summary: unknown; remaining_units: string; route: unknown };
    expect(json).toMatchObject({ id: "req_1", object: "switchyard.compare", mode: "compare", route: { reason: "r" }, summary: { succeeded: 1 }, remaining_units: "99000000000" });
    expect(json.results[0]).toMatchObject({ model: "x/a", status: "ok", content: "Hello", finish_reason: "stop", charged_units: "1000000000", trace: { failovers: 0 }, error: null });
    expect(json.results[1]).toMatchObject({
      model: "x/b", status: "error", content: "", error: { status_code: 503, refunded: true },
      tool_calls: [{ index: 0, id: "c1", type: "function", function: { name: "f", arguments: "{\"q\":1}" } }],
    });
  });

  it("keeps a terminal error (no sub-call) at the top", () => {
    const doc = new OrchestrationDocument("req_2", "blend");
    doc.add({ event: "error", status_code: 402, code: "insufficient_credits", message: "no", refunded: false });
    expect(doc.toJSON()).toMatchObject({ error: { status_code: 402, code: "insufficient_credits" }, results: [] });
  });
});
