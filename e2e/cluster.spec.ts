// Two API workers behind one port, with Redis (issue #23 points 5 and 6). API-only: no browser.
// The spec runs its OWN production server (`node dist/server.mjs`, WEB_CONCURRENCY=2,
// REDIS_URL = the run's REDIS_TEST_URL) against the suite's Postgres, and its own provider
// emulator behind a counting proxy (lib/testing/upstream-tally.ts). Every call goes on a new
// connection, so the primary's round robin spreads them over both workers; /api/metrics (merged
// by the primary, one worker="<slot>" label per worker) proves both served.
import { expect, test } from "@playwright/test";
import { startEmulator, type EmulatorHandle } from "../emulator/server";
import {
  callApi, chargesOf, closeDb, db, freshFetch, holdsOfIncarnation, logsOf, moneyOf, openaiFor, perWorker, seedAccount,
  sleep, startClusterServer, waitUntil, type ClusterServer, type SeededAccount,
} from "../lib/testing/cluster-server";
import { startUpstreamTally, type UpstreamTally } from "../lib/testing/upstream-tally";
import { CHARGE_FLUSH_MS } from "../lib/billing/settlement/charge-batching";

let emu: EmulatorHandle;
let tally: UpstreamTally;
let server: ClusterServer;

test.beforeAll(async () => {
  test.setTimeout(90_000);
  if (!process.env.REDIS_TEST_URL) throw new Error("REDIS_TEST_URL is not set (scripts/test.ts starts Redis for the run)");
  emu = await startEmulator({ port: 0, recordLimit: 0 });
  // sim/gpt (emu-chat) streams for the crash test: first token after 200 ms, then 20 tokens/s.
  emu.setModel("emu-chat", { ttftMs: 200, tokensPerSecond: 20 });
  tally = await startUpstreamTally(emu.url);
  server = await startClusterServer({ workers: 2, env: { EMULATOR_URL: tally.url, REDIS_URL: process.env.REDIS_TEST_URL } });
});

test.afterAll(async () => {
  const stopped = await server?.stop();
  if (stopped && stopped.code !== 0) console.log(server.lines.slice(-40).join("\n"));
  await tally?.close();
  await emu?.close();
  await closeDb();
});

const ask = (i: number) => [{ role: "user" as const, content: `cluster test #${i}#` }];

type Call = { status: number; body: unknown; requestId: string | null };

/** One non-streamed sim/fast call through the OpenAI SDK, on a new connection. */
async function call(key: string, i: number, maxTokens = 16, base = server.url): Promise<Call> {
  try {
    const { data, response } = await openaiFor(base, key).chat.completions
      .create({ model: "sim/fast", max_tokens: maxTokens, messages: ask(i) }).withResponse();
    return { status: 200, body: data, requestId: response.headers.get("x-request-id") };
  } catch (err) {
    const e = err as { status?: number; error?: unknown; headers?: Headers };
    return { status: e.status ?? 0, body: { error: e.error }, requestId: e.headers?.get("x-request-id") ?? null };
  }
}

async function createKey(account: SeededAccount, settings: Record<string, unknown>): Promise<{ id: string; key: string }> {
  const r = await callApi(server.url, account.managementKey, "POST", "/keys", { name: "cluster", ...settings });
  expect(r.status).toBe(201);
  return { id: r.json.id as string, key: r.json.key as string };
}

async function expectReconciled(userIds: string[]): Promise<void> {
  for (const id of userIds) {
    const m = await moneyOf(id);
    expect(m.balance, `balance = Σ ledger for ${id}`).toBe(m.ledger);
    expect(m.held, `held = Σ holds for ${id}`).toBe(m.holds);
  }
  const charges = await chargesOf(userIds);
  expect([...charges.values()].filter((a) => a.length > 1), "no request charged twice").toEqual([]);
}

/** Waits until every id has its request log (and so its charge: one statement writes both). */
async function waitForLogs(ids: string[], timeoutMs = 10_000): Promise<void> {
  await waitUntil(`${ids.length} request logs`, async () => (await logsOf(ids)).size === ids.length, timeoutMs);
}

