// The public /models and /docs pages (issue #18.3): server-rendered, signed out, linked from the
// landing page; the catalog search filters in the browser; nothing scrolls sideways on a phone.
import { expect, test, type Page } from "@playwright/test";

const PHONE = { width: 390, height: 844 };

async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

test("the landing page links to the model catalog and the docs, not to raw JSON", async ({ page }) => {
  await page.goto("/");
  const main = page.getByRole("main");
  await expect(main.getByRole("link", { name: "Browse models and prices" })).toHaveAttribute("href", "/models");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Docs" })).toHaveAttribute("href", "/docs");
  expect(await page.locator('a[href="/v1/models"]').count()).toBe(0);
});

test("/models lists the whole catalog in the server's HTML and search filters it", async ({ page, request }) => {
  const api = (await (await request.get("/v1/models")).json()) as { data: Array<{ id: string; available: boolean }> };
  // Server-rendered: every model id is in the HTML before any script runs, signed out.
  const html = await request.get("/models");
  expect(html.status()).toBe(200);
  const body = await html.text();
  for (const m of api.data) expect(body, m.id).toContain(m.id);

  await page.goto("/models");
  await expect(page.getByRole("heading", { level: 1, name: "Models and prices" })).toBeVisible();
  const table = page.getByTestId("models-table");
  const rows = table.locator("tbody tr");
  await expect(rows).toHaveCount(api.data.length);
  await expect(page.getByTestId("models-count")).toHaveText(`${api.data.length} models`);

  await page.getByLabel("Search").fill("claude");
  await expect(page.getByTestId("models-count")).toHaveText(/^\d+ of \d+ models$/);
  const claude = api.data.filter((m) => m.id.includes("claude")).length;
  await expect(rows).toHaveCount(claude);
  for (const text of await rows.allTextContents()) expect(text.toLowerCase()).toContain("claude");

  await page.getByLabel("Search").fill("no-such-model-anywhere");
  await expect(page.getByText("No model matches.")).toBeVisible();

  await page.getByLabel("Search").fill("");
  await page.getByLabel("Available here only").check();
  await expect(rows).toHaveCount(api.data.filter((m) => m.available).length);
  for (const text of await rows.allTextContents()) expect(text).toContain("Available");

  // Prices per million tokens, right-aligned numbers, and what a simulated model does.
  const simDown = table.locator('tr[data-model="sim/down"]');
  if (api.data.some((m) => m.id === "sim/down")) {
    await expect(simDown).toContainText("Simulated");
    await expect(simDown).toContainText(/fails/i);
  }

  await page.setViewportSize(PHONE);
  await page.getByLabel("Available here only").uncheck();
  await expect(page.getByTestId("models-cards").locator("li[data-model]")).toHaveCount(api.data.length);
  expect(await sidewaysOverflow(page)).toBe(0);
});

test("/docs renders signed out: every endpoint, examples with this deployment's URL, copy buttons", async ({ page, request, baseURL, context }) => {
  const res = await request.get("/docs");
  expect(res.status()).toBe(200);
  const body = await res.text();
  for (const path of ["/v1/chat/completions", "/v1/messages", "/v1/responses", "/v1/embeddings", "/v1/models", "/v1/credits",
    "/v1/usage", "/v1/requests", "/v1/keys", "/v1/chat", "/v1/compare", "/v1/blend", "/v1/judge"]) {
    expect(body, path).toContain(path);
  }
  for (const code of ["insufficient_credits", "rate_limit_exceeded", "model_not_found", "upstream_error"]) expect(body).toContain(code);

  await page.goto("/docs");
  await expect(page.getByRole("heading", { level: 1, name: "Switchyard documentation" })).toBeVisible();
  for (const name of ["Quick start", "Authentication", "Endpoints", "Fallbacks and routing", "Orchestration", "Test mode", "Errors", "Limits", "Billing"]) {
    await expect(page.getByRole("heading", { level: 2, name })).toBeVisible();
  }
  // The table of contents jumps to a section.
  const toc = page.getByRole("navigation", { name: "Documentation" });
  await toc.getByRole("link", { name: "Compare" }).click();
  await expect(page).toHaveURL(/#orchestration-compare$/);
  await expect(page.locator("#orchestration-compare")).toBeInViewport();

  // Examples carry this deployment's base URL, in three languages, with a working copy button.
  const quick = page.locator("#quick-start");
  await expect(quick.getByRole("tab", { name: "Python" })).toBeVisible();
  await expect(quick.locator("pre").first()).toContainText(`${baseURL}/v1/chat/completions`);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await quick.getByRole("button", { name: "Copy" }).first().click();
  await expect(quick.getByRole("button", { name: "Copied" }).first()).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain("/v1/chat/completions");

  await page.setViewportSize(PHONE);
  await page.goto("/docs");
  expect(await sidewaysOverflow(page)).toBe(0);
});
