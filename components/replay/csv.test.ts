import { describe, expect, it } from "vitest";
import { csvField, itemsCsv } from "./csv";
import type { ReplayItem } from "./types";

const item: ReplayItem = {
  position: 0, source_request_id: "req_1", status: "done", skip_reason: null,
  original: { model: "sim/gpt", answer: "Hello, \"world\"\nbye", output_tokens: 3, cost_units: "401000000", latency_ms: 120 },
  candidate: { model: "sim/claude", status: 200, answer: "=SUM(A1)", output_tokens: 2, cost_units: "0", latency_ms: 80, error: null },
  judge: { winner: "tie", original_score: 7, candidate_score: 7, reasoning: null, error: null },
};

describe("replay CSV", () => {
  it("quotes commas, quotes and line breaks, and neutralises formulas", () => {
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("=1+1")).toBe("'=1+1");
    expect(csvField(null)).toBe("");
    expect(csvField(-3)).toBe("-3");
  });
  it("one row per item with costs at the dashboard's precision", () => {
    const lines = itemsCsv([item]).split("\r\n");
    expect(lines[0]!.startsWith("position,source_request_id")).toBe(true);
    expect(lines[1]).toBe('0,req_1,done,,sim/gpt,sim/claude,$0.000401,$0.000000,120,80,200,tie,7,7,"Hello, ""world""\nbye",\'=SUM(A1)');
  });
});
