import { expect, type Page } from "@playwright/test";

export class BillingPage {
  constructor(private readonly page: Page) {}
  async goto() {
    await this.page.goto("/dashboard/billing");
    await expect(this.page.getByRole("heading", { name: "Billing", level: 1 })).toBeVisible();
  }
  testModeBanner() {
    return this.page.getByTestId("test-mode-banner");
  }
  async choosePack(dollars: number) {
    await this.page.getByText(`$${dollars}.00`, { exact: true }).click();
  }
  async chooseCustom(amount: string) {
    await this.page.getByLabel("Custom amount").check();
    await this.page.getByLabel("Amount (USD)").fill(amount);
  }
  buyButton() {
    return this.page.getByRole("button", { name: /^(Buy .* credits for|Continue to payment)/ });
  }
  purchases() {
    return this.page.getByTestId("purchases-table");
  }
  ledger() {
    return this.page.getByTestId("ledger-table");
  }
}

/** The Stripe emulator's hosted checkout page. */
export class EmulatorPayPage {
  constructor(private readonly page: Page) {}
  async expectHere(amount: string) {
    await expect(this.page).toHaveURL(/\/pay\/cs_test_/);
    await expect(this.page.getByTestId("checkout-amount")).toHaveText(amount);
  }
  async pay() {
    await this.page.getByRole("button", { name: /^Pay \$/ }).click();
  }
  async decline() {
    await this.page.getByRole("button", { name: "Card declined" }).click();
  }
  async cancel() {
    await this.page.getByRole("button", { name: "Cancel and return" }).click();
  }
}
