// The keys page's form, read as the management API's body (so one validator serves both).
import { describe, expect, it } from "vitest";
import { formFieldOf, formToApiSettings } from "@/lib/api-keys/key-form";

function form(entries: Array<[string, string]>): FormData {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
}

describe("formToApiSettings", () => {
  it("sends only the name from the quick create", () => {
    expect(formToApiSettings(form([["name", "ci"]]), "create")).toEqual({ name: "ci" });
  });

  it("reads every setting when the settings section was shown", () => {
    expect(formToApiSettings(form([
      ["name", "ci"], ["settings", "1"], ["rpm", "60"], ["tpm", "10,000"], ["concurrency", ""], ["budget_daily", "1,250.5"],
      ["budget_monthly", ""], ["budget_total", " 7 "], ["allowed_models", "sim/gpt"], ["allowed_models", "sim/claude"],
      ["expires_on", "2027-03-03"], ["default_goal", ""], ["disabled", "on"], ["mode", "test"],
    ]), "create")).toEqual({
      name: "ci", rpm: 60, tpm: 10_000, concurrency: null, budget: { daily: "1250.5", monthly: null, total: "7" },
      allowed_models: ["sim/gpt", "sim/claude"], expires_at: "2027-03-03T23:59:59.999Z", default_goal: null, disabled: true,
      can_manage: false, mode: "test",
    });
  });

  it("passes text that is no number through, for the validator to name", () => {
    expect(formToApiSettings(form([["settings", "1"], ["rpm", "lots"]]), "update").rpm).toBe("lots");
  });

  it("leaves an unchanged expiry alone on update (an expired key stays editable), and never sends the mode", () => {
    const same = formToApiSettings(form([["settings", "1"], ["expires_on", "2020-01-01"], ["expires_on_was", "2020-01-01"], ["mode", "test"]]), "update");
    expect(same).not.toHaveProperty("expires_at");
    expect(same).not.toHaveProperty("mode");
    expect(formToApiSettings(form([["settings", "1"], ["expires_on", ""], ["expires_on_was", "2020-01-01"]]), "update").expires_at).toBeNull();
  });

  it("maps API field errors onto the form's inputs", () => {
    expect(formFieldOf("budget.daily")).toBe("budget_daily");
    expect(formFieldOf("allowed_models[3]")).toBe("allowed_models");
    expect(formFieldOf("expires_at")).toBe("expires_on");
    expect(formFieldOf("rpm")).toBe("rpm");
    expect(formFieldOf(null)).toBeNull();
  });
});
