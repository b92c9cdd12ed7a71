// Integration-test harness: a Stripe emulator in-process whose webhooks go to a tiny local
// server running the app's real webhook handler, and the app's env pointed at both.
import { createServer, type Server } from "node:http";
import Stripe from "stripe";
import { resetEnvForTests } from "@/lib/env";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { closeDb } from "@/lib/db";
import { balanceOf, ledgerSum as ledgerSumOf } from "@/lib/testing/money";
import { assertTestDatabase } from "@/lib/testing/db-guard";
import { createTestUser } from "@/lib/testing/fixtures";
import { startStripeEmulator, type StripeEmulatorHandle } from "@/emulator/stripe/server";
import { createStripeClient } from "@/lib/billing/stripe/client";
import { handleStripeWebhook } from "@/lib/billing/stripe/webhook";

export const TEST_WEBHOOK_SECRET = "whsec_int_test_secret_0123456789";
export const TEST_SECRET_KEY = "sk_test_int_emulator";

export type BillingHarness = {
  emu: StripeEmulatorHandle;
  sdk: Stripe;
  /** HTTP statuses the app answered to webhook deliveries. */
  answers: number[];
  control(path: string, body?: unknown): Promise<unknown>;
  close(): Promise<void>;
};

/**
 * The usual file setup for billing integration tests: guard the database, start the harness
 * (handed to `onStart`), check after every test that each account made here still has a
 * balance equal to the sum of its ledger, and clean up after the file.
 */
export function useBillingSuite(onStart: (h: BillingHarness) => void) {
  let harness: BillingHarness;
  const users: string[] = [];
  beforeAll(async () => {
    assertTestDatabase();
    harness = await startBillingHarness();
    onStart(harness);
  });
  afterEach(async () => {
    for (const id of users) expect(await ledgerSumOf(id)).toBe(await balanceOf(id));
  });
  afterAll(async () => {
    await harness.close();
    await closeDb();
  });
  return {
    /** Checks this account's ledger after every test. */
    track: (userId: string) => void users.push(userId),
    /** A fresh tracked account (500 free credits, one API key). */
    newUser: async () => {
      const u = await createTestUser();
      users.push(u.userId);
      return { id: u.userId, email: u.email, key: u.key };
    },
  };
}

export async function startBillingHarness(): Promise<BillingHarness> {
  const answers: number[] = [];
  const hook: Server = createServer((req, res) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (raw += c));
    req.on("end", () => {
      handleStripeWebhook(raw, (req.headers["stripe-signature"] as string | undefined) ?? null).then(
        (a) => {
          answers.push(a.status);
          res.writeHead(a.status, { "content-type": "application/json" }).end(JSON.stringify(a.body));
        },
        () => res.writeHead(500).end(),
      );
    });
  });
  await new Promise<void>((r) => hook.listen(0, "127.0.0.1", r));
  const port = (hook.address() as { port: number }).port;
  const emu = await startStripeEmulator({
    webhookUrl: `http://127.0.0.1:${port}/api/stripe/webhook`, webhookSecret: TEST_WEBHOOK_SECRET,
    webhookDelayMs: 5, retryDelaysMs: [50, 100, 200],
  });
  process.env.STRIPE_SECRET_KEY = TEST_SECRET_KEY;
  process.env.STRIPE_WEBHOOK_SECRET = TEST_WEBHOOK_SECRET;
  process.env.STRIPE_EMULATOR_URL = emu.url;
  process.env.APP_URL = "http://127.0.0.1:3999";
  resetEnvForTests();
  return {
    emu, answers, sdk: createStripeClient(TEST_SECRET_KEY, emu.url),
    control: async (path, body) => {
      const res = await fetch(`${emu.url}/_control${path}`, { method: "POST", body: body === undefined ? undefined : JSON.stringify(body) });
      const json = await res.json();
      if (!res.ok) throw new Error(`control ${path}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    },
    close: async () => {
      await emu.close();
      await new Promise<void>((r) => hook.close(() => r()));
    },
  };
}

/** Signs a payload as Stripe would (optionally with another secret or an old timestamp). */
export function signedHeader(payload: string, opts: { secret?: string; timestamp?: number } = {}): string {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret: opts.secret ?? TEST_WEBHOOK_SECRET, timestamp: opts.timestamp });
}

export { balanceOf, ledgerSumOf };

let keySeq = 0;

/** Starts a checkout for `user` and finishes it on the emulator ("pay", "decline", "async"). */
export async function buyCredits(h: BillingHarness, user: { id: string; email: string }, cents: number, outcome: "pay" | "decline" | "async" | "none" = "pay") {
  const { startCheckout } = await import("@/lib/billing/stripe/checkout");
  const started = await startCheckout(user, { amountCents: cents, currency: "usd", requestKey: `rk_${Date.now()}_${keySeq++}` });
  const sessionId = started.url.split("/pay/")[1]!;
  if (outcome !== "none") await h.control(`/sessions/${sessionId}/${outcome}`);
  await h.emu.settle();
  return { ...started, sessionId };
}

/** The emulator's event of `type` about the object `objectId`. */
export function eventOf(h: BillingHarness, type: string, objectId: string) {
  const e = h.emu.events().find((x) => x.type === type && (x.data.object as { id: string }).id === objectId);
  if (!e) throw new Error(`no ${type} event for ${objectId}`);
  return e;
}

/** Delivers an event straight to the app's handler, correctly signed. */
export async function deliverEvent(event: unknown) {
  const payload = JSON.stringify(event);
  return handleStripeWebhook(payload, signedHeader(payload));
}
