import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { parseBlendOptions } from "./options";

function refusal(body: unknown, defaultSynthesizer?: string): { status: number; message: string; param: string | null } {
  try {
    parseBlendOptions(body, defaultSynthesizer);
  } catch (err) {
    if (err instanceof AppError) return { status: err.status, message: err.message, param: err.param };
    throw err;
  }
  throw new Error("expected a refusal");
}

describe("blend options", () => {
  it("defaults: consensus, the first model synthesizes, unless the deployment names a synthesizer", () => {
    expect(parseBlendOptions({ models: ["sim/gpt", "sim/claude"] })).toEqual({
      strategy: "consensus", models: ["sim/gpt", "sim/claude"], synthesizer: "sim/gpt", layers: 2, samples: 4,
    });
    expect(parseBlendOptions({ models: ["sim/gpt", "sim/claude"] }, "sim/gemini").synthesizer).toBe("sim/gemini");
    expect(parseBlendOptions({ models: ["sim/gpt", "sim/claude"], synthesizer: "sim/fast" }, "sim/gemini").synthesizer).toBe("sim/fast");
  });

  it("ignores the fields it does not own (messages, stream, …)", () => {
    expect(parseBlendOptions({ models: ["a/b", "c/d"], messages: [], stream: false }).models).toEqual(["a/b", "c/d"]);
  });

  it.each([
    [{ models: ["sim/gpt"] }, "models", /Strategy 'consensus' blends 2 to 6 models: 'models' must list 2 to 6 models \(got 1\)/],
    [{ models: ["a/1", "a/2", "a/3", "a/4", "a/5", "a/6", "a/7"] }, "models", /'models' must list 2 to 6 models \(got 7\)/],
    [{ models: [], strategy: "chain" }, "models", /Strategy 'chain' blends 2 to 6 models: .*\(got 0\)/],
    [{ models: ["sim/gpt", "sim/claude"], strategy: "self_moa" }, "models", /'self_moa' samples exactly 1 model: 'models' must list exactly 1 model \(got 2\)/],
    [{ models: ["sim/gpt", "sim/claude"], layers: 2 }, "layers", /'layers' applies only to strategy 'moa' \(strategy is 'consensus'\)/],
    [{ models: ["sim/gpt", "sim/claude"], strategy: "moa", layers: 4 }, "layers", /'layers' must be an integer from 1 to 3 \(got 4\)/],
    [{ models: ["sim/gpt", "sim/claude"], strategy: "moa", layers: 0 }, "layers", /from 1 to 3/],
    [{ models: ["sim/gpt"], strategy: "self_moa", samples: 9 }, "samples", /'samples' must be an integer from 2 to 8 \(got 9\)/],
    [{ models: ["sim/gpt"], strategy: "self_moa", samples: 1 }, "samples", /from 2 to 8/],
    [{ models: ["sim/gpt", "sim/claude"], strategy: "best_of", samples: 3 }, "samples", /'samples' applies only to strategy 'self_moa'/],
    [{ models: ["sim/gpt", "sim/claude"], strategy: "vote" }, "strategy", /'strategy' must be one of consensus, council, best_of, chain, moa, self_moa/],
  ])("%j → 400 naming the rule", (body, param, message) => {
    const r = refusal(body);
    expect(r.status).toBe(400);
    expect(r.param).toBe(param);
    expect(r.message).toMatch(message);
  });

  it("accepts every count inside the rules", () => {
    expect(parseBlendOptions({ models: Array.from({ length: 6 }, (_, i) => `a/${i}`) }).models).toHaveLength(6);
    expect(parseBlendOptions({ models: ["sim/gpt", "sim/claude"], strategy: "moa", layers: 3 }).layers).toBe(3);
    expect(parseBlendOptions({ models: ["sim/gpt"], strategy: "self_moa", samples: 8 })).toMatchObject({ samples: 8, synthesizer: "sim/gpt" });
  });
});
