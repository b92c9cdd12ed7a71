// replay_runs and replay_items (the replay lab, lib/replay), and the reads of request_logs the
// replay lab makes (its sample, and whether an item's call was already logged). Every
// statement a client can reach is scoped to the owner; the worker's statements take ids it
// claimed itself.
import { definedCommand, definedQuery, dynamicQuery } from "@/lib/sql/query";
import { bigint, bigintOrNull, bool, date, dateOrNull, int, intOrNull, json, str, strOrNull, type Row } from "@/lib/sql/rows";
import { inTransaction } from "@/lib/sql/executor";

/** A logged request as the sample reads it. */
export type SampledLog = {
  id: string;
  endpoint: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  costUnits: bigint;
  latencyMs: number;
  requestBody: unknown;
  responseBody: unknown;
  bodyTruncated: boolean;
};

export type SampleFilters = { model?: string; keyId?: string; endpoint?: string };

/** Endpoints whose stored body is a chat request the pipeline can run again. */
export const REPLAYABLE_ENDPOINTS = ["chat.completions", "messages", "responses"] as const;

/**
 * A random sample of the account's answered chat requests in the window (never replays, never
 * orchestration rows: their bodies are split between a parent and its sub-calls).
 *
 * ORDER BY random() over the whole window reads every row of it: seconds for an account with
 * millions of logs (docs/scale-out.md). So when the window holds many more requests than the
 * sample, hours are drawn in proportion to their successful requests in the hourly rollups
 * (which carry the model and key filters), an instant at random within each drawn hour, and the
 * first matching row at or after it through a (user_id, …, created_at) index: one short index
 * probe per draw instead of the whole window. Within an hour a row's chance follows the time
 * since the row before it, which says nothing about the row itself. Twice as many draws as
 * wanted make up for two draws finding the same row and for rows the rollups count and the
 * sample cannot take (other endpoints, sub-calls). Windows with few requests (up to four times
 * the sample) take every row as before.
 */
export async function sampleLogs(userId: string, days: number, size: number, f: SampleFilters): Promise<SampledLog[]> {
  const weights = await hourWeights.all([userId, days, f.model ?? null, f.keyId ?? null]);
  const total = weights.reduce((s, w) => s + w.n, 0);
  const values: unknown[] = [userId, days, size, [...REPLAYABLE_ENDPOINTS]];
  let where = "";
  if (f.model !== undefined) where += ` AND coalesce(resolved_model, requested_model) = $${values.push(f.model)}`;
  if (f.keyId !== undefined) where += ` AND api_key_id = $${values.push(f.keyId)}`;
  if (f.endpoint !== undefined) where += ` AND endpoint = $${values.push(f.endpoint)}`;
  const filters = `user_id = $1 AND created_at >= (now() AT TIME ZONE 'UTC') - make_interval(days => $2::int) AND status = 200
    AND NOT is_parent AND parent_id IS NULL AND source <> 'replay' AND endpoint = ANY($4::text[])${where}`;
  if (total <= 4 * size) return dynamicQuery("replay_sample", `SELECT ${SAMPLE_COLUMNS} FROM request_logs WHERE ${filters}
ORDER BY random() LIMIT $3`, values, parseSampled);
  // Up to three rounds of probes, each excluding the rows found so far; bursty traffic (a row
  // after a long gap is found by many draws) can leave the first round short.
  const found = new Map<string, SampledLog>();
  for (let round = 0; round < 3 && found.size < size; round++) {
    const v = [...values, drawInstants(weights, total, 2 * (size - found.size)), [...found.keys()]];
    const rows = await dynamicQuery("replay_sample_by_instant", `SELECT * FROM (
  SELECT DISTINCT ON (l.id) l.* FROM unnest($${v.length - 1}::timestamp[]) AS d(at)
  CROSS JOIN LATERAL (
    SELECT ${SAMPLE_COLUMNS} FROM request_logs WHERE ${filters} AND created_at >= d.at AND id <> ALL($${v.length}::text[])
    ORDER BY created_at LIMIT 1
  ) l ORDER BY l.id
) s ORDER BY random() LIMIT $3`, v, parseSampled);
    for (const r of rows) if (found.size < size) found.set(r.id, r);
  }
  return [...found.values()];
}

const SAMPLE_COLUMNS = `id, endpoint, coalesce(resolved_model, requested_model) AS model, input_tokens, output_tokens,
  cached_tokens, cost_units, latency_ms, request_body, response_body, body_truncated`;

