// Accessibility: axe-core on every page, public and signed in, with data on the pages (a key,
// successful and failed requests, so tables, charts and a log detail render). Serious and
// critical violations fail the test; every count is printed and attached for the record.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { signUpFresh } from "./pages/accounts";
import { createKeyInUi } from "./pages/dashboard-pages";

type Found = { page: string; rule: string; impact: string; nodes: number; sample: string };

async function audit(page: Page, path: string, found: Found[]): Promise<void> {
  await page.goto(path);
  await page.waitForLoadState("networkidle");
  const result = await new AxeBuilder({ page }).analyze();
  for (const v of result.violations) {
    found.push({
      page: path, rule: v.id, impact: v.impact ?? "unknown", nodes: v.nodes.length,
      sample: v.nodes[0]?.target.join(" ") ?? "",
    });
  }
}

function report(found: Found[]): string {
  const byImpact = new Map<string, number>();
  for (const f of found) byImpact.set(f.impact, (byImpact.get(f.impact) ?? 0) + f.nodes);
  const lines = found.map((f) => `${f.impact.padEnd(8)} ${f.page} ${f.rule} ×${f.nodes} (${f.sample})`);
  return [`axe nodes by impact: ${JSON.stringify(Object.fromEntries(byImpact))}`, ...lines].join("\n");
}

const serious = (found: Found[]) => found.filter((f) => f.impact === "serious" || f.impact === "critical");

test("public pages have no serious or critical axe violations", async ({ page }) => {
  const found: Found[] = [];
  for (const path of ["/", "/models", "/docs", "/login", "/signup", "/this-page-does-not-exist"]) await audit(page, path, found);
  console.log(report(found));
  test.info().annotations.push({ type: "axe-public", description: report(found) });
  expect(serious(found).map((f) => `${f.page} ${f.rule} (${f.sample})`)).toEqual([]);
});

test("dashboard pages have no serious or critical axe violations", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  await signUpFresh(page, "axe", "Axe User");
  const found: Found[] = [];
  await audit(page, "/dashboard", found); // the new account's welcome state

  const { key } = await createKeyInUi(page, { name: "axe key" });
  const call = (model: string) => page.request.post(`${baseURL}/api/v1/chat/completions`, {
    headers: { authorization: `Bearer ${key}` }, data: { model, messages: [{ role: "user", content: "hello axe" }] },
  });
  const ok = await call("sim/gpt");
  expect(ok.status()).toBe(200);
  const requestId = ok.headers()["x-request-id"]!;
  expect((await call("sim/down")).status()).toBeGreaterThanOrEqual(500);
  await expect.poll(async () => {
    const r = await page.request.get("/api/v1/requests?limit=10", { headers: { authorization: `Bearer ${key}` } });
    return ((await r.json()) as { data: unknown[] }).data.length;
  }).toBe(2);

  for (const path of ["/dashboard", "/dashboard/keys", "/dashboard/usage", "/dashboard/logs",
    `/dashboard/logs/${requestId}`, "/dashboard/logs/req_does_not_exist", "/dashboard/billing",
    "/dashboard/providers", "/dashboard/settings", "/models", "/docs"]) {
    await audit(page, path, found);
  }
  console.log(report(found));
  test.info().annotations.push({ type: "axe-dashboard", description: report(found) });
  expect(serious(found).map((f) => `${f.page} ${f.rule} (${f.sample})`)).toEqual([]);
});
