import { expect, type Locator, type Page } from "@playwright/test";
import { isAt } from "./accounts";

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
  row(name: string) {
    return this.page.getByRole("row").filter({ hasText: name });
  }
  async revoke(name: string) {
    await this.row(name).getByRole("button", { name: "Revoke" }).click();
    await this.page.getByRole("button", { name: "Confirm revoke" }).click();
    await expect(this.row(name)).toContainText(/revoked/i);
  }
}

export const LIVE_KEY = /^sk-sy-[0-9A-Za-z]{43}$/;
export const TEST_KEY = /^sk-sy-test-[0-9A-Za-z]{43}$/;

export interface NewKey {
  name: string;
  /** Models to allow, each found with the picker's search and ticked. */
  allow?: readonly string[];
  /** The key's "Default routing policy" (a policy name). */
  policy?: string;
  /** "test": simulated answers and an sk-sy-test- key. */
  mode?: "live" | "test";
  /** Whatever else the test sets in "Limits and settings" (open by then), after the options above. */
  settings?: (form: Locator) => Promise<void>;
  /** Press "Done, I’ve saved it" once the key is read; the panel is gone afterwards. */
  done?: boolean;
}

/**
 * Creates a key with the keys page's form (going to /dashboard/keys unless already there) and
 * reads it from the panel that shows it once. `panel` is that panel, with the first-call snippet.
 */
export async function createKeyInUi(page: Page, k: NewKey): Promise<{ key: string; panel: Locator }> {
  if (!isAt(page, "/dashboard/keys")) await page.goto("/dashboard/keys");
  const form = page.getByRole("form", { name: "Create a key" });
  await form.getByLabel("Key name").fill(k.name);
  if (k.allow?.length || k.policy || k.mode || k.settings) {
    await form.getByRole("button", { name: "Limits and settings" }).click();
    for (const model of k.allow ?? []) {
      await form.getByLabel("Search models to allow").fill(model);
      await form.getByRole("checkbox", { name: new RegExp(`^${escapeRegExp(model)}`) }).check();
    }
    if (k.policy) await form.getByLabel("Default routing policy").selectOption(k.policy);
    if (k.mode) await form.getByRole("radio", { name: k.mode === "test" ? /Test/ : /Live/ }).check();
    await k.settings?.(form);
  }
  await form.getByRole("button", { name: "Create key" }).click();
  // By the key's name: a panel still open from an earlier key must not be read as this one.
  const panel = page.getByRole("region", { name: `Your new key “${k.name}” is ready`, exact: true });
  const shown = panel.getByTestId("new-api-key");
  await expect(shown).toBeVisible();
  const key = (await shown.textContent())?.trim() ?? "";
  expect(key).toMatch(k.mode === "test" ? TEST_KEY : LIVE_KEY);
  if (k.done) await panel.getByRole("button", { name: "Done, I’ve saved it" }).click();
  return { key, panel };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
