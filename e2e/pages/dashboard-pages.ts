import { expect, type Page } from "@playwright/test";

export class OverviewPage {
  constructor(private readonly page: Page) {}
  balance() {
    return this.page.getByTestId("credit-balance");
  }
  async signOut() {
    await this.page.getByRole("button", { name: "Sign out" }).first().click();
    // Sign-out finishes by navigating to the landing page; wait so later navigation can't race it.
    await this.page.waitForURL((url) => url.pathname === "/");
  }
}

export class KeysPage {
  constructor(private readonly page: Page) {}
  async goto() {
    await this.page.goto("/dashboard/keys");
  }
  async create(name: string): Promise<string> {
    await this.page.getByLabel("Key name").fill(name);
    await this.page.getByRole("button", { name: "Create key" }).click();
    const shown = this.page.getByTestId("new-api-key");
    await expect(shown).toBeVisible();
    const key = (await shown.textContent())?.trim() ?? "";
    expect(key).toMatch(/^sk-sy-[0-9A-Za-z]{43}$/);
    return key;
  }
  row(name: string) {
    return this.page.getByRole("row").filter({ hasText: name });
  }
  async revoke(name: string) {
    await this.row(name).getByRole("button", { name: "Revoke" }).click();
    await this.page.getByRole("button", { name: "Confirm revoke" }).click();
    await expect(this.row(name)).toContainText(/revoked/i);
  }
}
