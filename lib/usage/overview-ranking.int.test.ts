// The overview's "Requests by model" chart ranks models by requests, not by spend (issue
// #18.8): a busy, cheap model leads it and keeps its own bar even when seven dearer models
// outspend it, while "Spend by model" keeps ranking by spend.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db";
import { enqueueCharge, flushCharges } from "@/lib/billing/settlement/charge-writer";
import type { RequestLogRow } from "@/lib/observability/request-log";
import { assertTestDatabase } from "@/lib/testing/db-guard";
import { createTestUser } from "@/lib/testing/fixtures";
import { OTHER, getOverviewStats } from "@/lib/usage/get-overview-stats";
import { resolveRange } from "@/lib/usage/range";

type User = Awaited<ReturnType<typeof createTestUser>>;
let u: User;
// Seven dear models with one request each, and one cheap model with twenty.
const DEAR = Array.from({ length: 7 }, (_, i) => `sim/dear-${i}`);
const CHEAP = "sim/cheap";

function row(i: number, model: string, cost: bigint): RequestLogRow {
  return {
    id: `req_rank${u.userId.slice(-6)}${String(i).padStart(4, "0")}`, userId: u.userId, apiKeyId: u.keyId,
    createdAt: new Date(Date.now() - 60_000), endpoint: "/chat/completions", requestedModel: model, resolvedModel: model,
    provider: "emulator", status: 200, errorClass: null, errorMessage: null, stream: false, byok: false,
    inputTokens: 10, outputTokens: 10, cachedTokens: 0, usageSource: "provider", costUnits: cost, reservedUnits: 0n,
    price: null, latencyMs: 100, ttftMs: null, attempts: [], requestBody: null, responseBody: null,
  };
}

beforeAll(async () => {
  assertTestDatabase();
  u = await createTestUser();
  let i = 0;
  for (const [n, model] of DEAR.entries()) enqueueCharge({ log: row(i++, model, BigInt(1_000_000 * (n + 10))), charge: 0n });
  for (let k = 0; k < 20; k++) enqueueCharge({ log: row(i++, CHEAP, 1n), charge: 0n });
  await flushCharges();
});
afterAll(async () => {
  await closeDb();
});

describe("overview ranking", () => {
  it("ranks the requests chart by requests and the spend chart by spend", async () => {
    const stats = await getOverviewStats(u.userId, resolveRange({ range: "24h" }));
    expect(stats.requestModels[0]).toBe(CHEAP);
    expect(stats.requestModels.at(-1)).toBe(OTHER);
    // By spend the cheap model is outside the six named ones.
    expect(stats.models.slice(0, 6)).not.toContain(CHEAP);
    expect(stats.models[0]).toBe("sim/dear-6");
    const requests = stats.series.reduce<Record<string, number>>((acc, b) => {
      for (const [k, v] of Object.entries(b.requests)) acc[k] = (acc[k] ?? 0) + v;
      return acc;
    }, {});
    expect(requests[CHEAP]).toBe(20);
    expect(Object.values(requests).reduce((a, b) => a + b, 0)).toBe(27);
    expect(Object.keys(requests).every((k) => stats.requestModels.includes(k))).toBe(true);
  });
});
