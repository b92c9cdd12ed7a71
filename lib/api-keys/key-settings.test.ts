// One validator for the management API and the keys page: every bad field is a 400 naming it.
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { parseKeySettings } from "@/lib/api-keys/key-settings";
import { generateApiKey, looksLikeApiKey } from "@/lib/api-keys/generate-key";

function problem(body: unknown, kind: "create" | "update" = "update"): { param: string | null; message: string } {
  try {
    parseKeySettings(body, kind);
  } catch (err) {
    if (err instanceof AppError) {
      expect(err.status).toBe(400);
      return { param: err.param, message: err.message };
    }
    throw err;
  }
  throw new Error("expected a 400");
}

describe("parseKeySettings", () => {
  it("maps every field, credits exactly, aliases to catalog ids", () => {
    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect(parseKeySettings({
      name: " ci ", rpm: 60, tpm: 10_000, concurrency: 2, budget: { daily: "1.5", monthly: "0.0000000001", total: 300 },
      allowed_models: ["gpt-4o-mini", "openai/gpt-4o-mini", "anthropic/claude-haiku-4-5"], expires_at: future, disabled: true,
      can_manage: false, mode: "test", default_goal: "cost", policy: "cheap-first",
    }, "create")).toEqual({
      name: "ci", rpmLimit: 60, tpmLimit: 10_000, concurrencyLimit: 2, budgetDaily: 15_000_000_000n, budgetMonthly: 1n,
      budgetTotal: 3_000_000_000_000n, allowedModels: ["openai/gpt-4o-mini", "anthropic/claude-haiku-4-5"], expiresAt: new Date(future),
      disabled: true, canManage: false, mode: "test", defaultGoal: "cost", policy: "cheap-first",
    });
  });

  it("null clears; absent fields stay out of an update", () => {
    expect(parseKeySettings({ rpm: null, budget: { daily: null } }, "update")).toEqual({ rpmLimit: null, budgetDaily: null });
    expect(parseKeySettings({ budget: null }, "update")).toEqual({ budgetDaily: null, budgetMonthly: null, budgetTotal: null });
    expect(parseKeySettings({}, "update")).toEqual({});
  });

  it.each([
    [{}, "create", "name", "'name' is required."],
    [{ name: "" }, "create", "name", "Invalid 'name': Give the key a name."],
    [{ rpm: 0 }, "update", "rpm", "Invalid 'rpm': Must be at least 1 (null removes the limit)."],
    [{ rpm: 1.5 }, "update", "rpm", "Invalid 'rpm': Expected a whole number of requests per minute or null."],
    [{ tpm: "100" }, "update", "tpm", "Invalid 'tpm': Expected a whole number of tokens per minute or null."],
    [{ concurrency: 10_001 }, "update", "concurrency", "Invalid 'concurrency': Must be at most 10,000."],
    [{ budget: { daily: "-1" } }, "update", "budget.daily", null],
    [{ budget: { daily: "0" } }, "update", "budget.daily", null],
    [{ budget: { daily: 1.5 } }, "update", "budget.daily", null],
    [{ budget: { daily: "1.12345678901" } }, "update", "budget.daily", null],
    [{ budget: { weekly: "1" } }, "update", "budget.weekly", "Unknown field 'budget.weekly'."],
    [{ budget: "10" }, "update", "budget", null],
    [{ allowed_models: ["openai/gpt-4o-mini", "nope/model"] }, "update", "allowed_models[1]", null],
    [{ allowed_models: "openai/gpt-4o-mini" }, "update", "allowed_models", null],
    [{ expires_at: "2020-01-01T00:00:00Z" }, "update", "expires_at", "Invalid 'expires_at': expires_at must be in the future."],
    [{ expires_at: "tomorrow" }, "update", "expires_at", null],
    [{ disabled: "yes" }, "update", "disabled", null],
    [{ mode: "sandbox" }, "update", "mode", null],
    [{ default_goal: "cheap" }, "update", "default_goal", null],
    [{ policy: "has space" }, "update", "policy", null],
    [{ polcy: "x" }, "update", "polcy", "Unknown field 'polcy'."],
  ] as const)("refuses %j naming the field", (body, kind, param, message) => {
    const p = problem(body, kind);
    expect(p.param).toBe(param);
    if (message) expect(p.message).toBe(message);
    else expect(p.message).toMatch(new RegExp(`^Invalid '${param.replace(/[[\].]/g, "\\$&")}': `));
  });

  it("refuses a body that is not an object", () => {
    expect(problem([1, 2]).message).toBe("The request body must be a JSON object.");
  });
});

describe("test-mode key format", () => {
  it("test keys read sk-sy-test- and show it in their display prefix", () => {
    const t = generateApiKey("test");
    expect(t.key).toMatch(/^sk-sy-test-[0-9A-Za-z]{43}$/);
    expect(t.prefix).toBe(t.key.slice(0, 15));
    expect(looksLikeApiKey(t.key)).toBe(true);
    const live = generateApiKey();
    expect(live.prefix).toBe(live.key.slice(0, 10));
    expect(looksLikeApiKey(live.key)).toBe(true);
    expect(looksLikeApiKey("sk-sy-test-short")).toBe(false);
    expect(looksLikeApiKey("sk-sy-demo-" + "a".repeat(43))).toBe(false);
  });
});
