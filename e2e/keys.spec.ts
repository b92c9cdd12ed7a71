// The keys page with key controls (issue #20): create a limited key in the UI, use it, see its
// limits and spend in the table and its 429 at the limit; edit and disable it without revoking;
// a test-mode key with its badge; the audit trail; axe; 1280 and 390 px screenshots.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Locator, type Page } from "@playwright/test";
import OpenAI from "openai";
import { signUpFresh } from "./pages/accounts";
import { createKeyInUi } from "./pages/dashboard-pages";

const shotDir = process.env.KEYS_SHOTS ?? process.env.E2E_SCREENSHOTS;

async function shoot(page: Page, name: string): Promise<void> {
  if (!shotDir) return;
  for (const [w, h, tag] of [[1280, 900, "1280"], [390, 844, "390"]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.evaluate(() => window.scrollTo(0, 0)); // fixed bars would land mid-page otherwise
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${shotDir}/keys-${name}-${tag}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

class KeyControlsPage {
  constructor(private readonly page: Page) {}
  row(name: string): Locator {
    return this.page.getByTestId("keys-table").getByRole("row").filter({ has: this.page.getByRole("rowheader", { name }) });
  }
}

test("create a limited key, use it, see its limits and spend; edit, disable, test mode, audit", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  await signUpFresh(page, "keys", "Keys User");

  const keys = new KeyControlsPage(page);
  const { key } = await createKeyInUi(page, {
    name: "limited key",
    done: true,
    settings: async (form) => {
      await form.getByLabel("Requests per minute").fill("2");
      await form.getByLabel("Tokens per minute").fill("10,000");
      await form.getByLabel("Max concurrent requests").fill("1");
      await form.getByLabel("Per day").fill("5");
      await form.getByLabel("Per month").fill("50.25");
      const search = form.getByLabel("Search models to allow");
      await search.fill("sim/claude");
      await search.press("Enter"); // the only match is picked, the form is not submitted
      await search.fill("sim/g");
      await form.getByRole("checkbox", { name: /^sim\/gpt/ }).check();
      await expect(form.getByRole("button", { name: "Remove sim/claude" })).toBeVisible();
      await form.getByLabel("Default optimization goal").selectOption("cost");
      await shoot(page, "create");
    },
  });
  expect(key).toMatch(/^sk-sy-[0-9A-Za-z]{43}$/);
  const row = keys.row("limited key");
  await expect(row).toContainText("2 RPM · 10K TPM");
  await expect(row).toContainText("1 at once");
  await expect(row).toContainText("2 models");
  await expect(row).toContainText("Today 0.00 / 5.00");
  await expect(row).toContainText("Month 0.00 / 50.25");
  await expect(row).toContainText("Active");

  // Use it: two calls within the limit, the third is refused with the limit's headers.
  const client = new OpenAI({ baseURL: `${baseURL}/api/v1`, apiKey: key, maxRetries: 0 });
  const hi = [{ role: "user" as const, content: "hello from the keys e2e test" }];
  const ok = await client.chat.completions.create({ model: "sim/claude", messages: hi }).withResponse();
  expect(ok.response.headers.get("x-ratelimit-limit-requests")).toBe("2");
  await client.chat.completions.create({ model: "sim/claude", messages: hi });
  const limited = await client.chat.completions.create({ model: "sim/claude", messages: hi }).catch((e: unknown) => e as { status: number });
  expect((limited as { status: number }).status).toBe(429);

  // Its spend appears in the table once the charges are written (within a second or so).
  await expect.poll(async () => {
    await page.reload();
    return (await keys.row("limited key").textContent()) ?? "";
  }, { timeout: 15_000 }).toMatch(/Today 0\.(0[1-9]|[1-9]\d) \/ 5\.00/);
  await shoot(page, "limited");

  // Edit: rename and disable without revoking.
  await keys.row("limited key").getByRole("button", { name: "Edit limited key" }).click();
  const dialog = page.getByRole("dialog", { name: /Edit “limited key”/ });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("Requests per minute")).toHaveValue("2");
  await expect(dialog.getByRole("button", { name: "Remove sim/gpt" })).toBeVisible();
  const axe = await new AxeBuilder({ page }).include("dialog").analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} ${v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary ?? ""}`).join(" | ")}`)).toEqual([]);
  await shoot(page, "edit");
  await dialog.getByLabel("Key name").fill("limited key v2");
  await dialog.getByLabel("Per day").fill("not money");
  await dialog.getByRole("button", { name: "Save changes" }).click();
  await expect(dialog.getByText(/positive amount of credits/)).toBeVisible(); // the field says what is wrong
  await dialog.getByLabel("Per day").fill("6");
  await dialog.getByLabel("Disabled").check();
  await dialog.getByRole("button", { name: "Save changes" }).click();
  await expect(dialog).toBeHidden();
  const v2 = keys.row("limited key v2");
  await expect(v2).toContainText("Disabled");
  await expect(v2).toContainText("/ 6.00");
  const refused = await client.chat.completions.create({ model: "sim/claude", messages: hi }).catch((e: unknown) => e as { status: number });
  expect((refused as { status: number }).status).toBe(403);
  await v2.getByRole("button", { name: "Enable limited key v2" }).click();
  await expect(v2).toContainText("Active");

  // A test-mode key: its prefix, its badge, a free simulated answer.
  const { key: testKey } = await createKeyInUi(page, { name: "sandbox", mode: "test", done: true });
  expect(testKey).toMatch(/^sk-sy-test-[0-9A-Za-z]{43}$/);
  await expect(keys.row("sandbox").getByText("test", { exact: true })).toBeVisible();
  const sim = await new OpenAI({ baseURL: `${baseURL}/api/v1`, apiKey: testKey, maxRetries: 0 }).chat.completions
    .create({ model: "openai/gpt-4o-mini", messages: hi }, { headers: { "x-switchyard-simulate": "latency_ms=0" } });
  expect(sim.choices[0]!.message.content).toMatch(/simulated reply from openai\/gpt-4o-mini/);

  // The audit trail says who changed what.
  const audit = page.getByTestId("key-audit");
  await expect(audit).toContainText("“limited key v2” disabled by You, on the dashboard");
  await expect(audit).toContainText("“limited key v2” enabled by You, on the dashboard");
  await expect(audit).toContainText("“sandbox” created by You, on the dashboard");
  await expect(audit.getByRole("listitem").first()).toContainText("“sandbox” created"); // newest first
  const all = await new AxeBuilder({ page }).analyze();
  expect(all.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id} ${v.nodes[0]?.target}`)).toEqual([]);
  await shoot(page, "page");
});
