import { expect, type Page } from "@playwright/test";

export class SignupPage {
  constructor(private readonly page: Page) {}
  async goto() {
    await this.page.goto("/signup");
  }
  async signUp(name: string, email: string, password: string) {
    await this.page.getByLabel("Name").fill(name);
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Create account" }).click();
  }
}

export class LoginPage {
  constructor(private readonly page: Page) {}
  async expectHere() {
    await expect(this.page).toHaveURL(/\/login/);
    await expect(this.page.getByRole("button", { name: "Sign in" })).toBeVisible();
  }
  async signIn(email: string, password: string) {
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Sign in" }).click();
  }
}
