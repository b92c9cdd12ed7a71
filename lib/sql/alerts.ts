// The optimization alerts' reads of the hourly rollups (usage_rollups, one account) and the
// alert_dismissals table (migration 20261206160100_alert_dismissals). Rules: lib/optimization/alerts.
import { definedCommand, definedQuery } from "@/lib/sql/query";
import { bigint, date, safeInt, str } from "@/lib/sql/rows";

/** One hour × model × error class of the account's rollups. */
export type HourlyRollupRow = {
  hour: Date;
  model: string;
  /** '' = the requests succeeded. */
  errorClass: string;
  requests: number;
  errors: number;
  costUnits: bigint;
  latencyMsSum: number;
};

// The primary key (user_id, hour, …) serves the range; `hour` is a UTC timestamp without time
// zone, handed back as timestamptz (independent of the server's TZ).
const hourly = definedQuery<[userId: string, since: string], HourlyRollupRow>({
  name: "alerts_hourly_rollups",
  text: `SELECT (hour AT TIME ZONE 'UTC') AS hour, model, error_class, sum(requests)::bigint AS requests,
       sum(errors)::bigint AS errors, sum(cost_units)::text AS cost, sum(latency_ms_sum)::bigint AS latency
     FROM usage_rollups WHERE user_id = $1 AND hour >= ($2::timestamptz AT TIME ZONE 'UTC')
     GROUP BY 1, 2, 3`,
  parse: (r) => ({
    hour: date(r, "hour"), model: str(r, "model"), errorClass: str(r, "error_class"), requests: safeInt(r, "requests"),
    errors: safeInt(r, "errors"), costUnits: bigint(r, "cost"), latencyMsSum: safeInt(r, "latency"),
  }),
});

/** The account's hourly rollups since `since` (a UTC hour), per hour, model and error class. */
export function hourlyRollupsSince(userId: string, since: Date): Promise<HourlyRollupRow[]> {
  return hourly.all([userId, since.toISOString()]);
}

export type DismissalRow = { alertKey: string; windowStart: Date };

const dismissals = definedQuery<[userId: string, since: string], DismissalRow>({
  name: "alert_dismissals_since",
  text: "SELECT alert_key, window_start FROM alert_dismissals WHERE user_id = $1 AND window_start >= $2::timestamptz",
  parse: (r) => ({ alertKey: str(r, "alert_key"), windowStart: date(r, "window_start") }),
});

export function alertDismissalsSince(userId: string, since: Date): Promise<DismissalRow[]> {
  return dismissals.all([userId, since.toISOString()]);
}

// The dismissal, and the account's dismissals older than the rules look back (nothing reads
// them again) in the same statement.
const dismiss = definedCommand<[userId: string, key: string, windowStart: string, keepSince: string]>({
  name: "alert_dismiss",
  text: `WITH old AS (DELETE FROM alert_dismissals WHERE user_id = $1 AND window_start < $4::timestamptz)
INSERT INTO alert_dismissals (user_id, alert_key, window_start) VALUES ($1, $2, $3::timestamptz)
ON CONFLICT (user_id, alert_key, window_start) DO NOTHING`,
});

export function insertAlertDismissal(userId: string, alertKey: string, windowStart: Date, keepSince: Date): Promise<number> {
  return dismiss.run([userId, alertKey, windowStart.toISOString(), keepSince.toISOString()]);
}