const parseSampled = (r: Row): SampledLog => ({
  id: str(r, "id"), endpoint: str(r, "endpoint"), model: str(r, "model"), inputTokens: int(r, "input_tokens"),
  outputTokens: int(r, "output_tokens"), cachedTokens: int(r, "cached_tokens"), costUnits: bigint(r, "cost_units"),
  latencyMs: int(r, "latency_ms"), requestBody: json(r, "request_body"), responseBody: json(r, "response_body"),
  bodyTruncated: bool(r, "body_truncated"),
});

type HourWeight = { hour: string; n: number };

// Successful requests per hour of the window (the PK of usage_rollups starts (user_id, hour)).
const hourWeights = definedQuery<[userId: string, days: number, model: string | null, keyId: string | null], HourWeight>({
  name: "replay_sample_hour_weights",
  text: `SELECT to_char(hour, 'YYYY-MM-DD"T"HH24:00:00') AS hour, sum(requests - errors)::int AS n FROM usage_rollups
WHERE user_id = $1 AND hour >= date_trunc('hour', (now() AT TIME ZONE 'UTC') - make_interval(days => $2::int))
  AND ($3::text IS NULL OR model = $3) AND ($4::text IS NULL OR api_key_id = $4)
GROUP BY hour HAVING sum(requests - errors) > 0 ORDER BY hour`,
  parse: (r) => ({ hour: str(r, "hour"), n: int(r, "n") }),
});

