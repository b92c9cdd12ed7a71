// The walking skeleton, as a new user lives it: sign up → 500 credits → create a key →
// the key works on the API → revoke → 401; signed-out users are sent to sign in.
import { expect, test } from "@playwright/test";
import { freshEmail } from "./pages/accounts";
import { LoginPage, SignupPage } from "./pages/auth-pages";
import { createKeyInUi, KeysPage, OverviewPage } from "./pages/dashboard-pages";

test("a signed-out visitor is redirected from /dashboard to sign in", async ({ page }) => {
  await page.goto("/dashboard/keys");
  await new LoginPage(page).expectHere();
});

test("sign up, see 500 credits, create a key, use it, revoke it", async ({ page, request }) => {
  const email = freshEmail("e2e");
  const password = "a long enough password";
  const signup = new SignupPage(page);
  await signup.goto();
  await signup.signUp("E2E User", email, password);

  await expect(page).toHaveURL(/\/dashboard$/);
  const overview = new OverviewPage(page);
  await expect(overview.balance()).toContainText("500.00");

  const { key } = await createKeyInUi(page, { name: "e2e key" });
  const keys = new KeysPage(page);
  await expect(keys.row("e2e key")).toBeVisible();

  const ok = await request.get("/api/v1/credits", { headers: { authorization: `Bearer ${key}` } });
  expect(ok.status()).toBe(200);
  expect((await ok.json()).balance_credits).toBe("500");

  await keys.revoke("e2e key");
  const denied = await request.get("/api/v1/credits", { headers: { authorization: `Bearer ${key}` } });
  expect(denied.status()).toBe(401);
  expect((await denied.json()).error.code).toBe("invalid_api_key");

  await new OverviewPage(page).signOut();
  await page.goto("/dashboard");
  await new LoginPage(page).expectHere();

  // Signing back in works and the balance is unchanged.
  const login = new LoginPage(page);
  await login.signIn(email, password);
  await expect(page).toHaveURL(/\/dashboard/);
  await expect(overview.balance()).toContainText("500.00");
});

test("signup refuses a duplicate email and a short password with clear messages", async ({ page }) => {
  const email = freshEmail("dup");
  const signup = new SignupPage(page);
  await signup.goto();
  await signup.signUp("Dup", email, "short");
  await expect(page.getByText("Use at least 8 characters.")).toBeVisible();
  await signup.signUp("Dup", email, "long enough password");
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.context().clearCookies();
  await signup.goto();
  await signup.signUp("Dup again", email, "long enough password");
  await expect(page.getByText("An account with this email already exists.")).toBeVisible();
});
