// The policies page (issue #22.5): the empty state; create a policy with the keyboard-friendly
// form (a bad value answered next to its field); it is listed and callable at once as
// model "policy/<name>"; edit it; make it a key's default on the keys page so `auto` routes
// through it; delete it; axe and 1280 / 390 px screenshots.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import OpenAI from "openai";
import { signUpFresh } from "./pages/accounts";
import { createKeyInUi } from "./pages/dashboard-pages";
import { shootAtBothWidths } from "./pages/screenshots";

const shotDir = process.env.POLICIES_SHOTS ?? process.env.E2E_SCREENSHOTS;

async function shoot(page: Page, name: string): Promise<void> {
  if (shotDir) await shootAtBothWidths(page, `${shotDir}/policies-${name}`, { checkPhoneWidth: false });
}

async function seriousViolations(page: Page): Promise<string[]> {
  const axe = await new AxeBuilder({ page }).analyze();
  return axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} ${v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary ?? ""}`).join(" | ")}`);
}

test("create a policy in the page, call it, edit it, make it a key's default, delete it", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  await signUpFresh(page, "policies", "Policies User");

  await page.getByRole("link", { name: "Policies" }).first().click();
  await expect(page).toHaveURL(/\/dashboard\/policies$/);
  await expect(page.getByRole("heading", { name: "No policies yet" })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await shoot(page, "empty");

  // Create, with the keyboard: a bad value first, answered next to its field.
  const form = page.getByRole("form", { name: "Create a policy" });
  await form.getByLabel("Policy name").fill("cheap-chat");
  await form.getByLabel("Goal").selectOption("cost");
  await form.getByLabel("Max fallbacks").fill("9");
  const search = form.getByLabel("Search models to allow");
  await search.fill("sim/fast");
  await search.press("Enter"); // the only match is picked, the form is not submitted
  await search.fill("sim/claude");
  await search.press("Enter");
  await expect(form.getByRole("button", { name: "Remove sim/fast" })).toBeVisible();
  await form.getByLabel("Max fallbacks").press("Enter");
  await expect(form.getByText("Must be at most 5.")).toBeVisible();
  await expect(form.getByLabel("Max fallbacks")).toBeFocused();
  await form.getByLabel("Max fallbacks").fill("0");
  await form.getByLabel("Max cost per request (credits)").fill("0.5");
  await form.getByRole("button", { name: "Create policy" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Created policy “cheap-chat”" })).toBeVisible();
  const item = page.getByRole("listitem", { name: "Policy cheap-chat" });
  await expect(item).toContainText("policy/cheap-chat");
  await expect(item).toContainText("Lowest cost");
  await expect(item).toContainText("single model · ≤ 0.5 credits/request");
  await expect(item).toContainText("sim/fast, sim/claude");
  expect(await seriousViolations(page)).toEqual([]);
  await shoot(page, "created");

  // A key, created on the keys page with this policy as its default.
  const { key } = await createKeyInUi(page, { name: "policy key", policy: "cheap-chat", done: true });
  expect(key).toMatch(/^sk-sy-/);

  // Callable at once, by name and as the key's `auto`.
  const client = new OpenAI({ baseURL: `${baseURL}/api/v1`, apiKey: key, maxRetries: 0 });
  const hi = [{ role: "user" as const, content: "hello from the policies e2e test" }];
  const named = await client.chat.completions.create({ model: "policy/cheap-chat", messages: hi, max_tokens: 5 }).withResponse();
  expect(named.response.headers.get("x-switchyard-model")).toBe("sim/fast");
  expect(named.response.headers.get("x-switchyard-route")).toMatch(/^sim\/fast; reason=policy\/cheap-chat /);
  const auto = await client.chat.completions.create({ model: "auto", messages: hi, max_tokens: 5 }).withResponse();
  expect(auto.response.headers.get("x-switchyard-route")).toMatch(/reason=policy\/cheap-chat /);

  // The replay lab offers the policy as a candidate (not as a judge).
  await page.goto("/dashboard/replay");
  await page.getByTestId("replay-candidate").click();
  await page.getByTestId("replay-candidate").fill("cheap");
  await expect(page.locator('[role=option][data-model="policy/cheap-chat"]')).toBeVisible();
  await page.keyboard.press("Escape");
  await page.getByLabel(/Judge the answers/).check();
  await page.getByTestId("replay-judge").click();
  await page.getByTestId("replay-judge").fill("cheap");
  await expect(page.locator('[role=option][data-model="policy/cheap-chat"]')).toHaveCount(0);
  await page.keyboard.press("Escape");

  // Edit: only sim/claude now; the next call follows.
  await page.goto("/dashboard/policies");
  const listed = page.getByRole("listitem", { name: "Policy cheap-chat" });
  await expect(listed).toContainText("default of 1 key");
  await listed.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("form", { name: "Edit policy cheap-chat" });
  await edit.getByRole("button", { name: "Remove sim/fast" }).click();
  await edit.getByLabel("Max cost per request (credits)").fill("");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(edit).toBeHidden();
  await expect(listed).toContainText("single model");
  await expect(listed).not.toContainText("credits/request");
  const after = await client.chat.completions.create({ model: "policy/cheap-chat", messages: hi, max_tokens: 5 }).withResponse();
  expect(after.response.headers.get("x-switchyard-model")).toBe("sim/claude");

  // Delete (two steps); the key goes back to plain auto.
  await listed.getByRole("button", { name: "Delete policy cheap-chat" }).click();
  await expect(page.getByText("1 key goes back to plain auto.")).toBeVisible();
  await page.getByRole("button", { name: "Confirm delete" }).click();
  await expect(page.getByRole("heading", { name: "No policies yet" })).toBeVisible();
  const gone = await client.chat.completions.create({ model: "policy/cheap-chat", messages: hi }).catch((e: unknown) => e as { status: number });
  expect((gone as { status: number }).status).toBe(400);
});