/** `n` instants (UTC, timestamp text): hours drawn with replacement in proportion to their weights, a uniform instant in each. */
function drawInstants(weights: HourWeight[], total: number, n: number): string[] {
  const upto: number[] = [];
  let s = 0;
  for (const w of weights) upto.push((s += w.n));
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const x = Math.random() * total;
    let lo = 0, hi = upto.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (upto[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    const at = new Date(Date.parse(`${weights[lo]!.hour}Z`) + Math.floor(Math.random() * 3_600_000));
    out.push(at.toISOString().slice(0, -1)); // timestamp without zone, UTC like created_at
  }
  return out;
}

export type ReplayRunRow = {
  id: string;
  userId: string;
  apiKeyId: string;
  status: string;
  candidate: string;
  judge: string | null;
  days: number;
  sampleSize: number;
  filters: unknown;
  maxUnits: bigint | null;
  estimatedUnits: bigint;
  spentUnits: bigint;
  total: number;
  done: number;
  skipped: unknown;
  stoppedReason: string | null;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
};

const RUN_COLUMNS = `r.id, r.user_id, r.api_key_id, r.status, r.candidate, r.judge, r.days, r.sample_size, r.filters, r.max_units,
  r.estimated_units, r.spent_units, r.total, r.skipped, r.stopped_reason, r.error, r.created_at, r.started_at, r.finished_at,
  (SELECT count(*)::int FROM replay_items i WHERE i.run_id = r.id AND i.status NOT IN ('pending', 'running')) AS done`;

const parseRun = (r: Row): ReplayRunRow => ({
  id: str(r, "id"), userId: str(r, "user_id"), apiKeyId: str(r, "api_key_id"), status: str(r, "status"),
  candidate: str(r, "candidate"), judge: strOrNull(r, "judge"), days: int(r, "days"), sampleSize: int(r, "sample_size"),
  filters: json(r, "filters"), maxUnits: bigintOrNull(r, "max_units"), estimatedUnits: bigint(r, "estimated_units"),
  spentUnits: bigint(r, "spent_units"), total: int(r, "total"), done: int(r, "done"), skipped: json(r, "skipped"),
  stoppedReason: strOrNull(r, "stopped_reason"), error: strOrNull(r, "error"), createdAt: date(r, "created_at"),
  startedAt: dateOrNull(r, "started_at"), finishedAt: dateOrNull(r, "finished_at"),
});

export type ReplayItemRow = {
  id: string;
  runId: string;
  position: number;
  sourceLogId: string;
  status: string;
  skipReason: string | null;
  costUnits: bigint;
  request: unknown;
  original: unknown;
  candidate: unknown;
  verdict: unknown;
};

const parseItem = (r: Row): ReplayItemRow => ({
  id: str(r, "id"), runId: str(r, "run_id"), position: int(r, "position"), sourceLogId: str(r, "source_log_id"),
  status: str(r, "status"), skipReason: strOrNull(r, "skip_reason"), costUnits: bigint(r, "cost_units"),
  request: json(r, "request"), original: json(r, "original"), candidate: json(r, "candidate"), verdict: json(r, "verdict"),
});

export type NewReplayRun = {
  id: string; userId: string; apiKeyId: string; candidate: string; judge: string | null; days: number; sampleSize: number;
  filters: unknown; maxUnits: bigint | null; estimatedUnits: bigint; skipped: Record<string, number>;
  items: Array<{ id: string; position: number; sourceLogId: string; request: unknown; original: unknown }>;
};

/** The run and its items, in one transaction (the worker never sees a run without its items). */
export function insertReplayRun(n: NewReplayRun): Promise<void> {
  return inTransaction(async (sql) => {
    await sql(`INSERT INTO replay_runs (id, user_id, api_key_id, status, candidate, judge, days, sample_size, filters, max_units,
  estimated_units, total, skipped) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12, $13::jsonb)`, [
      n.id, n.userId, n.apiKeyId, n.items.length === 0 ? "completed" : "queued", n.candidate, n.judge, n.days, n.sampleSize,
      JSON.stringify(n.filters), n.maxUnits?.toString() ?? null, n.estimatedUnits.toString(), n.items.length, JSON.stringify(n.skipped),
    ]);
    if (n.items.length === 0) return;
    await sql(`INSERT INTO replay_items (id, run_id, user_id, position, source_log_id, request, original)
SELECT x.id, $1, $2, x.position, x.source_log_id, x.request, x.original
FROM jsonb_to_recordset($3::jsonb) AS x(id text, position int, source_log_id text, request jsonb, original jsonb)`, [
      n.id, n.userId, JSON.stringify(n.items.map((i) => ({
        id: i.id, position: i.position, source_log_id: i.sourceLogId, request: i.request, original: i.original,
      }))),
    ]);
  });
}

const listRuns = definedQuery<[userId: string], ReplayRunRow>({
  name: "replay_run_list",
  text: `SELECT ${RUN_COLUMNS} FROM replay_runs r WHERE r.user_id = $1 ORDER BY r.created_at DESC, r.id DESC LIMIT 100`,
  parse: parseRun,
});
const getRun = definedQuery<[userId: string, id: string], ReplayRunRow>({
  name: "replay_run_get",
  text: `SELECT ${RUN_COLUMNS} FROM replay_runs r WHERE r.user_id = $1 AND r.id = $2`,
  parse: parseRun,
});
const itemsOf = definedQuery<[runId: string], ReplayItemRow>({
  name: "replay_items_of_run",
  text: `SELECT id, run_id, position, source_log_id, status, skip_reason, cost_units, request, original, candidate, verdict
FROM replay_items WHERE run_id = $1 ORDER BY position`,
  parse: parseItem,
});

export const listReplayRuns = (userId: string) => listRuns.all([userId]);
export const findReplayRun = (userId: string, id: string) => getRun.first([userId, id]);
export const replayItemsOf = (runId: string) => itemsOf.all([runId]);

/** A claimed item with what its run says about how to run it. */
export type ClaimedItem = {
  id: string; runId: string; userId: string; apiKeyId: string; candidate: string; judge: string | null; sourceLogId: string;
  request: unknown; original: unknown; attempts: number;
};

// The oldest open item of an open run; a pending item waits for its not-before time, a
// running one whose lease ran out (its worker died) is taken again.
const claim = definedQuery<[leaseMs: number, onlyUsers: string[] | null], ClaimedItem>({
  name: "replay_item_claim",
  text: `WITH next AS (
  SELECT i.id FROM replay_items i JOIN replay_runs r ON r.id = i.run_id
  WHERE r.status IN ('queued', 'running') AND i.status IN ('pending', 'running') AND (i.lease_until IS NULL OR i.lease_until < now())
    AND ($2::text[] IS NULL OR r.user_id = ANY($2::text[]))
  ORDER BY r.created_at, i.position LIMIT 1 FOR UPDATE OF i SKIP LOCKED
), claimed AS (
  UPDATE replay_items i SET status = 'running', lease_until = now() + make_interval(secs => $1::int / 1000.0),
    attempts = i.attempts + 1, updated_at = now()
  FROM next WHERE i.id = next.id RETURNING i.id, i.run_id, i.source_log_id, i.request, i.original, i.attempts
), started AS (
  UPDATE replay_runs r SET status = 'running', started_at = coalesce(r.started_at, now())
  FROM claimed WHERE r.id = claimed.run_id AND r.status = 'queued'
)
SELECT c.id, c.run_id, c.source_log_id, c.request, c.original, c.attempts, r.user_id, r.api_key_id, r.candidate, r.judge
FROM claimed c JOIN replay_runs r ON r.id = c.run_id`,
  parse: (r) => ({
    id: str(r, "id"), runId: str(r, "run_id"), userId: str(r, "user_id"), apiKeyId: str(r, "api_key_id"),
    candidate: str(r, "candidate"), judge: strOrNull(r, "judge"), sourceLogId: str(r, "source_log_id"), request: json(r, "request"),
    original: json(r, "original"), attempts: int(r, "attempts"),
  }),
});

/** `onlyUsers`: claim only these accounts' items (tests that share one database); null = any. */
export const claimReplayItem = (leaseMs: number, onlyUsers: string[] | null = null) => claim.first([leaseMs, onlyUsers]);

// The item's worst case joins the run's committed total only while it stays within max_units
// (an item taken again gives back what its dead worker had committed first).
const reserve = definedQuery<[runId: string, itemId: string, worst: string], { ok: boolean }>({
  name: "replay_item_reserve",
  text: `WITH it AS (SELECT reserved_units FROM replay_items WHERE id = $2 FOR UPDATE),
run AS (
  UPDATE replay_runs r SET committed_units = r.committed_units - it.reserved_units + $3::bigint FROM it
  WHERE r.id = $1 AND r.status = 'running' AND (r.max_units IS NULL OR r.committed_units - it.reserved_units + $3::bigint <= r.max_units)
  RETURNING r.id
), item AS (
  UPDATE replay_items SET reserved_units = $3::bigint FROM run WHERE replay_items.id = $2 RETURNING replay_items.id
)
SELECT EXISTS (SELECT 1 FROM item) AS ok`,
  parse: (r) => ({ ok: bool(r, "ok") }),
});

/** False when the item's worst case would take the run past max_credits (or the run was stopped). */
export async function reserveItemBudget(runId: string, itemId: string, worst: bigint): Promise<boolean> {
  return (await reserve.first([runId, itemId, worst.toString()]))?.ok === true;
}

// Ends an item: its committed worst case becomes what it cost.
const complete = definedCommand<[runId: string, itemId: string, status: string, candidate: string | null, verdict: string | null, cost: string, skip: string | null]>({
  name: "replay_item_complete",
  text: `WITH it AS (
  UPDATE replay_items i SET status = $3, candidate = $4::jsonb, verdict = $5::jsonb, cost_units = $6::bigint, skip_reason = $7,
    lease_until = NULL, updated_at = now(), reserved_units = 0
  FROM (SELECT id, reserved_units FROM replay_items WHERE id = $2 FOR UPDATE) old
  WHERE i.id = old.id RETURNING old.reserved_units
)
UPDATE replay_runs r SET committed_units = r.committed_units - it.reserved_units + $6::bigint, spent_units = r.spent_units + $6::bigint
FROM it WHERE r.id = $1`,
});

export function completeReplayItem(
  runId: string, itemId: string, status: "done" | "failed" | "skipped", candidate: unknown, verdict: unknown, cost: bigint, skip: string | null = null,
): Promise<number> {
  return complete.run([runId, itemId, status, candidate === null ? null : JSON.stringify(candidate),
    verdict === null ? null : JSON.stringify(verdict), cost.toString(), skip]);
}

// Back to pending (rate-limited: try again after `delayMs`), giving back its committed worst case.
const release = definedCommand<[runId: string, itemId: string, delayMs: number]>({
  name: "replay_item_release",
  text: `WITH it AS (
  UPDATE replay_items i SET status = 'pending', lease_until = now() + make_interval(secs => $3::int / 1000.0), reserved_units = 0, updated_at = now()
  FROM (SELECT id, reserved_units FROM replay_items WHERE id = $2 FOR UPDATE) old WHERE i.id = old.id RETURNING old.reserved_units
)
UPDATE replay_runs r SET committed_units = r.committed_units - it.reserved_units FROM it WHERE r.id = $1`,
});
export const releaseReplayItem = (runId: string, itemId: string, delayMs: number) => release.run([runId, itemId, delayMs]);

const finish = definedCommand<[runId: string]>({
  name: "replay_run_finish",
  text: `UPDATE replay_runs SET status = 'completed', finished_at = now()
WHERE id = $1 AND status = 'running' AND NOT EXISTS (SELECT 1 FROM replay_items WHERE run_id = $1 AND status IN ('pending', 'running'))`,
});
export const finishReplayRunIfDone = (runId: string) => finish.run([runId]);

// Stops a run's open items that have not started (`reason` on each); the run's own stop reason.
const stopPending = definedCommand<[runId: string, status: string, reason: string]>({
  name: "replay_run_stop_pending",
  text: `WITH run AS (UPDATE replay_runs SET stopped_reason = coalesce(stopped_reason, $3) WHERE id = $1 RETURNING id)
UPDATE replay_items SET status = $2, skip_reason = $3, lease_until = NULL, updated_at = now()
WHERE run_id = $1 AND status = 'pending'`,
});

/** max_credits reached: the items not started are skipped; the run completes once its running items end. */
export const stopReplayRunForBudget = (runId: string) => stopPending.run([runId, "skipped", "max_credits"]);

const fail = definedCommand<[runId: string, error: string]>({
  name: "replay_run_fail",
  text: `WITH items AS (
  UPDATE replay_items SET status = 'cancelled', lease_until = NULL, updated_at = now() WHERE run_id = $1 AND status = 'pending'
)
UPDATE replay_runs SET status = 'failed', error = $2, finished_at = now() WHERE id = $1 AND status IN ('queued', 'running')`,
});
export const failReplayRun = (runId: string, error: string) => fail.run([runId, error]);

const cancel = definedQuery<[userId: string, id: string], { status: string }>({
  name: "replay_run_cancel",
  text: `WITH run AS (
  UPDATE replay_runs SET status = 'cancelled', finished_at = now() WHERE user_id = $1 AND id = $2 AND status IN ('queued', 'running')
  RETURNING id
), items AS (
  UPDATE replay_items i SET status = 'cancelled', lease_until = NULL, updated_at = now() FROM run WHERE i.run_id = run.id AND i.status = 'pending'
)
SELECT status FROM replay_runs WHERE user_id = $1 AND id = $2`,
  parse: (r) => ({ status: str(r, "status") }),
});

/** Cancels an open run; returns null when the account has no such run. (The status read is the one before the cancel.) */
export async function cancelReplayRun(userId: string, id: string): Promise<string | null> {
  return (await cancel.first([userId, id]))?.status ?? null;
}

const status = definedQuery<[runId: string], { status: string }>({
  name: "replay_run_status",
  text: "SELECT status FROM replay_runs WHERE id = $1",
  parse: (r) => ({ status: str(r, "status") }),
});
export async function replayRunStatus(runId: string): Promise<string | null> {
  return (await status.first([runId]))?.status ?? null;
}

/** A call already logged under a replay item's request id (a resumed item: its charge is written). */
export type LoggedCall = { status: number; inputTokens: number; outputTokens: number; costUnits: bigint; latencyMs: number; responseBody: unknown };

const logged = definedQuery<[userId: string, id: string], LoggedCall>({
  name: "replay_logged_call",
  text: `SELECT status, input_tokens, output_tokens, cost_units, latency_ms, response_body FROM request_logs WHERE user_id = $1 AND id = $2`,
  parse: (r) => ({
    status: int(r, "status"), inputTokens: int(r, "input_tokens"), outputTokens: int(r, "output_tokens"),
    costUnits: bigint(r, "cost_units"), latencyMs: intOrNull(r, "latency_ms") ?? 0, responseBody: json(r, "response_body"),
  }),
});
export const findLoggedCall = (userId: string, requestId: string) => logged.first([userId, requestId]);

const keyHash = definedQuery<[userId: string, keyId: string], { hash: string }>({
  name: "replay_key_hash",
  text: "SELECT hash FROM api_keys WHERE user_id = $1 AND id = $2",
  parse: (r) => ({ hash: str(r, "hash") }),
});
export async function apiKeyHashOf(userId: string, keyId: string): Promise<string | null> {
  return (await keyHash.first([userId, keyId]))?.hash ?? null;
}

// Purge and account deletion: the runs and (cascade) their items.
const purge = definedCommand<[userId: string]>({ name: "replay_runs_purge", text: "DELETE FROM replay_runs WHERE user_id = $1" });
export const purgeReplayRuns = (userId: string) => purge.run([userId]);

/** The export: every run with its items (at most 100 runs × 300 items). */
export async function exportReplayRuns(userId: string): Promise<Array<ReplayRunRow & { items: ReplayItemRow[] }>> {
  const runs = await listReplayRuns(userId);
  return Promise.all(runs.map(async (r) => ({ ...r, items: await replayItemsOf(r.id) })));
}
