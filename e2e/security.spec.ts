// Security headers, open redirects, sessions after sign-out and cross-origin server actions,
// checked against the production build the way a browser (or an attacker) meets them.
import { expect, test, type APIResponse } from "@playwright/test";
import { PASSWORD, signUpFresh } from "./pages/accounts";
import { LoginPage } from "./pages/auth-pages";
import { CspWatch } from "./pages/csp-watch";
import { createKeyInUi, OverviewPage } from "./pages/dashboard-pages";
import { OverviewChartsPage } from "./pages/usage-pages";

function expectNoFraming(r: APIResponse) {
  const h = r.headers();
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["x-frame-options"]).toBe("DENY");
  expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
}

test("pages and APIs send the security headers", async ({ request }) => {
  const nonces = new Set<string>();
  for (const path of ["/", "/login"]) {
    const r = await request.get(path);
    expect(r.status()).toBe(200);
    expectNoFraming(r);
    const h = r.headers();
    expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(h["permissions-policy"]).toContain("camera=()");
    expect(h["strict-transport-security"]).toBeUndefined(); // served over plain http here
    const csp = h["content-security-policy"]!;
    for (const d of ["default-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "connect-src 'self'"]) {
      expect(csp).toContain(d);
    }
    expect(csp).not.toContain("'unsafe-eval'");
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    nonces.add(nonce!);
    // Next put the nonce on its scripts, and no script goes without it.
    const html = await r.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const s of scripts) expect(s).toContain(`nonce="${nonce}"`);
  }
  expect(nonces.size).toBe(2); // fresh per response

  // The gateway API (the API workers' own door), success and error alike, their health
  // route, and Next's API routes (through the workers' proxy to the Next process).
  for (const r of [await request.get("/v1/models"), await request.post("/v1/chat/completions", { data: {} }),
    await request.get("/api/health"), await request.get("/api/auth/providers")]) {
    expectNoFraming(r);
    expect(r.headers()["content-security-policy"]).toContain("default-src 'none'");
  }
});

test("landing, sign-up, dashboard with charts and settings render with no CSP violation", async ({ page, baseURL }) => {
  const csp = await CspWatch.on(page);
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect(await csp.violations()).toEqual([]);

  await signUpFresh(page, "csp", "CSP User"); // needs hydrated React

  const { key } = await createKeyInUi(page, { name: "csp key" });
  const call = await page.request.post(`${baseURL}/v1/chat/completions`, {
    headers: { authorization: `Bearer ${key}` }, data: { model: "sim/gpt", messages: [{ role: "user", content: "hi" }] },
  });
  expect(call.status()).toBe(200);

  const overview = new OverviewChartsPage(page);
  await expect.poll(async () => { // the call's log row lands within a second or so
    const r = await page.request.get("/v1/requests?limit=10", { headers: { authorization: `Bearer ${key}` } });
    return ((await r.json()) as { data: unknown[] }).data.length;
  }).toBe(1);
  await overview.goto();
  await expect(overview.stat("requests")).toHaveText("1");
  // recharts draws in the browser: the charts are there only if no script was blocked.
  for (const title of ["Requests by model", "Spend by model", "Latency percentiles"]) {
    await expect(overview.chart(title).locator("svg.recharts-surface").first()).toBeVisible();
  }
  await expect(overview.chart("Requests by model").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await overview.pickRange("24 h"); // client-side interaction still works
  await expect(overview.stat("requests")).toHaveText("1");
  expect(await csp.violations()).toEqual([]);

  await page.goto("/dashboard/settings");
  await expect(page.getByRole("switch", { name: "Zero retention" })).toBeVisible();
  await page.goto("/no-such-page");
  await expect(page.getByText("This track doesn’t go anywhere")).toBeVisible();
  expect(await csp.violations()).toEqual([]);
});

test("the dashboard cannot be framed by another site", async ({ page, baseURL }) => {
  await page.route("http://evil.invalid/", (route) =>
    route.fulfill({ contentType: "text/html", body: `<iframe src="${baseURL}/login"></iframe>` }));
  await page.goto("http://evil.invalid/");
  // Chromium replaces a frame that frame-ancestors refuses with its own error page.
  await expect.poll(() => page.frames().find((f) => f !== page.mainFrame())?.url()).toMatch(/^chrome-error:/);
});

test("sign-in never redirects off-site, whatever the callbackUrl", async ({ page, baseURL }) => {
  const email = await signUpFresh(page, "redirect", "Redirect User");

  // Signed in: /login answers with a redirect of its own.
  for (const evil of ["/%09/evil.invalid/phish", "/%0a/evil.invalid", "/%5C/evil.invalid", "//evil.invalid", "https://evil.invalid/",
    "/.//evil.invalid", "javascript:alert(1)"]) {
    const r = await page.request.get(`/login?callbackUrl=${evil}`, { maxRedirects: 0 });
    expect(r.status(), evil).toBe(307);
    expect(r.headers().location, evil).toBe("/dashboard");
  }
  const same = await page.request.get("/login?callbackUrl=%2Fdashboard%2Fkeys", { maxRedirects: 0 });
  expect(same.headers().location).toBe("/dashboard/keys");

  // Signed out: the form sends the user on after signing in, on this site only.
  await new OverviewPage(page).signOut();
  await page.goto("/login?callbackUrl=/%09/evil.invalid/phish");
  const login = new LoginPage(page);
  await login.signIn(email, PASSWORD);
  await expect(page).toHaveURL(`${baseURL}/dashboard`);
});

test("after sign-out a copy of the old session cookie reads nothing", async ({ page, browser, baseURL }) => {
  await signUpFresh(page, "cookie", "Cookie User");
  const stolen = await page.context().cookies();
  const thief = await browser.newContext({ baseURL });
  await thief.addCookies(stolen);
  expect((await thief.request.get("/api/dashboard/overview")).status()).toBe(200);

  await new OverviewPage(page).signOut();
  expect((await thief.request.get("/api/dashboard/overview")).status()).toBe(401);
  const p = await thief.newPage();
  await p.goto("/dashboard");
  await new LoginPage(p).expectHere();
  await thief.close();
});

test("a cross-origin server action is refused with 403, even with a forged X-Forwarded-Host", async ({ request, baseURL }) => {
  for (const headers of <Array<Record<string, string>>>[
    { origin: "https://evil.invalid", "next-action": "00".repeat(21) },
    { origin: "https://evil.invalid", "x-forwarded-host": "evil.invalid", "next-action": "00".repeat(21) },
    { origin: "null", "next-action": "00".repeat(21) },
  ]) {
    const r = await request.post("/dashboard/settings", { headers: { ...headers, "content-type": "text/plain;charset=UTF-8" }, data: "[]" });
    expect(r.status()).toBe(403);
    expect((await r.json()).error.code).toBe("forbidden");
  }
  // Same origin goes on to Next (an unknown action id: Next's own 404, not our 403).
  const ok = await request.post("/dashboard/settings", {
    headers: { origin: baseURL!, "next-action": "00".repeat(21), "content-type": "text/plain;charset=UTF-8" }, data: "[]",
  });
  expect(ok.status()).not.toBe(403);
  expect(ok.status()).toBeLessThan(500);
});
