import { describe, expect, it } from "vitest";
import { findModel, getPrice } from "@/lib/catalog";
import type { ModelStats } from "@/lib/routing/model-stats";
import type { RequestClass } from "./classify";
import { rankCandidates, whyChosen, type Figures, type RankContext, type RankInput } from "./rank";
import type { RollupFigures } from "./rollup-figures";

const NONE: ModelStats = { samples: 0, p50LatencyMs: null, p50TtftMs: null, successRate: null };

function recent(samples: number, successRate: number, p50LatencyMs: number | null): ModelStats {
  return { samples, successRate, p50LatencyMs, p50TtftMs: null };
}

function input(id: string, figures: Partial<Figures> = {}): RankInput {
  const entry = findModel(id);
  const price = entry && getPrice(entry);
  if (!entry || !price) throw new Error(`fixture: ${id}`);
  return { entry, price, figures: { recent: figures.recent ?? NONE, rollup: figures.rollup ?? null } };
}

function ctx(goal: RankContext["goal"], requestClass: RequestClass = "general", promptTokens = 50): RankContext {
  return { goal, requestClass, promptTokens };
}

const ids = (list: { entry: { id: string } }[]) => list.map((r) => r.entry.id);

// Catalog prices (USD per M tokens, in/out): sim/fast 0.1/0.4, sim/gpt 0.5/1.5, sim/gemini 0.3/2.5, sim/claude 1/5.
describe("rankCandidates", () => {
  it("without any measurement, ranks by price (every goal but latency, where price breaks the tie)", () => {
    const c = [input("sim/claude"), input("sim/gpt"), input("sim/fast"), input("sim/gemini")];
    for (const goal of ["balanced", "cost", "latency", "reliability"] as const) {
      expect(ids(rankCandidates(c, ctx(goal)))[0]).toBe("sim/fast");
    }
    expect(ids(rankCandidates(c, ctx("cost")))).toEqual(["sim/fast", "sim/gpt", "sim/gemini", "sim/claude"]);
  });

  it("a model failing now drops behind the others under every goal", () => {
    const c = [input("sim/fast", { recent: recent(4, 0, null) }), input("sim/gpt", { recent: recent(4, 1, 800) }), input("sim/claude")];
    for (const goal of ["balanced", "latency", "reliability"] as const) {
      expect(ids(rankCandidates(c, ctx(goal))).at(-1)).toBe("sim/fast");
    }
    // Cost weighs failures least, yet 4 failures out of 4 still lose to a 5× price.
    expect(ids(rankCandidates(c, ctx("cost")))[0]).toBe("sim/gpt");
  });

  it("balanced: two failures in a row are enough to lose a 4× latency and price lead", () => {
    const fastOk = recent(10, 1, 10);
    const c = [input("sim/fast", { recent: fastOk }), input("sim/gpt", { rollup: { okRequests: 500, upstreamErrors: 0, meanLatencyMs: 800 } })];
    expect(ids(rankCandidates(c, ctx("balanced")))[0]).toBe("sim/fast");
    const failing = [input("sim/fast", { recent: recent(2, 0, null), rollup: { okRequests: 500, upstreamErrors: 0, meanLatencyMs: 10 } }), c[1]!];
    expect(ids(rankCandidates(failing, ctx("balanced")))[0]).toBe("sim/gpt");
  });

  it("latency: the fastest wins even when it costs more; cost: the cheapest wins even when slower", () => {
    const c = [input("sim/fast", { recent: recent(20, 1, 900) }), input("sim/claude", { recent: recent(20, 1, 120) })];
    expect(ids(rankCandidates(c, ctx("latency")))[0]).toBe("sim/claude");
    expect(ids(rankCandidates(c, ctx("cost")))[0]).toBe("sim/fast");
  });

  it("reliability: the best success rate wins over speed and price; equal rates fall back to balanced", () => {
    const c = [input("sim/fast", { recent: recent(50, 0.9, 50) }), input("sim/claude", { recent: recent(50, 1, 2000) })];
    expect(ids(rankCandidates(c, ctx("reliability")))[0]).toBe("sim/claude");
    const same = [input("sim/claude", { recent: recent(50, 1, 2000) }), input("sim/fast", { recent: recent(50, 1, 50) })];
    expect(ids(rankCandidates(same, ctx("reliability")))[0]).toBe("sim/fast");
  });

  it("the rollups are a baseline the last minutes outweigh", () => {
    const badHistory: RollupFigures = { okRequests: 600, upstreamErrors: 400, meanLatencyMs: 100 };
    const c = [input("sim/fast", { rollup: badHistory }), input("sim/gpt")];
    expect(ids(rankCandidates(c, ctx("balanced")))[0]).toBe("sim/gpt");
    const recovered = [input("sim/fast", { rollup: badHistory, recent: recent(30, 1, 100) }), input("sim/gpt")];
    expect(ids(rankCandidates(recovered, ctx("balanced")))[0]).toBe("sim/fast");
  });

  it("an unmeasured model is assumed as fast as the typical measured one", () => {
    const c = [input("sim/gpt", { recent: recent(10, 1, 900) }), input("sim/fast"), input("sim/claude", { recent: recent(10, 1, 300) })];
    const ranked = rankCandidates(c, ctx("latency"));
    expect(ids(ranked)).toEqual(["sim/claude", "sim/fast", "sim/gpt"]); // sim/fast: the median, 600 ms
    expect(ranked[1]!.latencyMs).toBeNull();
  });

  it("code and maths lean towards reasoning models when price and figures are equal", () => {
    const figures = { recent: recent(20, 1, 500) };
    const c = [input("openai/gpt-4.1", figures), input("openai/o3", figures)]; // both $2/$8
    expect(ids(rankCandidates(c, ctx("balanced", "general")))[0]).toBe("openai/gpt-4.1");
    expect(ids(rankCandidates(c, ctx("balanced", "math")))[0]).toBe("openai/o3");
    expect(ids(rankCandidates(c, ctx("balanced", "code")))[0]).toBe("openai/o3");
  });

  it("says why in ASCII", () => {
    const [top] = rankCandidates([input("sim/claude", { recent: recent(8, 1, 120.4) })], ctx("balanced"));
    expect(whyChosen(top!, "balanced")).toBe("best balance: success 100%, p50 120 ms, $1/$5 per M tokens");
    expect(whyChosen(top!, "reliability")).toBe("best success rate 100% at p50 120 ms");
    expect(whyChosen(top!, "latency")).toBe("fastest: success 100%, p50 120 ms");
    expect(whyChosen(top!, "cost")).toBe("cheapest: $1/$5 per M tokens, success 100%");
    const [untried] = rankCandidates([input("sim/gpt")], ctx("balanced"));
    expect(whyChosen(untried!, "balanced")).toBe("best balance: not measured yet, $0.5/$1.5 per M tokens");
    expect(whyChosen(untried!, "reliability")).toBe("best success rate (not measured yet)");
    expect(whyChosen(untried!, "cost")).toBe("cheapest: $0.5/$1.5 per M tokens");
  });
});
