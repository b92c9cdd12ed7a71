// The policy resolver's constraints: the models both the policy and the key allow, exclusion by
// expected cost and by measured latency (with an error naming the limit that left nothing),
// the chain length 1 + max_fallbacks, unknown policies, and a key's default policy for `auto`.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { isAppError, type AppError } from "@/lib/errors";
import { resolveRequestChain } from "@/lib/gateway/chat/resolve-chain";
import { autoRoute } from "@/lib/routing/auto";
import { eligibleModels, needsOf, type AutoRequest } from "@/lib/routing/auto/candidates";
import { expectedCostUnits, withinConstraints } from "@/lib/routing/auto/constraints";
import { stopRollupFigures } from "@/lib/routing/auto/rollup-figures";
import { recordModelOutcome, resetModelStatsForTests } from "@/lib/routing/model-stats";
import { allowedByBoth, needsPolicies, policyRouteInput, testModeModels } from "@/lib/policies/resolve";
import type { AccountPolicies, PolicyView } from "@/lib/policies/types";

beforeAll(() => {
  process.env.EMULATOR_URL = "http://127.0.0.1:9";
  for (const k of ["OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GOOGLE_API_KEY", "GEMINI_API_KEY"]) delete process.env[k];
  delete process.env.PRICE_MARKUP_BPS;
  resetEnvForTests();
});
afterAll(() => stopRollupFigures());
beforeEach(() => resetModelStatsForTests());

const CREDIT = 10_000_000_000n; // units per credit
const hi: AutoRequest = { messages: [{ role: "user", content: "hi" }], max_tokens: 100 };
const ids = (list: { entry: { id: string } }[]) => list.map((c) => c.entry.id).sort();

function policy(over: Partial<PolicyView> = {}): PolicyView {
  return {
    id: "pol_1", name: "cheap", goal: "cost", allowedModels: [], maxFallbacks: 2, maxCostPerRequest: null, maxLatencyMs: null,
    createdAt: new Date(0), updatedAt: new Date(0), ...over,
  };
}

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (isAppError(err)) return err;
    throw err;
  }
  throw new Error("expected an AppError");
}

/** Measured latency for each model: `n` successes at `ms`. */
function measure(latencies: Record<string, number>, n = 5): void {
  for (const [model, ms] of Object.entries(latencies)) for (let i = 0; i < n; i++) recordModelOutcome(model, true, ms, ms / 2);
}

describe("allowed models: the policy's ∩ the key's", () => {
  it("either side empty means the other's; both set means the models in both", () => {
    expect(allowedByBoth(policy(), [])).toEqual([]);
    expect(allowedByBoth(policy(), ["sim/gpt"])).toEqual(["sim/gpt"]);
    expect(allowedByBoth(policy({ allowedModels: ["sim/fast", "sim/gpt"] }), [])).toEqual(["sim/fast", "sim/gpt"]);
    expect(allowedByBoth(policy({ allowedModels: ["sim/fast", "sim/gpt"] }), ["sim/gpt", "sim/claude"])).toEqual(["sim/gpt"]);
  });

  it("nothing in common is a 503 naming allowed_models (never 'every model')", () => {
    const err = thrown(() => allowedByBoth(policy({ allowedModels: ["sim/fast"] }), ["sim/claude"]));
    expect(err.status).toBe(503);
    expect(err.param).toBe("model");
    expect(err.message).toMatch(/policy\/cheap.*allowed_models excludes every model this API key may use/);
  });

  it("autoRoute picks only among the intersection", () => {
    const route = autoRoute({ request: hi, byok: null, accountId: "acct", ...policyRouteInput(
      policy({ goal: "balanced", allowedModels: ["sim/fast", "sim/claude"] }), ["sim/claude", "sim/gpt"]) });
    expect(route.chain).toEqual(["sim/claude"]);
    expect(route.candidates).toBe(1);
  });
});

describe("max_cost_per_request", () => {
  const all = () => eligibleModels({ allowedModels: [], byok: null });
  const noFigures = () => ({ recent: { samples: 0, successRate: null, p50LatencyMs: null, p50TtftMs: null }, rollup: null });

  it("expected cost: counted input tokens + max_tokens at the catalog price (to the unit)", () => {
    const needs = needsOf(hi);
    const claude = all().find((c) => c.entry.id === "sim/claude")!;
    // sim/claude: $1 in, $5 out per M tokens = 1e6 and 5e6 units per token.
    expect(expectedCostUnits(claude, needs)).toBe(BigInt(needs.promptExact()) * 1_000_000n + 100n * 5_000_000n);
    // Without max_tokens: a typical answer (400 tokens).
    const open = needsOf({ messages: hi.messages });
    expect(expectedCostUnits(claude, open)).toBe(BigInt(open.promptExact()) * 1_000_000n + 400n * 5_000_000n);
  });

  it("excludes the models whose expected cost is over the limit", () => {
    // 100 output tokens: sim/fast ≈ 0.004, sim/gpt ≈ 0.015, sim/gemini ≈ 0.025, sim/claude ≈ 0.05 credits.
    const limit = { label: "policy/cheap", chainLength: 3, maxCostUnits: 2n * CREDIT / 100n, maxLatencyMs: null };
    const { kept, excluded } = withinConstraints(all(), needsOf(hi), limit, noFigures);
    expect(excluded).toBeNull();
    expect(ids(kept)).toEqual(["sim/fast", "sim/gpt"]);
  });

  it("a limit nothing meets is a 503 saying so, with the cheapest model's cost", () => {
    const err = thrown(() => autoRoute({ request: hi, byok: null, accountId: "acct",
      ...policyRouteInput(policy({ maxCostPerRequest: CREDIT / 1000n }), []) }));
    expect(err.status).toBe(503);
    expect(err.message).toMatch(/^model 'policy\/cheap': max_cost_per_request 0\.001 credits excludes every model able to take this request \(the cheapest, sim\/fast, would cost about 0\.00\d+ credits\)\.$/);
  });
});

