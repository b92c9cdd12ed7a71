// Dashboard aggregates against the real database: the rollups (kept by the trigger on
// request_logs) must equal sums computed straight from the rows, for every view and the CSV;
// one account never sees another's rows; bad input is a clear 400/404.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db";
import { pool } from "@/lib/sql/pool";
import { isAppError } from "@/lib/errors";
import { enqueueCharge, flushCharges } from "@/lib/billing/settlement/charge-writer";
import type { RequestLogRow } from "@/lib/observability/request-log";
import { startApiServer, type ApiServer } from "@/lib/testing/api-servers";
import { assertTestDatabase } from "@/lib/testing/db-guard";
import { createTestUser } from "@/lib/testing/fixtures";
import { getApiUsage } from "@/lib/usage/get-api-usage";
import { getLog } from "@/lib/usage/get-log";
import { getOverviewStats } from "@/lib/usage/get-overview-stats";
import { getUsageBreakdown } from "@/lib/usage/get-usage-breakdown";
import { listLogs } from "@/lib/usage/list-logs";
import { logFiltersSchema } from "@/lib/usage/log-filters";
import { parseQuery } from "@/lib/usage/parse-query";
import { resolveRange } from "@/lib/usage/range";
import { usageCsvStream, CSV_HEADER } from "@/lib/usage/usage-csv";
import { usageFiltersSchema } from "@/lib/usage/usage-filters";

type User = Awaited<ReturnType<typeof createTestUser>>;
let a: User;
let b: User;
let api: ApiServer;
const DAY = 86_400_000;
const MODELS = [["sim/gpt", "emulator"], ["openai/gpt-4o-mini", "openai"], ["anthropic/claude-haiku-4-5", "anthropic"]] as const;

function row(u: User, i: number): RequestLogRow {
  const [model, provider] = MODELS[i % MODELS.length]!;
  const failed = i % 7 === 0;
  return {
    id: `req_usage${u.userId.slice(-6)}${String(i).padStart(5, "0")}`, userId: u.userId, apiKeyId: u.keyId,
    // Spread over the last 6 days, several per hour.
    createdAt: new Date(Date.now() - (i * 37 * 60_000) % (6 * DAY)), endpoint: "/chat/completions",
    requestedModel: model, resolvedModel: failed ? null : model, provider: failed ? null : provider,
    status: failed ? (i % 2 ? 502 : 429) : 200, errorClass: failed ? (i % 2 ? "upstream_error" : "rate_limited") : null,
    errorMessage: null, stream: i % 2 === 0, byok: false, inputTokens: failed ? 0 : 100 + i, outputTokens: failed ? 0 : 10 + (i % 50),
    cachedTokens: 0, usageSource: failed ? "none" : "provider", costUnits: failed ? 0n : BigInt(1_000_003 * (i + 1)),
    reservedUnits: 0n, price: null, latencyMs: 50 + (i * 13) % 3000, ttftMs: i % 2 === 0 ? 20 + (i % 400) : null,
    attempts: [{ model, provider, status: failed ? 502 : 200, latencyMs: 40 }], requestBody: { n: i }, responseBody: { ok: true },
  };
}

beforeAll(async () => {
  assertTestDatabase();
  [a, b] = await Promise.all([createTestUser(), createTestUser()]);
  // Logs only (charge 0): the rollups read request_logs, not the balance.
  for (let i = 0; i < 400; i++) enqueueCharge({ log: row(a, i), charge: 0n });
  for (let i = 0; i < 30; i++) enqueueCharge({ log: row(b, i), charge: 0n });
  await flushCharges();
  api = await startApiServer("node");
});
afterAll(async () => {
  await api.close();
  await closeDb();
});

async function direct(userId: string, since: Date) {
  const { rows } = await pool().query<{ n: number; e: number; cost: string; input: string; output: string }>(
    `SELECT count(*)::int n, count(*) FILTER (WHERE status >= 400)::int e, sum(cost_units)::text cost,
       sum(input_tokens)::text input, sum(output_tokens)::text output
     FROM request_logs WHERE user_id = $1 AND created_at >= $2`, [userId, since.toISOString()]);
  return rows[0]!;
}

