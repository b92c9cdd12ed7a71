// Issue #22 points 6–7, end to end: sign up → a key → 22 code requests on sim/claude through the
// API → the sidebar's Optimization page shows a cheaper candidate with its monthly savings and
// "not yet tested" → "Replay 50 requests" starts a replay that the replay lab shows → the
// evidence reads the run → "Apply as policy" answers the policy's model name, and a chat call
// with that name works. Alerts: none on a fresh account. axe, screenshots at 1280 and 390 px
// (docs/screenshots/optimization-*.png), no sideways scroll.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { signUpFresh } from "./pages/accounts";
import { createKeyInUi } from "./pages/dashboard-pages";
import { shootAtBothWidths } from "./pages/screenshots";

const SHOTS = "docs/screenshots";
const LOGGED = 22;

const shoot = (page: Page, name: string) => shootAtBothWidths(page, `${SHOTS}/optimization-${name}`, { checkPhoneWidth: true });

test("optimization: recommendation from logged traffic → replay 50 → evidence → apply as policy", async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  await signUpFresh(page, "optimize", "Optimizer");
  const { key } = await createKeyInUi(page, { name: "production app" });

  // Before any traffic: the empty state.
  await page.goto("/dashboard/optimization");
  await expect(page.getByRole("heading", { level: 1, name: "Optimization" })).toBeVisible();
  await expect(page.getByText("No API traffic to analyse yet")).toBeVisible();

  for (let i = 0; i < LOGGED; i++) {
    const r = await page.request.post(`${baseURL}/api/v1/chat/completions`, {
      headers: { authorization: `Bearer ${key}` },
      data: { model: "sim/claude", max_tokens: 40, messages: [{ role: "user", content: `Why does this Python function fail? def f${i}(x): return x.strip() + 1` }] },
    });
    expect(r.status()).toBe(200);
  }
  await expect.poll(async () => {
    const r = await page.request.get("/api/v1/requests?limit=50", { headers: { authorization: `Bearer ${key}` } });
    return ((await r.json()) as { data: unknown[] }).data.length;
  }).toBe(LOGGED);

  await page.goto("/dashboard");
  await page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Optimization" }).click();
  await expect(page).toHaveURL(/\/dashboard\/optimization$/);
  await expect(page.getByTestId("no-alerts")).toBeVisible();
  const card = page.getByTestId("recommendation").filter({ hasText: "Cheaper" }).first();
  await expect(card).toBeVisible();
  await expect(card).toContainText("sim/claude");
  await expect(card).toContainText("Code");
  await expect(card.getByTestId("monthly-savings")).toHaveText(/^\$\d/);
  await expect(card.getByTestId("evidence")).toContainText("not yet tested");
  await expect(page.getByTestId("total-savings")).toBeVisible();
  const candidate = (await card.getByTestId("candidate").textContent())?.trim() ?? "";
  expect(candidate).toMatch(/^sim\//);
  expect(candidate).not.toBe("sim/claude");
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  await shoot(page, "recommendations");

  // Replay 50 requests: a run of this use case's traffic on the candidate, watched in the replay lab.
  await card.getByRole("button", { name: "Replay 50 requests" }).click();
  const started = card.getByTestId("replay-started");
  await expect(started).toBeVisible({ timeout: 30_000 });
  await started.getByRole("link", { name: "Watch it in the replay lab" }).click();
  await expect(page).toHaveURL(/\/dashboard\/replay\?run=/);
  const run = page.getByTestId("replay-run");
  await expect(run.getByRole("progressbar", { name: "Replay progress" })).toBeVisible();
  await expect(run).toContainText(candidate);
  // Only the use case's traffic: its key, endpoint, model and request class.
  await expect(run.getByTestId("replay-filters")).toHaveText("Only requests with model sim/claude · endpoint chat.completions · class Code · key production app.");

  // Back on the page, the run is the recommendation's evidence.
  await page.goto("/dashboard/optimization");
  const again = page.getByTestId("recommendation").filter({ hasText: "Cheaper" }).first();
  await expect(again.getByTestId("evidence")).toContainText(/Quality: (replay|replayed)/);
  await expect(again.getByRole("button", { name: "Replay 50 again" })).toBeVisible();

  // Apply: the policy's model name, usable at once.
  await again.getByRole("button", { name: "Apply as policy" }).click();
  const applied = again.getByTestId("policy-applied");
  await expect(applied).toContainText('model: "policy/opt-chat-completions-code"', { timeout: 30_000 });
  const viaPolicy = await page.request.post(`${baseURL}/api/v1/chat/completions`, {
    headers: { authorization: `Bearer ${key}` },
    data: { model: "policy/opt-chat-completions-code", max_tokens: 20, messages: [{ role: "user", content: "def g(): pass — what does it do?" }] },
  });
  expect(viaPolicy.status()).toBe(200);
  await shoot(page, "applied");
});