describe("max_latency_ms", () => {
  it("excludes models whose measured p50 is over it; unmeasured models stay", () => {
    measure({ "sim/fast": 50, "sim/gpt": 900, "sim/claude": 1_500 });
    const route = autoRoute({ request: hi, byok: null, accountId: "acct",
      ...policyRouteInput(policy({ goal: "balanced", maxLatencyMs: 500 }), []) });
    expect([...route.chain].sort()).toEqual(["sim/fast", "sim/gemini"]); // gemini: never measured
    expect(route.candidates).toBe(2);
  });

  it("a limit every model misses is a 503 naming max_latency_ms and the fastest p50", () => {
    measure({ "sim/fast": 300, "sim/gpt": 900, "sim/claude": 1_500, "sim/gemini": 700 });
    const err = thrown(() => autoRoute({ request: hi, byok: null, accountId: "acct",
      ...policyRouteInput(policy({ maxLatencyMs: 100 }), []) }));
    expect(err.status).toBe(503);
    expect(err.message).toBe("model 'policy/cheap': max_latency_ms 100 excludes every model left (the fastest, sim/fast, measures p50 300 ms).");
  });
});

describe("max_fallbacks and the route's reason", () => {
  it("0 routes to a single model; n gives 1 + n models", () => {
    const one = autoRoute({ request: hi, byok: null, accountId: "acct", ...policyRouteInput(policy({ maxFallbacks: 0 }), []) });
    expect(one.chain).toHaveLength(1);
    const three = autoRoute({ request: hi, byok: null, accountId: "acct", ...policyRouteInput(policy({ maxFallbacks: 2 }), []) });
    expect(three.chain).toHaveLength(3);
    const all = autoRoute({ request: hi, byok: null, accountId: "acct", ...policyRouteInput(policy({ maxFallbacks: 5 }), []) });
    expect(all.chain).toHaveLength(all.candidates); // no more models than there are
  });

  it("the policy's goal ranks, and its name is in the reason and the header", () => {
    const r = autoRoute({ request: hi, byok: null, accountId: "acct", ...policyRouteInput(policy({ goal: "cost" }), []) });
    expect(r.goal).toBe("cost");
    expect(r.chain[0]).toBe("sim/fast"); // the cheapest
    expect(r.reason).toMatch(/^policy\/cheap quick_chat → sim\/fast: cheapest: .* \(goal cost\)$/);
    expect(r.header).toMatch(/^sim\/fast; reason=policy\/cheap quick_chat: cheapest: /);
  });
});

describe("resolveRequestChain with policies", () => {
  const policies: AccountPolicies = new Map([["cheap", policy({ maxFallbacks: 0 })], ["claude-only", policy({ name: "claude-only", allowedModels: ["sim/claude"] })]]);
  const parsed = { canonical: { ...hi, stream: false }, optimizationGoal: "latency" as const };
  const key = { allowedModels: [], userId: "acct", defaultGoal: null, policy: null };

  it("policy/<name>: the policy's picks, its goal over the request's", () => {
    const { links, route } = resolveRequestChain(["policy/cheap"], parsed, key, null, policies);
    expect(links.map((l) => l.model.id)).toEqual(["sim/fast"]);
    expect(route?.goal).toBe("cost");
  });

  it("an unknown policy is a 400 naming it, on the field that named it", () => {
    const first = thrown(() => resolveRequestChain(["policy/nope"], parsed, key, null, policies));
    expect([first.status, first.type, first.param]).toEqual([400, "invalid_request_error", "model"]);
    expect(first.message).toMatch(/The policy 'nope' does not exist in this account/);
    expect(thrown(() => resolveRequestChain(["sim/gpt", "policy/nope"], parsed, key, null, policies)).param).toBe("models[0]");
  });

  it("`auto` on a key with a default policy routes through it; without one (or once deleted), plain auto", () => {
    const withDefault = resolveRequestChain(["auto"], parsed, { ...key, policy: "claude-only" }, null, policies);
    expect(withDefault.links.map((l) => l.model.id)).toEqual(["sim/claude"]);
    expect(withDefault.route?.reason).toMatch(/^policy\/claude-only /);
    const deleted = resolveRequestChain(["auto"], parsed, { ...key, policy: "gone" }, null, policies);
    expect(deleted.route?.goal).toBe("latency");
    expect(deleted.route?.reason).not.toMatch(/policy\//);
    expect(deleted.links.length).toBeGreaterThan(1);
  });

  it("needsPolicies: only for policy/<name>, or auto on a key with a default policy", () => {
    expect(needsPolicies({ policy: null }, ["sim/gpt", "auto"])).toBe(false);
    expect(needsPolicies({ policy: null }, ["policy/cheap"])).toBe(true);
    expect(needsPolicies({ policy: "cheap" }, ["auto"])).toBe(true);
    expect(needsPolicies({ policy: "cheap" }, ["sim/gpt"])).toBe(false);
  });

  it("test keys: a policy is checked and stands for its first allowed model, else auto", () => {
    expect(testModeModels(["policy/claude-only", "sim/gpt"], policies)).toEqual(["sim/claude", "sim/gpt"]);
    expect(testModeModels(["policy/cheap"], policies)).toEqual(["auto"]);
    expect(thrown(() => testModeModels(["policy/nope"], policies)).status).toBe(400);
  });
});
