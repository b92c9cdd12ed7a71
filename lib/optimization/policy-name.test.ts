import { describe, expect, it } from "vitest";
import { POLICY_NAME_PATTERN } from "@/lib/policies/types";
import { policyNameFor, policyNames } from "./policy-name";

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
