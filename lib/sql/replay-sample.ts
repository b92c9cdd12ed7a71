// The replay lab's sample of an account's logged requests (lib/replay/create-run.ts): on a
// large window it picks hours in proportion to their request counts in the hourly rollups,
// then the first matching row after a random moment in each, instead of sorting the whole
// window at random (docs/scale-out.md, "Dashboard queries at 10 M rows").
import type { RequestClass } from "@/lib/routing/auto/classify";
import { definedQuery, dynamicQuery } from "@/lib/sql/query";
import { bigint, bool, int, json, num, str, type Row } from "@/lib/sql/rows";

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

/** `requestClass`: the auto router's class stored on the log row (request_logs.request_class). */
export type SampleFilters = { model?: string; keyId?: string; endpoint?: string; requestClass?: RequestClass };

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
 *
 * A request class is one more condition on the same statements, served by a partial
 * (user_id, request_class, created_at) index (migration 20261206200000): a probe then walks the
 * class's rows only, instead of ~1/share rows of the account's other classes (a rare class's
 * "Replay 50" took 76–81 s at 10 M logs without it, ~200 ms with it: docs/replay.md). The
 * hourly rollups do not know classes, so an hour's weight is scaled by the class's share of its
 * day in the daily class rollup (same statement, see hourWeights): the weights then count the
 * class's requests, hours of days without it are never drawn (every probe there would find the
 * same next row of the class, leaving the sample short), and "few requests" means few of the
 * class, which the index reads in full.
 */
export async function sampleLogs(userId: string, days: number, size: number, f: SampleFilters): Promise<SampledLog[]> {
  const weights = await hourWeights.all([userId, days, f.model ?? null, f.keyId ?? null, f.requestClass ?? null, f.endpoint ?? null]);
  const total = weights.reduce((s, w) => s + w.n, 0);
  const values: unknown[] = [userId, days, size, [...REPLAYABLE_ENDPOINTS]];
  let where = "";
  if (f.model !== undefined) where += ` AND coalesce(resolved_model, requested_model) = $${values.push(f.model)}`;
  if (f.keyId !== undefined) where += ` AND api_key_id = $${values.push(f.keyId)}`;
  if (f.endpoint !== undefined) where += ` AND endpoint = $${values.push(f.endpoint)}`;
  if (f.requestClass !== undefined) where += ` AND request_class = $${values.push(f.requestClass)}`;
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

/** `n`: the hour's expected matching requests (fractional when scaled by a class's share). */
type HourWeight = { hour: string; n: number };

type WeightParams = [userId: string, days: number, model: string | null, keyId: string | null, requestClass: string | null, endpoint: string | null];

// Successful requests per hour of the window (the PK of usage_rollups starts (user_id, hour)).
// With a class ($5), each hour × the class's share of its day's answered calls (the daily
// class rollup has the key, model and endpoint too: the endpoint narrows only the class's side,
// since the hourly counts hold every endpoint). That rollup counts API calls only, so a day
// whose calls of the class all came from the playground weighs nothing. Without a class the
// share CTE is not run (its one-time filter is false) and the weights are the hourly counts.
// MATERIALIZED: the statement is prepared, and the generic plan (from the 6th call on) guesses
// one row per side and joins by nested loop, re-aggregating the day shares for every hour
// (721 × on 30 days, ~1 s at 2 M logs); materialized, they are computed once.
const hourWeights = definedQuery<WeightParams, HourWeight>({
  name: "replay_sample_hour_weights",
  text: `WITH hours AS (
  SELECT hour, sum(requests - errors) AS n FROM usage_rollups
  WHERE user_id = $1 AND hour >= date_trunc('hour', (now() AT TIME ZONE 'UTC') - make_interval(days => $2::int))
    AND ($3::text IS NULL OR model = $3) AND ($4::text IS NULL OR api_key_id = $4)
  GROUP BY hour HAVING sum(requests - errors) > 0
), class_share AS MATERIALIZED (
  SELECT day, (sum(requests) FILTER (WHERE request_class = $5 AND ($6::text IS NULL OR endpoint = $6)))::float8 / sum(requests) AS share
  FROM usage_class_rollups_daily
  WHERE $5::text IS NOT NULL AND user_id = $1 AND day >= date_trunc('day', (now() AT TIME ZONE 'UTC') - make_interval(days => $2::int))
    AND ($3::text IS NULL OR model = $3) AND ($4::text IS NULL OR api_key_id = $4)
  GROUP BY day
)
SELECT to_char(h.hour, 'YYYY-MM-DD"T"HH24:00:00') AS hour,
  CASE WHEN $5::text IS NULL THEN h.n ELSE h.n * coalesce(s.share, 0) END::float8 AS n
FROM hours h LEFT JOIN class_share s ON s.day = date_trunc('day', h.hour)
ORDER BY h.hour`,
  parse: (r) => ({ hour: str(r, "hour"), n: num(r, "n") }),
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
