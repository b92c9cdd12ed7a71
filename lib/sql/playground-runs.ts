// playground_runs: the account's last 50 playground runs (lib/playground/history.ts). Every
// statement is scoped to the owner.
import { definedCommand, definedQuery } from "@/lib/sql/query";
import { date, json, str, strArray, type Row } from "@/lib/sql/rows";

/** How many runs an account keeps; older ones are deleted as new ones arrive. */
export const PLAYGROUND_HISTORY_LIMIT = 50;

/** What the history list shows (no bodies). */
export type PlaygroundRunItem = {
  id: string;
  mode: string;
  title: string;
  models: string[];
  requestLogIds: string[];
  createdAt: Date;
};

export type PlaygroundRunRow = PlaygroundRunItem & { request: unknown; summary: unknown };

const parseItem = (r: Row): PlaygroundRunItem => ({
  id: str(r, "id"), mode: str(r, "mode"), title: str(r, "title"), models: strArray(r, "models"),
  requestLogIds: strArray(r, "request_log_ids"), createdAt: date(r, "created_at"),
});

// The DELETE runs on the snapshot before the INSERT: keeping the newest 49 older runs leaves
// 50 with the new one. Two inserts at once may leave 51 until the next one trims.
const insert = definedCommand<[
  id: string, userId: string, mode: string, title: string, models: string[], request: string, summary: string, logIds: string[],
]>({
  name: "playground_run_insert",
  text: `WITH ins AS (
  INSERT INTO playground_runs (id, user_id, mode, title, models, request, summary, request_log_ids)
  VALUES ($1, $2, $3, $4, $5::text[], $6::jsonb, $7::jsonb, $8::text[]) RETURNING id
)
DELETE FROM playground_runs WHERE id IN (
  SELECT id FROM playground_runs WHERE user_id = $2 ORDER BY created_at DESC, id DESC OFFSET ${PLAYGROUND_HISTORY_LIMIT - 1}
)`,
});

const list = definedQuery<[userId: string], PlaygroundRunItem>({
  name: "playground_run_list",
  text: `SELECT id, mode, title, models, request_log_ids, created_at FROM playground_runs
WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT ${PLAYGROUND_HISTORY_LIMIT}`,
  parse: parseItem,
});

const one = definedQuery<[userId: string, id: string], PlaygroundRunRow>({
  name: "playground_run_get",
  text: `SELECT id, mode, title, models, request, summary, request_log_ids, created_at FROM playground_runs
WHERE user_id = $1 AND id = $2`,
  parse: (r) => ({ ...parseItem(r), request: json(r, "request"), summary: json(r, "summary") }),
});

// The export reads every run with its bodies (at most the limit, plus a concurrent straggler).
const all = definedQuery<[userId: string], PlaygroundRunRow>({
  name: "playground_run_export",
  text: `SELECT id, mode, title, models, request, summary, request_log_ids, created_at FROM playground_runs
WHERE user_id = $1 ORDER BY created_at, id`,
  parse: (r) => ({ ...parseItem(r), request: json(r, "request"), summary: json(r, "summary") }),
});

const purge = definedCommand<[userId: string]>({
  name: "playground_run_purge", text: "DELETE FROM playground_runs WHERE user_id = $1",
});

export type NewPlaygroundRun = {
  id: string; userId: string; mode: string; title: string; models: string[];
  /** JSON text. */
  request: string;
  /** JSON text. */
  summary: string;
  requestLogIds: string[];
};

/** Stores a run and trims the account's history to the limit. */
export async function insertPlaygroundRun(r: NewPlaygroundRun): Promise<void> {
  await insert.run([r.id, r.userId, r.mode, r.title, r.models, r.request, r.summary, r.requestLogIds]);
}

/** The account's runs, newest first (at most the limit), without their bodies. */
export function listPlaygroundRuns(userId: string): Promise<PlaygroundRunItem[]> {
  return list.all([userId]);
}

/** One of the account's runs with its request and summary; null when it is not theirs. */
export function getPlaygroundRun(userId: string, id: string): Promise<PlaygroundRunRow | null> {
  return one.first([userId, id]);
}

/** Every run of the account with its bodies, oldest first (the data export). */
export function exportPlaygroundRuns(userId: string): Promise<PlaygroundRunRow[]> {
  return all.all([userId]);
}

/** Deletes the account's whole history; returns how many runs it held. */
export function purgePlaygroundRuns(userId: string): Promise<number> {
  return purge.run([userId]);
}
