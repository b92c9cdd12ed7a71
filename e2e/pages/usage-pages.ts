import { expect, type Page } from "@playwright/test";

export class OverviewChartsPage {
  constructor(private readonly page: Page) {}
  async goto() {
    await this.page.goto("/dashboard");
  }
  stat(name: "requests" | "error-rate" | "spend") {
    return this.page.getByTestId(`stat-${name}`);
  }
  chart(title: string) {
    return this.page.getByRole("figure", { name: title });
  }
  async pickRange(label: "24 h" | "7 d" | "30 d") {
    await this.page.getByRole("group", { name: "Time range" }).getByRole("button", { name: label }).click();
  }
}

export class LogsPage {
  constructor(private readonly page: Page) {}
  async goto() {
    await this.page.goto("/dashboard/logs");
    await expect(this.page.getByRole("table", { name: "Requests" })).toBeVisible();
  }
  rows() {
    return this.page.getByRole("table", { name: "Requests" }).locator("tbody tr");
  }
  count() {
    return this.page.getByTestId("logs-count");
  }
  async filterStatus(value: "ok" | "error" | "") {
    await this.page.getByLabel("Status").selectOption(value);
    await this.page.getByRole("button", { name: "Apply filters" }).click();
  }
  async open(requestId: string) {
    await this.page.getByRole("link", { name: `Request ${requestId}` }).click();
    await expect(this.page.getByRole("heading", { name: "Attempts" })).toBeVisible();
  }
  attempts() {
    return this.page.getByTestId("attempt-row");
  }
}

export class UsagePage {
  constructor(private readonly page: Page) {}
  async goto() {
    await this.page.goto("/dashboard/usage");
  }
  rowsTable() {
    return this.page.getByTestId("usage-rows");
  }
  async exportCsv(): Promise<string> {
    const [download] = await Promise.all([this.page.waitForEvent("download"), this.page.getByTestId("csv-export").click()]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  }
}
