import { expect, type Page } from "@playwright/test";

export class ProviderKeysPage {
  constructor(private readonly page: Page) {}
  async goto() {
    await this.page.goto("/dashboard/providers");
    await expect(this.page.getByRole("heading", { name: "Providers (BYOK)", level: 1 })).toBeVisible();
  }
  async add(providerLabel: string, key: string) {
    await this.page.getByLabel("Provider").selectOption({ label: providerLabel });
    await this.page.getByLabel("API key").fill(key);
    await this.page.getByRole("button", { name: "Save key" }).click();
  }
  row(providerLabel: string) {
    return this.page.getByRole("row").filter({ hasText: providerLabel });
  }
  async remove(providerLabel: string) {
    await this.row(providerLabel).getByRole("button", { name: /^Remove/ }).click();
    await this.row(providerLabel).getByRole("button", { name: "Confirm remove" }).click();
  }
}
