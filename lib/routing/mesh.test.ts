import { beforeEach, describe, expect, it } from "vitest";
import { orderChain, resetMeshRotationsForTests } from "@/lib/routing/mesh";
import { recordModelOutcome, resetModelStatsForTests } from "@/lib/routing/model-stats";

describe("Mesh ordering", () => {
  beforeEach(() => {
    resetMeshRotationsForTests();
    resetModelStatsForTests();
  });

  it("failover keeps the chain as given", () => {
    expect(orderChain(["sim/claude", "sim/fast", "sim/gpt"], "failover", "k").models).toEqual(["sim/claude", "sim/fast", "sim/gpt"]);
  });

  it("latency sorts by measured p50 ascending, models without figures last in their given order", () => {
    const now = Date.now();
    recordModelOutcome("sim/gpt", true, 300, 50, now);
    recordModelOutcome("sim/claude", true, 100, 20, now);
    const r = orderChain(["sim/gemini", "sim/gpt", "sim/fast", "sim/claude"], "latency", "k", now);
    expect(r.models).toEqual(["sim/claude", "sim/gpt", "sim/gemini", "sim/fast"]);
    expect(r.reason).toMatch(/latency/);
  });

  it("latency ignores failures when measuring (a failing model has no p50 and goes last)", () => {
    const now = Date.now();
    recordModelOutcome("sim/gpt", false, 5, null, now);
    recordModelOutcome("sim/fast", true, 400, 40, now);
    expect(orderChain(["sim/gpt", "sim/fast"], "latency", "k", now).models).toEqual(["sim/fast", "sim/gpt"]);
  });

  it("cost sorts by catalog price ascending, unknown models last", () => {
    expect(orderChain(["sim/nope", "sim/claude", "sim/gpt", "sim/fast"], "cost", "k").models)
      .toEqual(["sim/fast", "sim/gpt", "sim/claude", "sim/nope"]);
  });

  it("round-robin rotates the start per key", () => {
    const chain = ["a/1", "a/2", "a/3"];
    expect([1, 2, 3, 4].map(() => orderChain(chain, "round-robin", "key-a").models[0])).toEqual(["a/1", "a/2", "a/3", "a/1"]);
    expect(orderChain(chain, "round-robin", "key-b").models).toEqual(["a/1", "a/2", "a/3"]);
    expect(orderChain(chain, "round-robin", "key-a").models).toEqual(["a/2", "a/3", "a/1"]);
  });

  it("leaves a one-model chain alone", () => {
    expect(orderChain(["sim/gpt"], "round-robin", "k")).toEqual({ models: ["sim/gpt"], reason: "requested model" });
  });
});