describe("aggregates equal sums from the rows", () => {
  it.each(["24h", "30d"] as const)("overview totals for %s (hourly and daily rollups)", async (range) => {
    const r = resolveRange({ range });
    const stats = await getOverviewStats(a.userId, r);
    const d = await direct(a.userId, r.start);
    expect(stats.totals).toMatchObject({ requests: d.n, errors: d.e, costUnits: d.cost, inputTokens: Number(d.input) });
    expect(stats.series).toHaveLength(range === "24h" ? 24 : 30);
  });

  it("overview totals, series and top lists", async () => {
    const r = resolveRange({ range: "7d" });
    const stats = await getOverviewStats(a.userId, r);
    const d = await direct(a.userId, r.start);
    expect(stats.totals.requests).toBe(d.n);
    expect(stats.totals.errors).toBe(d.e);
    expect(stats.totals.costUnits).toBe(d.cost);
    expect(stats.totals.inputTokens).toBe(Number(d.input));
    expect(stats.totals.outputTokens).toBe(Number(d.output));
    const seriesRequests = stats.series.reduce((s, x) => s + Object.values(x.requests).reduce((p, q) => p + q, 0), 0);
    expect(seriesRequests).toBe(d.n);
    const seriesErrors = stats.series.reduce((s, x) => s + Object.values(x.errors).reduce((p, q) => p + q, 0), 0);
    expect(seriesErrors).toBe(d.e);
    expect(stats.errorClasses).toEqual(["rate_limited", "upstream_error"]);
    expect(stats.topKeys).toHaveLength(1);
    expect(stats.topKeys[0]!.costUnits).toBe(d.cost);
    // Percentiles come from histograms: within the bucket around the exact value.
    const { rows } = await pool().query<{ p50: number }>(
      "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) p50 FROM request_logs WHERE user_id = $1 AND created_at >= $2",
      [a.userId, r.start.toISOString()]);
    expect(Math.abs(stats.totals.latencyP50! - rows[0]!.p50)).toBeLessThan(500);
  });

  it("usage breakdown by every grouping, and the CSV has the same rows and sums", async () => {
    const f = parseQuery(usageFiltersSchema, new URLSearchParams("range=30d"));
    const r = resolveRange(f);
    const d = await direct(a.userId, r.start);
    for (const group of ["day", "model", "provider", "key"] as const) {
      const u = await getUsageBreakdown(a.userId, r, { ...f, group });
      expect(u.totals.requests).toBe(d.n);
      expect(u.totals.costUnits).toBe(d.cost);
    }
    const byModel = await getUsageBreakdown(a.userId, r, { ...f, group: "model" });
    const { rows: perModel } = await pool().query<{ m: string; n: number }>(
      "SELECT COALESCE(resolved_model, requested_model) m, count(*)::int n FROM request_logs WHERE user_id = $1 GROUP BY 1", [a.userId]);
    for (const m of perModel) expect(byModel.groups.find((g) => g.label === m.m)?.requests).toBe(m.n);

    const text = await new Response(usageCsvStream(a.userId, r, f)).text();
    const lines = text.trimEnd().split("\n");
    expect(lines[0] + "\n").toBe(CSV_HEADER);
    expect(lines.length - 1).toBe(byModel.rowCount);
    const sum = lines.slice(1).reduce((s, l) => s + Number(l.split(",")[5]), 0);
    expect(sum).toBe(d.n);
  });

  it("GET /api/v1/usage answers by day and model with the same totals", async () => {
    const res = await fetch(`${api.baseUrl}/v1/usage?range=7d`, { headers: { authorization: `Bearer ${a.key}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Awaited<ReturnType<typeof getApiUsage>>;
    const d = await direct(a.userId, resolveRange({ range: "7d" }).start);
    expect(body.totals.requests).toBe(d.n);
    expect(body.totals.cost_units).toBe(d.cost);
    expect(body.data.reduce((s, x) => s + x.requests, 0)).toBe(d.n);
  });
});

describe("accounts are isolated", () => {
  it("another account's request id is a 404, in the dashboard and the API", async () => {
    const aId = row(a, 3).id;
    await expect(getLog(a.userId, aId)).resolves.toMatchObject({ id: aId, requestBody: { n: 3 } });
    await expect(getLog(b.userId, aId)).rejects.toSatisfy((e) => isAppError(e) && e.status === 404);
    const res = await fetch(`${api.baseUrl}/v1/requests/${aId}`, { headers: { authorization: `Bearer ${b.key}` } });
    expect(res.status).toBe(404);
  });

  it("lists, filters and usage of one account never include the other's rows", async () => {
    const page = await listLogs(b.userId, parseQuery(logFiltersSchema, new URLSearchParams("limit=100")));
    expect(page.data).toHaveLength(30);
    expect(page.data.every((x) => x.apiKeyId === b.keyId)).toBe(true);
    const byForeignKey = await listLogs(b.userId, parseQuery(logFiltersSchema, new URLSearchParams({ key: a.keyId })));
    expect(byForeignKey.data).toHaveLength(0);
    const byPrefix = await listLogs(b.userId, parseQuery(logFiltersSchema, new URLSearchParams({ q: row(a, 0).id })));
    expect(byPrefix.data).toHaveLength(0);
    const usage = await fetch(`${api.baseUrl}/v1/usage?range=30d`, { headers: { authorization: `Bearer ${b.key}` } });
    expect(((await usage.json()) as { totals: { requests: number } }).totals.requests).toBe(30);
  });
});

describe("logs explorer", () => {
  it("cursor pagination walks every row once, newest first, with filters", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q = new URLSearchParams({ limit: "37", status: "error" });
      if (cursor) q.set("cursor", cursor);
      const page = await listLogs(a.userId, parseQuery(logFiltersSchema, q));
      for (const x of page.data) expect(x.status).toBeGreaterThanOrEqual(400);
      seen.push(...page.data.map((x) => x.id));
      cursor = page.nextCursor;
    } while (cursor);
    const { rows } = await pool().query<{ id: string }>(
      "SELECT id FROM request_logs WHERE user_id = $1 AND status >= 400 ORDER BY created_at DESC, id DESC", [a.userId]);
    expect(seen).toEqual(rows.map((r) => r.id));
  });

  it("prefix search, model, stream and time filters", async () => {
    const target = row(a, 12);
    const byPrefix = await listLogs(a.userId, parseQuery(logFiltersSchema, new URLSearchParams({ q: target.id.slice(0, -1) })));
    expect(byPrefix.data.map((x) => x.id)).toContain(target.id);
    expect(byPrefix.data.every((x) => x.id.startsWith(target.id.slice(0, -1)))).toBe(true);
    const streamed = await listLogs(a.userId, parseQuery(logFiltersSchema, new URLSearchParams({ stream: "true", model: "sim/gpt", limit: "100" })));
    expect(streamed.data.length).toBeGreaterThan(0);
    expect(streamed.data.every((x) => x.stream && (x.resolvedModel ?? x.requestedModel) === "sim/gpt")).toBe(true);
    // A model filter also finds the failed requests that asked for it (nothing was served).
    const gpt = await listLogs(a.userId, parseQuery(logFiltersSchema, new URLSearchParams({ model: "sim/gpt", limit: "100" })));
    const { rows: gptRows } = await pool().query<{ id: string }>(
      `SELECT id FROM request_logs WHERE user_id = $1 AND COALESCE(resolved_model, requested_model) = 'sim/gpt'
       ORDER BY created_at DESC, id DESC LIMIT 100`, [a.userId]);
    expect(gpt.data.map((x) => x.id)).toEqual(gptRows.map((x) => x.id));
    expect(gpt.data.some((x) => x.status >= 400)).toBe(true);
    const future = await listLogs(a.userId, parseQuery(logFiltersSchema, new URLSearchParams({ from: new Date(Date.now() + DAY).toISOString() })));
    expect(future.data).toHaveLength(0);
  });
});

describe("bad input is a clear 4xx", () => {
  const bad = async (path: string) => {
    const res = await fetch(`${api.baseUrl}${path}`, { headers: { authorization: `Bearer ${a.key}` } });
    return { status: res.status, body: (await res.json()) as { error: { message: string; param: string | null } } };
  };
  it.each([
    ["/v1/usage?range=forever", "range"],
    ["/v1/usage?range=custom&from=2026-02-30&to=2026-03-01", "from"],
    ["/v1/usage?range=custom&from=2020-01-01&to=2026-01-01", "to"],
    ["/v1/usage?range=custom&from=2026-03-02&to=2026-03-01", "from"],
    ["/v1/usage?range=custom&from=2026-03-02", "to"],
    ["/v1/requests?limit=-5", "limit"],
    ["/v1/requests?after=nope", "after"],
  ])("%s → 400 naming '%s'", async (path, param) => {
    const r = await bad(path);
    expect(r.status).toBe(400);
    expect(r.body.error.param).toBe(param);
  });

  it("dashboard log filters refuse malformed values", () => {
    for (const q of ["limit=0", "limit=1000", "status=banana", "stream=maybe", "from=yesterday", "q=req'; drop", "cursor=" + "x".repeat(300)]) {
      expect(() => parseQuery(logFiltersSchema, new URLSearchParams(q)), q).toThrow(/Invalid query parameter/);
    }
  });

  it("a forged cursor and an inverted time range are 400s", async () => {
    await expect(listLogs(a.userId, parseQuery(logFiltersSchema, new URLSearchParams({ cursor: "Zm9vYmFy" }))))
      .rejects.toSatisfy((e) => isAppError(e) && e.status === 400);
    await expect(listLogs(a.userId, parseQuery(logFiltersSchema, new URLSearchParams({ from: "2026-03-02", to: "2026-03-01" }))))
      .rejects.toSatisfy((e) => isAppError(e) && e.status === 400);
  });
});
