// The invalidation channel on the real test Postgres: independent listeners (each its own
// connection, as two processes would have) hear a publish within a second, only once it
// commits, and a listener whose connection is killed reconnects, flushes and hears again.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db";
import { pool } from "@/lib/sql/pool";
import { env } from "@/lib/env";
import { hashApiKey } from "@/lib/api-keys/generate-key";
import { readKeyCache, writeKeyCache, keyCacheEpoch, type CachedKey } from "@/lib/api-keys/key-cache";
import { cacheHandlers } from "@/lib/invalidation/cache-handlers";
import { startListener, type InvalidationListener } from "@/lib/invalidation/listener";
import { INVALIDATION_CHANNEL, type InvalidationHandlers, type InvalidationMessage } from "@/lib/invalidation/messages";
import { publishInvalidation } from "@/lib/invalidation/publish";
import { sqlFromPool } from "@/lib/sql/executor";
import { renderMetrics, setInvalidationConnected } from "@/lib/observability/metrics";
import { sleep } from "@/lib/testing/chat-harness";
import { assertTestDatabase } from "@/lib/testing/db-guard";

type Recorder = { handlers: InvalidationHandlers; got: InvalidationMessage[]; flushes: number };

function recorder(): Recorder {
  const r: Recorder = {
    got: [], flushes: 0,
    handlers: {
      "api-keys": (m) => void r.got.push(m), byok: (m) => void r.got.push(m), session: (m) => void r.got.push(m),
      policies: (m) => void r.got.push(m), balance: (m) => void r.got.push(m), "replay-work": (m) => void r.got.push(m), flush: () => void r.flushes++,
    },
  };
  return r;
}

const open: InvalidationListener[] = [];
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
let names = 0;

async function listen(handlers: InvalidationHandlers, extra: { onConnectedChange?: (c: boolean) => void } = {}) {
  const applicationName = `sy-inv-test-${process.pid}-${++names}`;
  const l = startListener({ connectionString: env().DATABASE_URL!, handlers, log: silent, applicationName, minBackoffMs: 50, ...extra });
  open.push(l);
  await l.ready();
  return { listener: l, applicationName };
}

/** Milliseconds until `done()` holds (polled), or a failure after `limitMs`. */
async function within(limitMs: number, done: () => boolean): Promise<number> {
  const t0 = performance.now();
  while (!done()) {
    if (performance.now() - t0 > limitMs) throw new Error(`not within ${limitMs} ms`);
    await sleep(5);
  }
  return performance.now() - t0;
}

const hash = (s: string) => hashApiKey(`sk-sy-${s.padEnd(43, "x")}`);

beforeAll(() => assertTestDatabase());
afterEach(async () => {
  await Promise.all(open.splice(0).map((l) => l.close()));
});
afterAll(() => closeDb());

describe("invalidation channel", () => {
  it("delivers one publish to two independent listeners within a second", async () => {
    const a = recorder();
    const b = recorder();
    await listen(a.handlers);
    await listen(b.handlers);
    const message: InvalidationMessage = { kind: "api-keys", hashes: [hash("two-listeners")] };
    await publishInvalidation(message);
    const ms = await within(1_000, () => a.got.length === 1 && b.got.length === 1);
    expect(a.got).toEqual([message]);
    expect(b.got).toEqual([message]);
    expect(ms).toBeLessThan(1_000);
  });

  it("delivers a publish made inside a transaction only when it commits, never on rollback", async () => {
    const r = recorder();
    await listen(r.handlers);
    const client = await pool().connect();
    try {
      await client.query("BEGIN");
      await publishInvalidation({ kind: "byok", userId: "u_rolled_back" }, sqlFromPool(client));
      await client.query("ROLLBACK");
      await client.query("BEGIN");
      await publishInvalidation({ kind: "byok", userId: "u_committed" }, sqlFromPool(client));
      await sleep(150);
      expect(r.got).toEqual([]); // not yet committed
      await client.query("COMMIT");
    } finally {
      client.release();
    }
    await within(1_000, () => r.got.length > 0);
    await sleep(100);
    expect(r.got).toEqual([{ kind: "byok", userId: "u_committed" }]);
  });

  it("flushes on a message it cannot read (e.g. from a newer version)", async () => {
    const r = recorder();
    await listen(r.handlers);
    const flushesAfterConnect = r.flushes;
    await pool().query("SELECT pg_notify($1, $2)", [INVALIDATION_CHANNEL, JSON.stringify({ kind: "policy", name: "x" })]);
    await pool().query("SELECT pg_notify($1, $2)", [INVALIDATION_CHANNEL, "not json"]);
    await within(1_000, () => r.flushes === flushesAfterConnect + 2);
    expect(r.got).toEqual([]);
  });

  it("refuses to publish what listeners would not read", async () => {
    await expect(publishInvalidation({ kind: "api-keys", hashes: ["not-a-hash"] })).rejects.toThrow();
    await expect(publishInvalidation({ kind: "api-keys", hashes: [] })).rejects.toThrow();
  });

  it("survives pg_terminate_backend: reports 0, reconnects, flushes the key cache, hears later messages", async () => {
    const seen: boolean[] = [];
    const { listener, applicationName } = await listen(cacheHandlers, {
      onConnectedChange: (c) => {
        seen.push(c);
        setInvalidationConnected(c);
      },
    });
    expect(renderMetrics()).toMatch(/^switchyard_invalidation_connected 1$/m);
    // A key cached while connected...
    const cachedHash = hash("cached-before-drop");
    const entry: CachedKey = { keyId: "key_x", userId: "u_x", revoked: false, disabled: false, expiresAt: null, canManage: false,
      mode: "live", rpmLimit: null, tpmLimit: null, concurrencyLimit: null, budgetDaily: null, budgetMonthly: null, budgetTotal: null,
      allowedModels: [], defaultGoal: null, policy: null, zeroRetention: false };
    writeKeyCache(cachedHash, entry, Date.now(), keyCacheEpoch());
    expect(readKeyCache(cachedHash, Date.now())).toEqual(entry);

    const { rows } = await pool().query<{ n: number }>(
      "SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = $1", [applicationName]);
    expect(rows[0]!.n).toBe(1);
    await within(1_000, () => seen.includes(false));
    expect(renderMetrics()).toMatch(/^switchyard_invalidation_connected 0$/m);
    // Whatever was published while it was away is lost, so the reconnect must drop the cache.
    await listener.ready();
    expect(seen).toEqual([true, false, true]);
    expect(renderMetrics()).toMatch(/^switchyard_invalidation_connected 1$/m);
    expect(readKeyCache(cachedHash, Date.now())).toBeUndefined();

    writeKeyCache(cachedHash, entry, Date.now(), keyCacheEpoch());
    await publishInvalidation({ kind: "api-keys", hashes: [cachedHash] });
    await within(1_000, () => readKeyCache(cachedHash, Date.now()) === undefined);
  });

  it("keeps retrying in the background while the database refuses it", async () => {
    const r = recorder();
    const url = new URL(env().DATABASE_URL!);
    url.username = "no_such_role";
    url.password = "wrong-password";
    let warnings = 0;
    const states: boolean[] = [];
    const log = { ...silent, warn: () => void warnings++ };
    const l = startListener({ connectionString: url.toString(), handlers: r.handlers, log, minBackoffMs: 20, maxBackoffMs: 40,
      onConnectedChange: (c) => void states.push(c) });
    open.push(l);
    await within(2_000, () => warnings >= 3);
    expect(l.connected).toBe(false);
    expect(states).toEqual([]);
    expect(r.flushes).toBe(0);
  });
});
