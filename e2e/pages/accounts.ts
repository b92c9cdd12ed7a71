// A new account per test, signed up through the browser like a user would. Specs that test
// sign-up itself (onboarding: duplicate email, short password) keep their explicit steps.
import { randomBytes } from "node:crypto";
import { expect, type Page } from "@playwright/test";
import { SignupPage } from "./auth-pages";

export const PASSWORD = "a long enough password";

/**
 * `<tag>-<ms>-<random>@example.test`: the tag says which test made the account; the random part
 * keeps two sign-ups in the same millisecond (parametrised tests, retries) from colliding.
 */
export function freshEmail(tag: string): string {
  return `${tag}-${Date.now()}-${randomBytes(3).toString("hex")}@example.test`;
}

/**
 * Signs up a new account with {@link PASSWORD} and waits for the dashboard; returns its email.
 * Opens /signup first unless the page is already there (e.g. after the landing page's link).
 */
export async function signUpFresh(page: Page, tag: string, name = "E2E User"): Promise<string> {
  const email = freshEmail(tag);
  const signup = new SignupPage(page);
  if (!isAt(page, "/signup")) await signup.goto();
  await signup.signUp(name, email, PASSWORD);
  // The first sign-up of a run also warms the server (password hashing, first dashboard render).
  await expect(page).toHaveURL(/\/dashboard$/, { timeout: 30_000 });
  return email;
}

/** Whether the page shows `pathname` (any query or hash). */
export function isAt(page: Page, pathname: string): boolean {
  const url = page.url();
  return url.startsWith("http") && new URL(url).pathname === pathname;
}
