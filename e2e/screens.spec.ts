// Captures the public and key-management pages at desktop and phone widths so layout can be
// checked by eye (test-results/screens/). With UPDATE_SCREENSHOTS=1 it also refreshes the
// README's images under docs/screenshots/.
import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { signUpFresh } from "./pages/accounts";
import { SignupPage } from "./pages/auth-pages";
import { createKeyInUi, KeysPage } from "./pages/dashboard-pages";

const WIDTHS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };
const outDirs = ["test-results/screens", ...(process.env.UPDATE_SCREENSHOTS === "1" ? ["docs/screenshots"] : [])];

async function shoot(page: Page, name: string) {
  for (const [label, size] of Object.entries(WIDTHS)) {
    await page.setViewportSize(size);
    await page.waitForLoadState("networkidle");
    for (const dir of outDirs) {
      fs.mkdirSync(dir, { recursive: true });
      await page.screenshot({ path: path.join(dir, `${name}-${label}.png`), fullPage: label === "desktop" });
    }
  }
  await page.setViewportSize(WIDTHS.desktop);
}

test("public pages and the keys page render at desktop and phone widths", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await shoot(page, "landing");

  await new SignupPage(page).goto();
  await page.getByRole("button", { name: "Create account" }).click();
  await shoot(page, "signup-errors");

  await signUpFresh(page, "shots", "Screenshot User"); // on the same sign-up page
  await shoot(page, "overview");

  await new KeysPage(page).goto();
  await shoot(page, "keys-empty");
  await createKeyInUi(page, { name: "Production backend" });
  await shoot(page, "keys-new");
});

test("no dashboard page scrolls sideways on a phone", async ({ page }) => {
  await signUpFresh(page, "phone", "Phone User");
  await page.setViewportSize(WIDTHS.phone);
  const pages = ["/dashboard", "/dashboard/keys", "/dashboard/usage", "/dashboard/logs", "/dashboard/billing",
    "/dashboard/providers", "/dashboard/settings", "/"];
  const wide: string[] = [];
  for (const path of pages) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    const { scroll, client, culprit } = await page.evaluate(() => {
      const root = document.documentElement;
      // The widest element that sticks out of the viewport, to make a failure actionable.
      let culprit = "";
      for (const el of Array.from(document.querySelectorAll("body *"))) {
        const r = el.getBoundingClientRect();
        if (r.right > root.clientWidth + 1 && !el.closest("[class*='overflow-x-auto'],[class*='overflow-auto']")) {
          culprit = `${el.tagName.toLowerCase()}.${String(el.className).slice(0, 80)}`;
          break;
        }
      }
      return { scroll: root.scrollWidth, client: root.clientWidth, culprit };
    });
    if (scroll > client) wide.push(`${path}: ${scroll}px > ${client}px (${culprit})`);
  }
  expect(wide).toEqual([]);
});
