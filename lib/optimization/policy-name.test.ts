import { describe, expect, it } from "vitest";
import { POLICY_NAME_PATTERN } from "@/lib/policies/types";
import { runMatches } from "./evidence";
import { policyNameFor, policyNames } from "./policy-name";
import type { UseCaseData } from "./use-cases";

describe("policy names", () => {
  it("derives opt-<endpoint>-<class>, valid as a policy name", () => {
    expect(policyNameFor("chat.completions", "quick_chat", null)).toBe("opt-chat-completions-quick-chat");
    expect(policyNameFor("messages", "code", "Batch Jobs!")).toBe("opt-messages-code-batch-jobs");
    expect(POLICY_NAME_PATTERN.test(policyNameFor("responses", "long_context", "x".repeat(80)))).toBe(true);
  });
  it("names the key only where two keys share an endpoint and class", () => {
    const uc = (id: string, apiKeyId: string, endpoint: string, keyName: string) => ({ id, apiKeyId, endpoint, requestClass: "code", keyName });
    const names = policyNames([uc("a", "k1", "messages", "App"), uc("b", "k2", "messages", "Batch"), uc("c", "k1", "responses", "App")]);
    expect([...names.values()]).toEqual(["opt-messages-code-app", "opt-messages-code-batch", "opt-responses-code"]);
  });
});

describe("replay evidence matching", () => {
  const uc = { apiKeyId: "k1", endpoint: "messages", currentModel: "sim/claude" } as UseCaseData;
  const run = (filters: unknown, status = "completed", candidate = "sim/fast") => ({ candidate, filters, status });
  it("takes a run of the candidate on the use case's traffic or a wider sample", () => {
    expect(runMatches(run({ keyId: "k1", endpoint: "messages", model: "sim/claude" }), uc, "sim/fast")).toBe(true);
    expect(runMatches(run({}), uc, "sim/fast")).toBe(true);
    expect(runMatches(run({ endpoint: "messages" }, "running"), uc, "sim/fast")).toBe(true);
  });
  it("not another candidate, a narrower or other sample, or a run that failed or was cancelled", () => {
    expect(runMatches(run({}, "completed", "sim/gpt"), uc, "sim/fast")).toBe(false);
    expect(runMatches(run({ keyId: "k2" }), uc, "sim/fast")).toBe(false);
    expect(runMatches(run({ model: "sim/gpt" }), uc, "sim/fast")).toBe(false);
    expect(runMatches(run({}, "failed"), uc, "sim/fast")).toBe(false);
    expect(runMatches(run({}, "cancelled"), uc, "sim/fast")).toBe(false);
  });
});
