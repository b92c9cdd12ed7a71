// The row parsers against the real schema, for the lib/sql reads no other integration test
// reaches: each runs on seeded rows, so a parser that disagrees with a column's type (a BIGINT
// read as int, a nullable column read as non-null) fails here, naming the statement.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db";
import { enqueueCharge, flushCharges } from "@/lib/billing/settlement/charge-writer";
import type { RequestLogRow } from "@/lib/observability/request-log";
import { assertTestDatabase } from "@/lib/testing/db-guard";
import { createTestUser } from "@/lib/testing/fixtures";
import { autoTopUpFlag, autoTopUpSettings, saveAutoTopUpSettings, saveCard, savedPaymentMethod } from "@/lib/sql/auto-top-ups";
import { pingDatabase, poolConnections } from "@/lib/sql/health";
import { keyNames } from "@/lib/sql/key-labels";
import {
  deleteProviderKeyRow, providerKeyCiphertext, providerKeyCiphertexts, providerKeyRows, recordProviderKeyVerification, upsertProviderKey,
} from "@/lib/sql/provider-keys";
import { claimCheckoutPurchase, listedPurchases, markPurchaseFailed, purchaseOfSession, recordCheckoutSession } from "@/lib/sql/purchases";
import { requestLogsForExport } from "@/lib/sql/request-logs";
import { recordStripeEvent } from "@/lib/sql/stripe-events";
import { hasUsage, overviewRows, spendSince, usedModelsAndProviders } from "@/lib/sql/usage-rollups";
import { clearStripeCustomer, storeStripeCustomer, stripeCustomerOf } from "@/lib/sql/users";

type User = Awaited<ReturnType<typeof createTestUser>>;
let u: User;
let empty: User;
const now = Date.now();

function log(i: number, costUnits: bigint): RequestLogRow {
  return {
    id: `req_contract${u.userId.slice(-6)}${i}`, userId: u.userId, apiKeyId: u.keyId, createdAt: new Date(now - i * 60_000),
    endpoint: "/chat/completions", requestedModel: "sim/gpt", resolvedModel: i === 2 ? null : "sim/gpt", provider: i === 2 ? null : "emulator",
    status: i === 2 ? 502 : 200, errorClass: i === 2 ? "upstream_error" : null, errorMessage: null, stream: false, byok: false,
    inputTokens: 10, outputTokens: 5, cachedTokens: 0, usageSource: "provider", costUnits, reservedUnits: 0n, price: null,
    latencyMs: 120, ttftMs: null, attempts: [], requestBody: null, responseBody: null,
  };
}

beforeAll(async () => {
  assertTestDatabase();
  [u, empty] = await Promise.all([createTestUser(), createTestUser()]);
  for (let i = 0; i < 3; i++) enqueueCharge({ log: log(i, 2_000_000_000_000n * BigInt(i + 1)), charge: 0n });
  await flushCharges();
});
afterAll(() => closeDb());

