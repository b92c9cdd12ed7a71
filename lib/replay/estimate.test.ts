// Estimate arithmetic to the last unit (issue #22.8), against costs computed by hand.
import { describe, expect, it } from "vitest";
import type { PriceSnapshot } from "@/lib/catalog";
import { estimateItem, JUDGE_OUTPUT_ESTIMATE, JUDGE_OVERHEAD_TOKENS, sumEstimates } from "./estimate";
import { percentile } from "./report";
import { answerText, classifyLog } from "./stored-request";
import type { SampledLog } from "@/lib/sql/replay-sample";

// $0.15 / $0.60 per million tokens = 150,000 / 600,000 units per token (1 unit = 1e-12 USD).
const candidate: PriceSnapshot = { modelId: "c", catalogVersion: "t", inputPerToken: 150_000n, outputPerToken: 600_000n, cachedInputPerToken: 75_000n, cacheWritePerToken: null };
// $3 / $15 per million.
const judge: PriceSnapshot = { modelId: "j", catalogVersion: "t", inputPerToken: 3_000_000n, outputPerToken: 15_000_000n, cachedInputPerToken: null, cacheWritePerToken: null };

describe("replay estimate", () => {
  it("candidate = logged tokens × candidate price; judge = (prompt + both answers + instructions) in, a verdict out", () => {
    const e = estimateItem({ inputTokens: 1_000, outputTokens: 200 }, candidate, judge, 0);
    // 1000 × 150,000 + 200 × 600,000 = 150,000,000 + 120,000,000
    expect(e.candidateUnits).toBe(270_000_000n);
    // in: 1000 + 200 + 200 + 600 = 2000 tokens × 3,000,000; out: 300 × 15,000,000
    expect(JUDGE_OVERHEAD_TOKENS).toBe(600);
    expect(JUDGE_OUTPUT_ESTIMATE).toBe(300);
    expect(e.judgeUnits).toBe(6_000_000_000n + 4_500_000_000n);
  });

  it("adds the markup per call, rounded up to the unit as settlement does", () => {
    // 1 token in, 0 out: 150,000 units; +2.5 % = 153,750. 3 tokens out: 1,800,000 + 2.5 % = 1,845,000.
    expect(estimateItem({ inputTokens: 1, outputTokens: 0 }, candidate, null, 250)).toEqual({ candidateUnits: 153_750n, judgeUnits: 0n });
    expect(estimateItem({ inputTokens: 0, outputTokens: 3 }, candidate, null, 250).candidateUnits).toBe(1_845_000n);
    // 7 units × 1.0001 = 7.0007 → 8 (rounded up).
    const tiny: PriceSnapshot = { ...candidate, inputPerToken: 7n };
    expect(estimateItem({ inputTokens: 1, outputTokens: 0 }, tiny, null, 1).candidateUnits).toBe(8n);
  });

  it("sums exactly over 300 items", () => {
    const items = Array.from({ length: 300 }, (_, i) => ({ originalUnits: BigInt(i), ...estimateItem({ inputTokens: i, outputTokens: 2 * i }, candidate, judge, 0) }));
    const t = sumEstimates(items);
    // Σi = 44,850; candidate: Σ(i × 150,000 + 2i × 600,000) = 44,850 × 1,350,000
    expect(t.originalUnits).toBe(44_850n);
    expect(t.candidateUnits).toBe(44_850n * 1_350_000n);
    // judge in: i + 2i + 2i + 600 per item → 5 × 44,850 + 300 × 600 tokens; out: 300 × 300 tokens
    expect(t.judgeUnits).toBe((5n * 44_850n + 180_000n) * 3_000_000n + 90_000n * 15_000_000n);
    expect(t.totalUnits).toBe(t.candidateUnits + t.judgeUnits);
  });
});

describe("what can be replayed", () => {
  const log = (over: Partial<SampledLog>): SampledLog => ({
    id: "req_1", endpoint: "chat.completions", model: "sim/gpt", inputTokens: 5, outputTokens: 3, cachedTokens: 0, costUnits: 10n,
    latencyMs: 100, requestBody: { model: "sim/gpt", messages: [{ role: "user", content: "hi" }] },
    responseBody: { message: { role: "assistant", content: "hello" } }, bodyTruncated: false, ...over,
  });
  it("counts zero-retention, truncated, answerless and unparseable requests by reason", () => {
    expect(classifyLog(log({ requestBody: null }))).toEqual({ ok: false, reason: "zero_retention" });
    expect(classifyLog(log({ bodyTruncated: true }))).toEqual({ ok: false, reason: "truncated" });
    expect(classifyLog(log({ responseBody: null }))).toEqual({ ok: false, reason: "missing_answer" });
    expect(classifyLog(log({ requestBody: { nope: true } }))).toEqual({ ok: false, reason: "unsupported" });
    const ok = classifyLog(log({}));
    expect(ok.ok && ok.value.answer).toBe("hello");
  });
  it("reads the answer from the stored shapes", () => {
    expect(answerText({ choices: [{ message: { content: "a" } }] })).toBe("a");
    expect(answerText({ content: [{ type: "text", text: "b" }, { type: "text", text: "c" }] })).toBe("bc");
    expect(answerText({ output_text: "d" })).toBe("d");
    expect(answerText({ id: "x" })).toBeNull();
  });
  it("percentiles are nearest-rank", () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([5, 1, 3, 2, 4], 50)).toBe(3);
    expect(percentile(Array.from({ length: 20 }, (_, i) => i + 1), 95)).toBe(19);
  });
});
