// Issue #18 point 1, as a newcomer lives it: landing page → sign up → create a key → the key's
// panel shows a ready-to-run snippet with the full key → "Send a test request" → the answer, its
// latency and its billed cost. Measures the time from opening the landing page to that first
// answer. Also: the overview never hands out a masked key, and says which models work here.
// Screenshots of the panel (1280 + 390 px) when FIRST_CALL_SHOTS (or E2E_SCREENSHOTS) names a folder.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { signUpFresh } from "./pages/accounts";
import { createKeyInUi } from "./pages/dashboard-pages";

const shotDir = process.env.FIRST_CALL_SHOTS ?? process.env.E2E_SCREENSHOTS;

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

async function shootPanel(page: Page, panel: Locator): Promise<void> {
  if (!shotDir) return;
  for (const [w, h, tag] of [[1280, 900, "1280"], [390, 844, "390"]] as const) {
    await page.setViewportSize({ width: w, height: h });
    // From the top of the page: scrolled into view, the panel would slide under the fixed top bar.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(300);
    const box = await panel.boundingBox();
    if (!box) throw new Error("the key panel is not on screen");
    const m = 8;
    await page.screenshot({ path: `${shotDir}/first-call-panel-${tag}.png`, fullPage: true,
      clip: { x: Math.max(0, box.x - m), y: Math.max(0, box.y - m), width: Math.min(w, box.width + 2 * m), height: box.height + 2 * m } });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function clipboard(page: Page): Promise<string> {
  return page.evaluate(() => navigator.clipboard.readText());
}

test("landing page → sign up → key → ready-to-run snippet → test request: answer, cost, latency", async ({ page, baseURL }) => {
  test.setTimeout(90_000);
  const started = Date.now();
  const marks: string[] = [];
  const mark = (what: string) => marks.push(`${what} ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await page.goto("/");
  mark("landing");
  await page.getByRole("link", { name: /Start free/ }).first().click();
  await expect(page).toHaveURL(/\/signup/);
  await signUpFresh(page, "first-call", "First Call");
  mark("signed up");
  await page.getByRole("link", { name: "Create an API key" }).click();
  await expect(page).toHaveURL(/\/dashboard\/keys$/);
  mark("keys page");

  const { key, panel } = await createKeyInUi(page, { name: "first key" });
  mark("key shown");
  const snippet = panel.getByTestId("first-call-snippet");
  // Every tab carries the full key, this deployment's base URL and a model that works here.
  const code = snippet.getByRole("tabpanel");
  for (const tab of ["curl", "Python", "TypeScript"]) {
    await snippet.getByRole("tab", { name: tab }).click();
    await expect(code).toContainText(key);
    await expect(code).toContainText(`${baseURL}/v1`);
    await expect(code).toContainText("sim/gpt");
  }
  await snippet.getByRole("tab", { name: "curl" }).click();
  await snippet.getByRole("button", { name: "Copy" }).click();
  const copied = await clipboard(page);
  expect(copied).toContain(`Bearer ${key}`);
  expect(copied).not.toContain("…");

  await snippet.getByRole("button", { name: "Send a test request" }).click();
  const answer = snippet.getByTestId("test-request-answer");
  await expect(answer).toContainText(/\S/);
  const firstAnswerMs = Date.now() - started;
  await expect(snippet.getByTestId("test-request-latency")).toHaveText(/^\d[\d,]* ms$/);
  // The billed cost from the request's own log row, exact to the micro-dollar.
  await expect(snippet.getByTestId("test-request-cost")).toHaveText(/^(\$\d+\.\d{6}|<\$0\.000001)$/, { timeout: 20_000 });
  const cost = (await snippet.getByTestId("test-request-cost").textContent()) ?? "";
  expect(cost).not.toBe("$0.000000");
  const costShownMs = Date.now() - started;
  console.log(`landing page → first successful answer: ${(firstAnswerMs / 1000).toFixed(1)} s (cost shown after ${(costShownMs / 1000).toFixed(1)} s; ${marks.join(", ")}; cost ${cost})`);
  test.info().annotations.push({ type: "landing-to-first-answer-ms", description: String(firstAnswerMs) });

  const axe = await new AxeBuilder({ page }).include("[aria-labelledby='new-key-heading']").analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id} ${v.nodes[0]?.target}`)).toEqual([]);
  await shootPanel(page, panel);
  if (shotDir) {
    await page.goto("/dashboard"); // now with a request: charts, recent activity, the model list
    await page.screenshot({ path: `${shotDir}/first-call-overview-after-1280.png`, fullPage: true });
  }
});

test("overview: no masked key to copy, the models that work here; the panel explains a failing model", async ({ page }) => {
  test.setTimeout(90_000);
  await signUpFresh(page, "overview", "Overview");

  // Which models answer here, and what the simulated ones do.
  const models = page.getByTestId("models-here");
  await expect(models).toContainText("sim/gpt");
  await expect(models.getByText(/Always fails with a 5xx/)).toBeVisible();
  await expect(models).toContainText("sim/flaky");
  await expect(models).not.toContainText(/free to try|free-to-try/i);

  // The overview's snippets read $SWITCHYARD_API_KEY; its copy button never copies the masked key.
  await createKeyInUi(page, { name: "plain key", done: true });
  await page.goto("/dashboard");
  const card = page.getByTestId("first-request-card");
  if (shotDir) {
    for (const [w, h, tag] of [[1280, 900, "1280"], [390, 844, "390"]] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.waitForTimeout(300);
      await page.screenshot({ path: `${shotDir}/first-call-overview-${tag}.png`, fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  }
  await expect(card.getByRole("link", { name: "API keys" })).toBeVisible();
  const masked = (await card.locator("p").filter({ hasText: "masked" }).textContent()) ?? "";
  const display = /sk-sy-\S+…\S+/.exec(masked)?.[0]?.replace(/[),.]+$/, "");
  expect(display).toBeTruthy();
  const copies = card.getByRole("button", { name: /^Cop(y|ied)$/ }); // "Copied" for 2 s after a click
  expect(await copies.count()).toBeGreaterThanOrEqual(2);
  for (let i = 0; i < (await copies.count()); i++) {
    await copies.nth(i).click();
    const text = await clipboard(page);
    expect(text).not.toContain(display!);
    expect(text).not.toMatch(/sk-sy-/);
    expect(text).toContain("SWITCHYARD_API_KEY");
  }

  // A key whose only allowed model always fails: the test request says so plainly.
  const { panel } = await createKeyInUi(page, { name: "down key", allow: ["sim/down"] });
  const snippet = panel.getByTestId("first-call-snippet");
  await expect(snippet.getByRole("tabpanel")).toContainText("sim/down");
  await snippet.getByRole("button", { name: "Send a test request" }).click();
  await expect(snippet.getByTestId("test-request-error")).toContainText(/\(5\d\d\)/);
});
