// Full-page screenshots at the two widths the docs show (1280 and 390 px), for the specs that
// keep docs/screenshots current.
import { expect, type Page } from "@playwright/test";

export async function noSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, "page scrolls sideways").toBeLessThanOrEqual(0);
}

/**
 * `<pathPrefix>-1280.png` and `<pathPrefix>-390.png`, then back to 1280×900. With
 * `checkPhoneWidth`, the 390 px page must not scroll sideways.
 */
export async function shootAtBothWidths(page: Page, pathPrefix: string, o: { checkPhoneWidth: boolean }): Promise<void> {
  for (const [w, h, tag] of [[1280, 900, "1280"], [390, 844, "390"]] as const) {
    await page.setViewportSize({ width: w, height: h });
    // From the top: scrolled, the fixed sidebar and top bar land mid-page in a full-page shot.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(300);
    if (w === 390 && o.checkPhoneWidth) await noSidewaysScroll(page);
    await page.screenshot({ path: `${pathPrefix}-${tag}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}