describe("lib/sql reads parse the real schema", () => {
  it("usage rollups: spend, existence, menus and the overview's grouping sets", async () => {
    const since = new Date(now - 2 * 86_400_000);
    const spend = await spendSince(u.userId, since, since);
    expect(spend).toEqual({ todayRequests: 3, todayCost: 12_000_000_000_000n, monthRequests: 3, monthCost: 12_000_000_000_000n });
    expect(await spendSince(empty.userId, since, since)).toEqual({ todayRequests: 0, todayCost: 0n, monthRequests: 0, monthCost: 0n });
    expect([await hasUsage(u.userId), await hasUsage(empty.userId)]).toEqual([true, false]);
    expect(await usedModelsAndProviders(u.userId)).toEqual({ models: ["sim/gpt"], providers: ["emulator"] });
    for (const g of ["hour", "day"] as const) {
      const { grouped, latency } = await overviewRows(u.userId, new Date(now - 2 * 86_400_000), new Date(now + 86_400_000), g);
      expect(grouped.filter((r) => r.by === "key")).toEqual([expect.objectContaining({ apiKeyId: u.keyId, requests: 3, cost: 12_000_000_000_000n })]);
      expect(grouped.some((r) => r.by === "error" && r.errorClass === "upstream_error")).toBe(true);
      expect(latency.length).toBeGreaterThan(0);
    }
  });

  it("request logs for the export, and key names", async () => {
    const first = await requestLogsForExport(u.userId, 2, null);
    expect(first).toHaveLength(2);
    const rest = await requestLogsForExport(u.userId, 2, first[1]!);
    expect(rest.map((r) => r.id)).toEqual([`req_contract${u.userId.slice(-6)}0`]);
    expect(await keyNames(u.userId, [u.keyId, "key_of_nobody"])).toEqual([expect.objectContaining({ id: u.keyId })]);
    expect(await keyNames(empty.userId, [u.keyId])).toEqual([]); // another account's key
  });

  it("purchases, Stripe customer, auto top-up and Stripe events", async () => {
    expect(await stripeCustomerOf(u.userId)).toBeNull();
    expect(await storeStripeCustomer(u.userId, "cus_a")).toBe("cus_a");
    expect(await storeStripeCustomer(u.userId, "cus_b")).toBe("cus_a"); // the first stored wins
    await clearStripeCustomer(u.userId, "cus_a");
    expect(await stripeCustomerOf(u.userId)).toBeNull();
    expect(await storeStripeCustomer("no-such-account", "cus_c")).toBeNull();

    const key = `checkout:${u.userId}:contract`;
    const p = (await claimCheckoutPurchase({ id: `pur_c_${u.userId}`, userId: u.userId, amountCents: 300, credits: 300n * 10_000_000_000n, idempotencyKey: key }))!;
    expect(p).toEqual({ id: `pur_c_${u.userId}`, amount_cents: 300, status: "open", checkout_url: null });
    expect(await claimCheckoutPurchase({ id: "pur_other", userId: empty.userId, amountCents: 300, credits: 1n, idempotencyKey: key })).toBeNull();
    await recordCheckoutSession(p.id, `cs_${u.userId}`, "https://checkout.example/x");
    expect((await purchaseOfSession(u.userId, `cs_${u.userId}`))?.credits).toBe(3_000_000_000_000n);
    await markPurchaseFailed(p.id, "declined");
    expect(await listedPurchases(u.userId, 5)).toEqual([expect.objectContaining({ id: p.id, status: "failed", paidAt: null, failureMessage: "declined" })]);

    expect([await autoTopUpFlag(u.userId), await autoTopUpSettings(u.userId), await savedPaymentMethod(u.userId)]).toEqual([false, null, null]);
    await saveCard(u.userId, "pm_1", "Visa •••• 4242");
    await saveAutoTopUpSettings(u.userId, { enabled: true, thresholdUnits: 10n ** 15n, amountCents: 2000, monthlyCapCents: 10000 });
    expect(await autoTopUpSettings(u.userId)).toEqual(expect.objectContaining({
      enabled: true, thresholdUnits: 10n ** 15n, amountCents: 2000, cardLabel: "Visa •••• 4242", lastError: null, inFlightSince: null,
    }));
    expect([await autoTopUpFlag(u.userId), await savedPaymentMethod(u.userId)]).toEqual([true, "pm_1"]);

    await recordStripeEvent(`evt_contract_${u.userId}`, "test.event", "processed", "ok");
    await recordStripeEvent(`evt_contract_${u.userId}`, "test.event", "failed", "again"); // counted, stays processed
  });

  it("provider keys and health", async () => {
    const saved = await upsertProviderKey({ id: `pk_c_${u.userId}`, userId: u.userId, provider: "openai", ciphertext: "v1:x:y:z", suffix: "…1234" });
    expect(saved).toBeInstanceOf(Date);
    await recordProviderKeyVerification(u.userId, "openai", "bad key");
    expect(await providerKeyRows(u.userId)).toEqual([{ provider: "openai", suffix: "…1234", createdAt: saved, verifiedAt: null, verifyError: "bad key" }]);
    expect(await providerKeyCiphertext(u.userId, "openai")).toBe("v1:x:y:z");
    expect(await providerKeyCiphertexts(u.userId)).toEqual([{ provider: "openai", ciphertext: "v1:x:y:z" }]);
    expect([await deleteProviderKeyRow(u.userId, "openai"), await deleteProviderKeyRow(u.userId, "openai")]).toEqual([true, false]);
    expect(await providerKeyCiphertext(u.userId, "openai")).toBeNull();

    await pingDatabase();
    expect(poolConnections().total).toBeGreaterThan(0);
  });
});
