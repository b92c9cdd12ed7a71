// Buying credits through Stripe Checkout (the local Stripe emulator, reached through the
// real stripe SDK): pay, decline, cancel — and the balance everywhere agrees.
import { expect, test } from "@playwright/test";
import { signUpFresh } from "./pages/accounts";
import { BillingPage, EmulatorPayPage } from "./pages/billing-pages";
import { createKeyInUi, OverviewPage } from "./pages/dashboard-pages";
import { ProviderKeysPage } from "./pages/provider-keys-page";

test("a new user buys the $20 pack and sees 2,000 more credits everywhere", async ({ page, request }) => {
  await signUpFresh(page, "e2e-buy", "Billing E2E");
  const billing = new BillingPage(page);
  await billing.goto();
  await expect(billing.testModeBanner()).toBeVisible();
  await billing.choosePack(20);
  await billing.buyButton().click();

  const pay = new EmulatorPayPage(page);
  await pay.expectHere("$20.00");
  await pay.pay();

  // Back on Switchyard before the webhook: the page says so instead of assuming.
  await expect(page).toHaveURL(/\/dashboard\/billing\/success\?session_id=cs_test_/);
  await expect(page.getByTestId("purchase-processing")).toBeVisible();
  await expect(page.getByTestId("purchase-complete")).toContainText("+2,000 credits added", { timeout: 20_000 });
  await expect(page.getByTestId("purchase-complete")).toContainText("2,500.00 credits");
  await expect(new OverviewPage(page).balance()).toContainText("2,500.00");

  await billing.goto();
  await expect(billing.purchases().getByRole("row").filter({ hasText: "$20.00" })).toContainText("Paid");
  await expect(billing.purchases().getByRole("link", { name: /View/ })).toBeVisible();
  await expect(billing.ledger().getByRole("row").filter({ hasText: "Purchase" })).toContainText("+2,000.00");

  const { key } = await createKeyInUi(page, { name: "billing e2e" });
  const credits = await request.get("/api/v1/credits", { headers: { authorization: `Bearer ${key}` } });
  expect(credits.status()).toBe(200);
  expect((await credits.json()).balance_credits).toBe("2500");
});

test("a declined card leaves the balance unchanged with a clear message; cancel returns to billing", async ({ page }) => {
  await signUpFresh(page, "e2e-decline", "Billing E2E");
  const billing = new BillingPage(page);
  await billing.goto();
  await billing.choosePack(50);
  await billing.buyButton().click();

  const pay = new EmulatorPayPage(page);
  await pay.expectHere("$50.00");
  await pay.decline();
  await expect(page.getByRole("alert").filter({ hasText: "Your card was declined." })).toBeVisible();
  await expect(page.getByText("No payment was taken")).toBeVisible();
  await pay.cancel();

  await expect(page).toHaveURL(/\/dashboard\/billing\?checkout=cancelled/);
  await expect(page.getByText("Checkout cancelled — you were not charged")).toBeVisible();
  await expect(new OverviewPage(page).balance()).toContainText("500.00");
  // The decline reaches us by webhook too; the purchase list says why.
  await expect(async () => {
    await page.reload();
    await expect(billing.purchases()).toContainText("Declined", { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(billing.purchases()).toContainText("Your card was declined.");
  await expect(new OverviewPage(page).balance()).toContainText("500.00");
});

test("cancel on the pay page returns to billing with nothing charged", async ({ page }) => {
  await signUpFresh(page, "e2e-cancel", "Billing E2E");
  const billing = new BillingPage(page);
  await billing.goto();
  await billing.chooseCustom("12.34");
  await expect(billing.buyButton()).toHaveText("Buy 1,234 credits for $12.34");
  await billing.buyButton().click();
  const pay = new EmulatorPayPage(page);
  await pay.expectHere("$12.34");
  await pay.cancel();
  await expect(page).toHaveURL(/\/dashboard\/billing\?checkout=cancelled/);
  await expect(new OverviewPage(page).balance()).toContainText("500.00");
});

test("custom amounts outside $3–$10,000 or not in dollars are refused before checkout", async ({ page }) => {
  await signUpFresh(page, "e2e-amounts", "Billing E2E");
  const billing = new BillingPage(page);
  await billing.goto();
  for (const [amount, message] of [
    ["2.99", "The smallest purchase is $3.00."],
    ["10000.01", "The largest purchase is $10,000.00."],
    ["-20", "The amount must be positive."],
    ["abc", "Enter an amount in dollars, like 20 or 20.50"],
    ["20.555", "Enter an amount in dollars, like 20 or 20.50"],
  ] as const) {
    await billing.chooseCustom(amount);
    await billing.buyButton().click();
    await expect(page.getByText(message)).toBeVisible();
    await expect(page).toHaveURL(/\/dashboard\/billing$/);
  }
});

test("BYOK: a provider key is stored, shown only as its last four characters, and removable", async ({ page }) => {
  await signUpFresh(page, "e2e-byok", "Billing E2E");
  const providers = new ProviderKeysPage(page);
  await providers.goto();
  const secret = "sk-e2e-byok-secret-key-4321";
  await providers.add("OpenAI", "short");
  await expect(page.getByText("That key looks too short.")).toBeVisible();
  await providers.add("OpenAI", secret);
  await expect(providers.row("OpenAI")).toContainText("…4321");
  await page.reload();
  await expect(providers.row("OpenAI")).toContainText("Not verified");
  expect(await page.content()).not.toContain("byok-secret");
  await providers.remove("OpenAI");
  await expect(page.getByText("No provider keys")).toBeVisible();
});