const normalised = (body: unknown) => JSON.parse(JSON.stringify(body).replace(/Retry in \d+ s/g, "Retry in N s")) as unknown;

test("two workers: RPM 10 admits exactly 10 of 30, with the single-process 429", async () => {
  const account = await seedAccount(100);
  const { key } = await createKey(account, { rpm: 10 });
  // 10 rounds of 3 concurrent calls, each on a new connection: the primary deals connections
  // round robin, so both workers take calls from the first round on (counted per process,
  // each would admit 10: 20 in all).
  const before = perWorker(await server.metrics(), "switchyard_requests_total");
  const calls: Call[] = [];
  for (let round = 0; round < 10; round++) calls.push(...await Promise.all([0, 1, 2].map((j) => call(key, round * 3 + j))));
  const admitted = calls.filter((c) => c.status === 200);
  const refused = calls.filter((c) => c.status === 429);
  const after = perWorker(await server.metrics(), "switchyard_requests_total");
  const byWorker = ["1", "2"].map((w) => (after.get(w) ?? 0) - (before.get(w) ?? 0));
  console.log(`RPM 10 over two workers: ${admitted.length} of 30 admitted (worker 1: ${byWorker[0]}, worker 2: ${byWorker[1]}), ${refused.length} refused`);
  expect(admitted).toHaveLength(10);
  expect(refused).toHaveLength(20);
  // Both workers admitted some of the 10 (only admitted calls reach the per-model counters).
  expect(byWorker[0]).toBeGreaterThan(0);
  expect(byWorker[1]).toBeGreaterThan(0);

  // The 429 body is the single-process one: the suite's own server (one worker, no Redis).
  const single = await createKeyOn(account, { rpm: 10 });
  for (let i = 0; i < 10; i++) expect((await call(single, i, 16, baseUrl())).status).toBe(200);
  const reference = await call(single, 10, 16, baseUrl());
  expect(reference.status).toBe(429);
  for (const r of refused) expect(normalised(r.body)).toEqual(normalised(reference.body));
  expect(reference.body).toMatchObject({ error: { type: "rate_limit_error", code: "rate_limit_exceeded",
    message: expect.stringMatching(/^Rate limit reached: 10 requests per minute for this key\. Retry in \d+ s\.$/) } });

  await waitForLogs(admitted.map((c) => c.requestId!));
  await expectReconciled([account.userId]);
});

function baseUrl(): string {
  return `http://127.0.0.1:${process.env.E2E_PORT ?? 3100}`;
}

async function createKeyOn(account: SeededAccount, settings: Record<string, unknown>): Promise<string> {
  const r = await callApi(baseUrl(), account.managementKey, "POST", "/keys", { name: "single", ...settings });
  expect(r.status).toBe(201);
  return r.json.key as string;
}

