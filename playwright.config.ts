// End-to-end tests in Debian's Chromium against the production build served by server.ts.
// scripts/test.ts provides DATABASE_URL (throwaway Postgres), EMULATOR_URL and E2E_PORT.
import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"], ["json"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"],
    },
  },
  webServer: {
    command: "node dist/server.mjs",
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    // The suite signs up a dozen users from 127.0.0.1 within minutes: above the default 5 per
    // 10 minutes per IP (lib/auth/throttle-signup.ts; the integration tests cover that limit).
    env: { ...(process.env as Record<string, string>), NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1",
      SIGNUP_IP_LIMIT: process.env.SIGNUP_IP_LIMIT ?? "1000" },
    stdout: "ignore",
    stderr: "pipe",
  },
});
