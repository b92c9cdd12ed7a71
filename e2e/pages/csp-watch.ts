import type { Page } from "@playwright/test";

/**
 * Collects Content-Security-Policy violations a page reports (the DOM event, which carries
 * the blocked URI and directive) and CSP-related console errors, for every document the page
 * loads from now on.
 */
export class CspWatch {
  private readonly console: string[] = [];

  private constructor(private readonly page: Page) {
    page.on("console", (m) => {
      if (m.type() === "error" && /content security policy/i.test(m.text())) this.console.push(m.text());
    });
  }

  static async on(page: Page): Promise<CspWatch> {
    await page.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener("securitypolicyviolation", (e) => {
        w.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`);
      });
    });
    return new CspWatch(page);
  }

  /** Violations of the current document plus every CSP console error so far. */
  async violations(): Promise<string[]> {
    const inPage = await this.page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
    return [...inPage, ...this.console];
  }
}
