// Issue #22 point 4, end to end: sign up → a key → 22 logged calls through the API → the
// replay lab: estimate (nothing spent) → confirm → a live run of 20 requests on a simulated
// candidate reaching 100% → the report (cards, charts, per-request table, CSV) → reopened from
// the past runs. Screenshots to docs/screenshots/replay-*.png (1280 + 390 px), and no sideways
// scroll at 390 px.
import { expect, test, type Page } from "@playwright/test";
import { signUpFresh } from "./pages/accounts";
import { createKeyInUi } from "./pages/dashboard-pages";
import { noSidewaysScroll, shootAtBothWidths } from "./pages/screenshots";

const SHOTS = "docs/screenshots";
const LOGGED = 22;

const shoot = (page: Page, name: string) => shootAtBothWidths(page, `${SHOTS}/replay-${name}`, { checkPhoneWidth: true });

test("replay lab: estimate → confirm → live progress to 100% → report, CSV and past runs", async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  await signUpFresh(page, "replay", "Replay User");
  const { key } = await createKeyInUi(page, { name: "replay source traffic" });

  // The empty state before any traffic.
  await page.goto("/dashboard/replay");
  await expect(page.getByRole("heading", { level: 1, name: "Replay lab" })).toBeVisible();
  await page.getByLabel("Window (days)").fill("1");
  await page.getByLabel("Sample size").fill("20");
  await page.getByRole("button", { name: "Estimate" }).click();
  await expect(page.getByTestId("replay-empty")).toContainText("No logged requests in this window yet");

  for (let i = 0; i < LOGGED; i++) {
    const r = await page.request.post(`${baseURL}/api/v1/chat/completions`, {
      headers: { authorization: `Bearer ${key}` },
      data: { model: "sim/gpt", messages: [{ role: "user", content: `Replay question ${i}: why is the sky blue?` }], max_tokens: 40 },
    });
    expect(r.status()).toBe(200);
  }
  await expect.poll(async () => {
    const r = await page.request.get("/api/v1/requests?limit=50", { headers: { authorization: `Bearer ${key}` } });
    return ((await r.json()) as { data: unknown[] }).data.length;
  }).toBe(LOGGED);

  // The sidebar links here.
  await page.goto("/dashboard");
  await page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Replay" }).click();
  await expect(page).toHaveURL(/\/dashboard\/replay$/);
  await page.getByLabel("Window (days)").fill("1");
  await page.getByLabel("Sample size").fill("20");
  await page.getByTestId("replay-candidate").click();
  await page.getByTestId("replay-candidate").fill("fast");
  await page.locator('[role=option][data-model="sim/fast"]').click();
  await page.getByLabel(/Judge the answers/).check();
  await page.getByTestId("replay-judge").click();
  await page.getByTestId("replay-judge").fill("sim/claude");
  await page.locator('[role=option][data-model="sim/claude"]').click();
  // Only one request class: the logged questions are quick chats; code finds none.
  await page.getByLabel("Request class").selectOption("code");
  await page.getByRole("button", { name: "Estimate" }).click();
  await expect(page.getByTestId("replay-empty")).toBeVisible();
  await page.getByLabel("Request class").selectOption({ label: "Quick chat" });

  await page.getByRole("button", { name: "Estimate" }).click();
  const estimate = page.getByTestId("replay-estimate");
  await expect(estimate.getByTestId("estimate-replayable")).toHaveText("20 of 20");
  await expect(estimate.getByTestId("estimate-credits")).toContainText("credits");
  await shoot(page, "estimate");

  await estimate.getByRole("button", { name: "Run replay…" }).click();
  await estimate.getByRole("group", { name: "Confirm the run" }).getByRole("button", { name: "Confirm run" }).click();
  const run = page.getByTestId("replay-run");
  await expect(run.getByRole("progressbar", { name: "Replay progress" })).toBeVisible();
  await expect(run.getByTestId("replay-progress-pct")).toHaveText("100%", { timeout: 90_000 });
  await expect(run.getByText("completed", { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(page).toHaveURL(/\?run=rpl_|\?run=/);
  await expect(run.getByTestId("replay-filters")).toHaveText("Only requests with class Quick chat.");

  // The report: cards, three charts, 20 rows with side-by-side answers.
  const summary = page.getByTestId("replay-summary");
  await expect(summary).toContainText("Cost: original → candidate");
  await expect(summary).toContainText(/wins/);
  for (const title of ["Cost: original vs candidate", "Latency: original vs candidate", "Judge's scores"]) {
    await expect(page.getByRole("figure", { name: title }).locator(".recharts-bar-rectangle").first()).toBeAttached();
  }
  const rows = page.getByTestId("replay-items").locator("tbody tr");
  await expect(rows).toHaveCount(20); // before any answers row is opened
  const first = page.getByTestId("replay-items").getByRole("button", { name: "Answers" }).first();
  await first.click();
  await expect(first).toHaveAttribute("aria-expanded", "true");
  const answers = page.locator(`#${await first.getAttribute("aria-controls")}`);
  await expect(answers).toContainText("Original");
  await expect(answers).toContainText("Candidate");
  await shoot(page, "report");

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV" }).click();
  const csv = await (await download).createReadStream();
  let text = "";
  for await (const chunk of csv) text += String(chunk);
  expect(text.split("\r\n").filter(Boolean)).toHaveLength(21);

  // Past runs: listed, and reopen from a fresh page.
  await page.goto("/dashboard/replay");
  const past = page.getByTestId("replay-runs");
  await expect(past.locator("tbody tr")).toHaveCount(1);
  await expect(past).toContainText("sim/fast");
  await expect(past).toContainText("completed");
  await past.getByRole("button", { name: /Open run/ }).click();
  await expect(page.getByTestId("replay-summary")).toBeVisible();
  await page.setViewportSize({ width: 390, height: 844 });
  await noSidewaysScroll(page);
});
