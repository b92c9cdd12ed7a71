// replay_runs and replay_items (the replay lab, lib/replay), and the reads of request_logs the
// replay lab makes besides its sample (replay-sample.ts): whether an item's call was already logged. Every
// statement a client can reach is scoped to the owner; the worker's statements take ids it
// claimed itself.
import { definedCommand, definedQuery } from "@/lib/sql/query";
import { bigint, bigintOrNull, bool, date, dateOrNull, int, intOrNull, json, str, strOrNull, type Row } from "@/lib/sql/rows";
import { inTransaction } from "@/lib/sql/executor";

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
