// Which replay run counts as a recommendation's quality evidence (lib/optimization/evidence.ts):
// the candidate's run on the use case's key, endpoint and model (or wider), of the use case's own
// request class — a run across all classes is mostly other classes' traffic, so it no longer counts.
import { describe, expect, it } from "vitest";
import { runMatches } from "./evidence";
import type { UseCaseData } from "./use-cases";

const uc = (requestClass = "code") => ({ apiKeyId: "k1", endpoint: "messages", currentModel: "sim/claude", requestClass }) as UseCaseData;
const run = (filters: unknown, status = "completed", candidate = "sim/fast") => ({ candidate, filters, status });

describe("replay evidence matching", () => {
  it("takes a run of the candidate on the use case's class, with its key, endpoint and model or wider", () => {
    expect(runMatches(run({ keyId: "k1", endpoint: "messages", model: "sim/claude", requestClass: "code" }), uc(), "sim/fast")).toBe(true);
    expect(runMatches(run({ requestClass: "code" }), uc(), "sim/fast")).toBe(true);
    expect(runMatches(run({ endpoint: "messages", requestClass: "code" }, "running"), uc(), "sim/fast")).toBe(true);
    expect(runMatches(run({ keyId: "k1", requestClass: "math" }), uc("math"), "sim/fast")).toBe(true);
  });

  it("not a run without a class filter, nor one of another class, for a classified use case", () => {
    expect(runMatches(run({}), uc(), "sim/fast")).toBe(false);
    expect(runMatches(run({ keyId: "k1", endpoint: "messages", model: "sim/claude" }), uc(), "sim/fast")).toBe(false);
    expect(runMatches(run({ keyId: "k1", endpoint: "messages", model: "sim/claude", requestClass: "math" }), uc(), "sim/fast")).toBe(false);
    expect(runMatches(run(null), uc(), "sim/fast")).toBe(false);
  });

  it("the unclassified use case (logged before the classifier) takes only runs without a class filter", () => {
    expect(runMatches(run({ keyId: "k1", endpoint: "messages" }), uc("unclassified"), "sim/fast")).toBe(true);
    expect(runMatches(run({}), uc("unclassified"), "sim/fast")).toBe(true);
    expect(runMatches(run({ requestClass: "code" }), uc("unclassified"), "sim/fast")).toBe(false);
  });

  it("not another candidate, a narrower or other sample, or a run that failed or was cancelled", () => {
    const code = { requestClass: "code" };
    expect(runMatches(run(code, "completed", "sim/gpt"), uc(), "sim/fast")).toBe(false);
    expect(runMatches(run({ ...code, keyId: "k2" }), uc(), "sim/fast")).toBe(false);
    expect(runMatches(run({ ...code, endpoint: "responses" }), uc(), "sim/fast")).toBe(false);
    expect(runMatches(run({ ...code, model: "sim/gpt" }), uc(), "sim/fast")).toBe(false);
    expect(runMatches(run(code, "failed"), uc(), "sim/fast")).toBe(false);
    expect(runMatches(run(code, "cancelled"), uc(), "sim/fast")).toBe(false);
  });
});
