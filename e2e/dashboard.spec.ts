// The usage dashboard as a user sees it after real calls through the emulator: overview
// totals and charts, the logs table and a failed-over request's attempts, the usage CSV.
import { expect, test, type Page } from "@playwright/test";
import OpenAI from "openai";
import { formatCostUsd } from "../lib/billing/money";
import { signUpFresh } from "./pages/accounts";
import { createKeyInUi } from "./pages/dashboard-pages";
import { LogsPage, OverviewChartsPage, UsagePage } from "./pages/usage-pages";

const shotDir = process.env.E2E_SCREENSHOTS; // set to save layout screenshots for review
async function shot(page: Page, name: string) {
  if (!shotDir) return;
  for (const [w, h, tag] of [[1280, 900, "desktop"], [390, 844, "narrow"]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${shotDir}/${name}-${tag}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("overview, logs with failover detail, and usage CSV after real calls", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  await signUpFresh(page, "dash", "Dash User");
  // A new account sees how to make its first call.
  await expect(page.getByText("Make your first call")).toBeVisible();

  const { key } = await createKeyInUi(page, { name: "dash key" });

  const client = new OpenAI({ baseURL: `${baseURL}/api/v1`, apiKey: key, maxRetries: 0 });
  const hi = [{ role: "user" as const, content: "hello dashboard" }];
  for (let i = 0; i < 3; i++) await client.chat.completions.create({ model: "sim/gpt", messages: hi });
  const stream = await client.chat.completions.create({ model: "sim/claude", messages: hi, stream: true, stream_options: { include_usage: true } });
  for await (const _ of stream) { /* drain */ }
  const failover = await client.chat.completions
    .create({ model: "sim/down", messages: hi, models: ["sim/gpt"] } as OpenAI.ChatCompletionCreateParamsNonStreaming)
    .withResponse();
  const failoverId = failover.response.headers.get("x-request-id")!;
  await expect(client.chat.completions.create({ model: "sim/down", messages: hi })).rejects.toThrow();
  const CALLS = 6;

  // Ground truth from the API: the same account's logs and cost.
  let listed: Array<{ id: string; cost_units: string; status: number }> = [];
  await expect.poll(async () => {
    const r = await page.request.get("/api/v1/requests?limit=100", { headers: { authorization: `Bearer ${key}` } });
    listed = (await r.json()).data;
    return listed.length;
  }).toBe(CALLS);
  const usage = await (await page.request.get("/api/v1/usage?range=7d", { headers: { authorization: `Bearer ${key}` } })).json();
  expect(usage.totals.requests).toBe(CALLS);
  expect(usage.totals.cost_units).toBe(listed.reduce((s, x) => s + BigInt(x.cost_units), 0n).toString());

  const overview = new OverviewChartsPage(page);
  await overview.goto();
  await expect(overview.stat("requests")).toHaveText(String(CALLS));
  await expect(overview.stat("error-rate")).toHaveText(`${((1 / CALLS) * 100).toFixed(1)}%`);
  await expect(overview.stat("spend")).toHaveText(formatCostUsd(BigInt(usage.totals.cost_units)));
  for (const title of ["Requests by model", "Spend by model", "Latency percentiles", "Tokens", "Errors by class"]) {
    await expect(overview.chart(title).locator("svg.recharts-surface").first()).toBeVisible();
  }
  await expect(overview.chart("Requests by model").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.getByTestId("top-lists")).toContainText("sim/gpt");
  await overview.pickRange("24 h");
  await expect(overview.stat("requests")).toHaveText(String(CALLS));
  await shot(page, "overview");

  const logs = new LogsPage(page);
  await logs.goto();
  await expect(logs.rows()).toHaveCount(CALLS);
  await expect(logs.count()).toHaveText(`${CALLS} shown`);
  await logs.filterStatus("error");
  await expect(logs.rows()).toHaveCount(1);
  await logs.filterStatus("");
  await expect(logs.rows()).toHaveCount(CALLS);
  await shot(page, "logs");
  await logs.open(failoverId);
  await expect(logs.attempts()).toHaveCount(2);
  await expect(logs.attempts().nth(0)).toContainText("sim/down");
  // 503 from the emulator, or "circuit open" when earlier specs in this server process
  // (first-call, dashboard-defects) have already tripped sim/down's breaker.
  await expect(logs.attempts().nth(0)).toContainText(/503|circuit open/);
  await expect(logs.attempts().nth(1)).toContainText("sim/gpt");
  await expect(page.getByText('"hello dashboard"').first()).toBeVisible();
  await shot(page, "log-detail");

  // Another account's id (or garbage) is a plain 404 page.
  await page.goto("/dashboard/logs/req_doesnotexist");
  await expect(page.getByText(/not found|could not be found|404/i).first()).toBeVisible();

  const usagePage = new UsagePage(page);
  await usagePage.goto();
  const table = usagePage.rowsTable();
  await expect(table).toBeVisible();
  const rowCount = Number(await table.getAttribute("data-row-count"));
  const csv = await usagePage.exportCsv();
  const lines = csv.trimEnd().split("\n");
  expect(lines[0]).toMatch(/^day,model,provider/);
  expect(lines.length - 1).toBe(rowCount);
  expect(lines.slice(1).reduce((s, l) => s + Number(l.split(",")[5]), 0)).toBe(CALLS);
  await shot(page, "usage");
});

test("dashboard data routes refuse signed-out callers and bad filters", async ({ page, request }) => {
  expect((await request.get("/api/dashboard/overview")).status()).toBe(401);
  expect((await request.get("/api/dashboard/logs")).status()).toBe(401);
  await signUpFresh(page, "bad", "Bad Input");
  for (const q of ["overview?range=1y", "overview?range=custom&from=2020-01-01&to=2026-01-01", "logs?limit=-1", "logs?cursor=%%%", "usage?group=color"]) {
    const r = await page.request.get(`/api/dashboard/${q}`);
    expect(r.status(), q).toBe(400);
    expect((await r.json()).error.message).toBeTruthy();
  }
  expect((await page.request.get("/api/dashboard/logs/req_someone_else")).status()).toBe(404);
});

test("privacy: zero retention, purge with confirmation, delete account", async ({ page, baseURL }) => {
  const email = await signUpFresh(page, "privacy", "Privacy User");
  const { key } = await createKeyInUi(page, { name: "privacy key" });
  const client = new OpenAI({ baseURL: `${baseURL}/api/v1`, apiKey: key, maxRetries: 0 });

  await page.goto("/dashboard/settings");
  const zr = page.getByRole("switch", { name: "Zero retention" });
  await zr.click();
  await expect(zr).toHaveAttribute("aria-checked", "true");
  const r = await client.chat.completions.create({ model: "sim/gpt", messages: [{ role: "user", content: "private words" }] }).withResponse();
  const id = r.response.headers.get("x-request-id")!;
  const logs = new LogsPage(page);
  await expect.poll(async () => {
    await logs.goto();
    return logs.rows().count();
  }).toBe(1);
  await logs.open(id);
  await expect(page.getByText("Not stored: zero retention was on")).toBeVisible();
  await expect(page.getByText("private words")).toHaveCount(0);

  await page.goto("/dashboard/settings");
  await page.getByRole("button", { name: "Purge my logs" }).click();
  const purge = page.getByRole("button", { name: "Purge all logs" });
  await expect(purge).toBeDisabled();
  await page.getByLabel(/Type purge to confirm/).fill("purge");
  await purge.click();
  await expect(page.getByText("Deleted 1 request logs.")).toBeVisible();
  await logs.goto();
  await expect(page.getByText("No requests yet")).toBeVisible();

  await page.goto("/dashboard/settings");
  await page.getByRole("button", { name: "Delete my account" }).click();
  await page.getByLabel(/Type .* to confirm/).fill(email);
  await page.getByRole("button", { name: "Delete account forever" }).click();
  await expect(page).toHaveURL(/\/$/);
  const denied = await page.request.get("/api/v1/credits", { headers: { authorization: `Bearer ${key}` } });
  expect(denied.status()).toBe(401);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login/);
});