test("one /api/metrics scrape covers both workers and the Next process", async () => {
  const page = await server.metrics();
  // Every process's always-present gauges, each labelled by the process that reported it.
  expect([...perWorker(page, "switchyard_in_flight_requests").keys()].sort()).toEqual(["1", "2", "next"]);
  expect(perWorker(page, "switchyard_invalidation_connected").get("next")).toBe(1);
  // One HELP/TYPE per family however many processes report it.
  expect(page.match(/^# TYPE switchyard_in_flight_requests /gm)).toHaveLength(1);
});

test("two workers: a key deleted through the management API is refused by both within a second", async () => {
  const account = await seedAccount(100);
  const { id, key } = await createKey(account, {});
  // Both workers have the key in their cache (10 s TTL: a refusal within a second is the NOTIFY).
  const before = perWorker(await server.metrics(), "switchyard_requests_total");
  const warm = await Promise.all(Array.from({ length: 8 }, (_, i) => call(key, i)));
  expect(warm.every((c) => c.status === 200)).toBe(true);
  const after = perWorker(await server.metrics(), "switchyard_requests_total");
  for (const w of ["1", "2"]) expect(after.get(w) ?? 0, `worker ${w} served the warm-up`).toBeGreaterThan(before.get(w) ?? 0);

  const del = await callApi(server.url, account.managementKey, "DELETE", `/keys/${id}`);
  expect(del.status).toBe(200);
  const t0 = Date.now();
  // Rounds of 8 GET /v1/credits on new connections (about 4 per worker: the primary deals
  // connections round robin) until a whole round is refused.
  let refusedAfter = -1;
  while (Date.now() - t0 < 3_000) {
    const round = await Promise.all(Array.from({ length: 8 }, () =>
      freshFetch(`${server.url}/v1/credits`, { headers: { authorization: `Bearer ${key}` } }).then(async (r) => {
        await r.arrayBuffer();
        return r.status;
      })));
    if (round.every((s) => s === 401)) {
      refusedAfter = Date.now() - t0;
      break;
    }
    await sleep(20);
  }
  console.log(`key deletion: refused by both workers ${refusedAfter} ms after the DELETE answered`);
  expect(refusedAfter).toBeGreaterThanOrEqual(0);
  expect(refusedAfter).toBeLessThan(1_000);
  await waitForLogs(warm.map((c) => c.requestId!));
  await expectReconciled([account.userId]);
});

test("two workers: a key budget is never exceeded by 40 concurrent calls", async () => {
  // Key budgets are counted in Redis across workers (budget-redis.ts; docs/credit-holds.md,
  // "Key budgets"): per process, two workers admitted about twice the budget (16 calls, 136 %).
  const account = await seedAccount(100);
  // sim/fast answers exactly max_tokens (20) tokens, so a call costs about what it reserves
  // (~9·10⁶ units): the budget fits about 10 calls; each worker alone would admit about that many.
  const budgetUnits = 100_000_000n; // 0.01 credits
  const { id, key } = await createKey(account, { budget: { total: "0.01" } });
  const calls = await Promise.all(Array.from({ length: 40 }, (_, i) => call(key, i, 20)));
  const admitted = calls.filter((c) => c.status === 200);
  const refused = calls.filter((c) => c.status === 403);
  expect(admitted.length + refused.length).toBe(40);
  expect(admitted.length).toBeGreaterThan(0);
  expect(refused.length).toBeGreaterThan(0);
  await waitForLogs(admitted.map((c) => c.requestId!));
  const { rows } = await db().query<{ spent: string; n: number }>(
    "SELECT coalesce(sum(cost_units), 0)::text AS spent, count(*) FILTER (WHERE status = 200)::int AS n FROM request_logs WHERE api_key_id = $1",
    [id]);
  const spent = BigInt(rows[0]!.spent);
  console.log(`key budget: ${admitted.length} of 40 admitted over two workers, spent ${spent} of ${budgetUnits} units`);
  expect(rows[0]!.n).toBe(admitted.length);
  expect(spent).toBeLessThanOrEqual(budgetUnits);
  await expectReconciled([account.userId]);
});

type Outcome = { i: number; requestId: string | null; headersAt: number; complete: boolean; failed: boolean; doneAt: number };

test("crash: kill -9 of one worker under 200 in-flight streams", async () => {
  test.setTimeout(90_000);
  const accounts = await Promise.all([seedAccount(200), seedAccount(200), seedAccount(200)]);
  const userIds = accounts.map((a) => a.userId);
  const N = 200;
  let withHeaders = 0;
  // 40–80 output tokens at 20/s after 200 ms: 2.2–4.2 s each, so most are mid-stream at the kill.
  const outcomes = Promise.all(Array.from({ length: N }, async (_, i): Promise<Outcome> => {
    const o: Outcome = { i, requestId: null, headersAt: 0, complete: false, failed: false, doneAt: 0 };
    try {
      const { data: stream, response } = await openaiFor(server.url, accounts[i % 3]!.key).chat.completions.create({
        model: "sim/gpt", max_tokens: 40 + ((i * 7) % 41), messages: ask(i), stream: true, stream_options: { include_usage: true },
      }).withResponse();
      o.requestId = response.headers.get("x-request-id");
      o.headersAt = Date.now();
      withHeaders++;
      let finish = false;
      for await (const chunk of stream) if (chunk.choices[0]?.finish_reason) finish = true;
      o.complete = finish;
      o.failed = !finish;
    } catch {
      o.failed = true;
    }
    o.doneAt = Date.now();
    return o;
  }));

  // Every request in flight (answer started), then kill worker 1 mid-stream.
  await waitUntil("200 streams in flight", async () => withHeaders === N, 20_000);
  const victim = server.workerPids().get(1)!;
  const holdsBefore = await holdsOfIncarnation(1, victim);
  const inFlight = perWorker(await server.metrics(), "switchyard_in_flight_requests");
  process.kill(victim, "SIGKILL");
  const killAt = Date.now();

  // The primary restarts slot 1 with a new pid; the successor gives the dead one's holds back.
  await waitUntil("slot 1 restarted", async () => {
    const pid = server.workerPids().get(1);
    return pid !== undefined && pid !== victim;
  }, 10_000);
  const restartedMs = Date.now() - killAt;
  await waitUntil("the dead incarnation's holds released", async () => (await holdsOfIncarnation(1, victim)) === 0, 10_000);
  const holdsReleasedMs = Date.now() - killAt;

  const all = await outcomes;
  const failed = all.filter((o) => o.failed);
  const complete = all.filter((o) => o.complete);
  expect(failed.length).toBeGreaterThan(0);
  // Only the killed worker's requests failed: the other worker's all finished.
  expect(failed.length).toBeLessThanOrEqual(inFlight.get("1") ?? 0);
  expect(complete.length).toBe(N - failed.length);
  expect(complete.length).toBeGreaterThanOrEqual(N - (inFlight.get("1") ?? 0));

  // The new incarnation serves (its own counters start at 0).
  const fresh = accounts[0]!;
  const after = await Promise.all(Array.from({ length: 8 }, (_, i) => call(fresh.key, 1000 + i)));
  expect(after.every((c) => c.status === 200)).toBe(true);
  const served = perWorker(await server.metrics(), "switchyard_requests_total");
  expect(served.get("1") ?? 0, "the restarted worker 1 served").toBeGreaterThan(0);

  // The survivor's charges: wait until the new worker's calls are logged and no more rows come.
  await waitForLogs(after.map((c) => c.requestId!));
  const allIds = all.flatMap((o) => (o.requestId ? [o.requestId] : []));
  let logged = await logsOf(allIds);
  for (let stable = 0; stable < 4; ) {
    await sleep(CHARGE_FLUSH_MS / 2); // 4 rounds without a new row: twice the charge writer's batch interval
    const now = await logsOf(allIds);
    stable = now.size === logged.size ? stable + 1 : 0;
    logged = now;
  }
  const failedUnbilled = failed.filter((o) => !o.requestId || !logged.has(o.requestId));
  const servedUnbilled = failedUnbilled.filter((o) => tally.served.has(o.i));
  const completeUnbilled = complete.filter((o) => !logged.has(o.requestId!));
  const lastUnbilledMs = Math.max(0, ...completeUnbilled.map((o) => Math.abs(killAt - o.doneAt)));
  console.log(`crash figures: ${N} streams in flight (worker 1: ${inFlight.get("1") ?? 0}, worker 2: ${inFlight.get("2") ?? 0}); ` +
    `kill -9 of worker 1 (pid ${victim}) with ${holdsBefore} credit hold(s); ${complete.length} completed, ` +
    `${failed.length} failed (cut or reset); ${failedUnbilled.length} of the failed never charged, of which the emulator ` +
    `had served ${servedUnbilled.length} in full; ${completeUnbilled.length} completed but unbilled (within ` +
    `${lastUnbilledMs} ms of the kill: worker 1's last charge batch); slot 1 restarted (new pid) ${restartedMs} ms ` +
    `after the kill, the dead holds released ${holdsReleasedMs} ms after it`);

  await expectReconciled(userIds);
  const ours = new Set([...allIds, ...after.map((c) => c.requestId)]);
  const charges = await chargesOf(userIds);
  expect([...charges.keys()].every((id) => ours.has(id)), "every charge is one of our requests").toBe(true);
  expect(holdsBefore).toBeGreaterThan(0);
  // The unbilled window: only answers finished in the last moments before the kill.
  expect(lastUnbilledMs).toBeLessThan(1_000);
});
