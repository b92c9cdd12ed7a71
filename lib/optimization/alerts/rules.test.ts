// Each alert rule over hand-built hourly rollup rows.
import { describe, expect, it } from "vitest";
import { UNITS_PER_USD } from "@/lib/billing/money";
import type { HourlyRollupRow } from "@/lib/sql/alerts";
import { computeAlerts, errorSpikeAlerts, latencyAlerts, lookbackStart, lowBalanceAlerts, spendSpikeAlerts } from "./rules";

const NOW = new Date("2026-12-06T15:30:00Z");
const HOUR = new Date("2026-12-06T15:00:00Z");
const TODAY = new Date("2026-12-06T00:00:00Z");
const H = 3_600_000;
const usd = (cents: number) => (BigInt(cents) * UNITS_PER_USD) / 100n;

function row(hour: Date, o: Partial<Omit<HourlyRollupRow, "hour">> = {}): HourlyRollupRow {
  return { hour, model: "sim/gpt", errorClass: "", requests: 1, errors: 0, costUnits: 0n, latencyMsSum: 100, ...o };
}
const hoursBefore = (t: Date, n: number) => new Date(t.getTime() - n * H);
/** One row in each of the `n` hours before `t`. */
const everyHourBefore = (t: Date, n: number, o: Partial<Omit<HourlyRollupRow, "hour">>) =>
  Array.from({ length: n }, (_, i) => row(hoursBefore(t, i + 1), o));
const input = (rows: HourlyRollupRow[], balanceUnits: bigint | null = null) => ({ rows, balanceUnits, now: NOW });

describe("spend spike", () => {
  // A flat $1 per hour for the 7 days before this hour: an hourly average of $1.
  const base = everyHourBefore(HOUR, 168, { costUnits: usd(100) });
  const hourAlert = (rows: HourlyRollupRow[]) => spendSpikeAlerts(input(rows)).find((a) => a.key === "spend_spike:hour");

  it("fires at 3× the trailing hourly average", () => {
    const a = hourAlert([...base, row(HOUR, { costUnits: usd(300) })]);
    expect(a).toMatchObject({ kind: "spend_spike", window: "hour", windowStart: HOUR, severity: "warning" });
    expect(a!.detail).toBe("$3.00 spent this hour, against an average of $1.00 per hour over the last 7 days.");
  });
  it("does not fire just under 3×", () => {
    expect(hourAlert([...base, row(HOUR, { costUnits: usd(299) })])).toBeUndefined();
  });
  it("does not fire under $1 however steep, nor without any history", () => {
    const small = everyHourBefore(HOUR, 168, { costUnits: usd(1) });
    expect(hourAlert([...small, row(HOUR, { costUnits: usd(99) })])).toBeUndefined();
    expect(hourAlert([row(HOUR, { costUnits: usd(10_000) })])).toBeUndefined();
  });
  it("compares today with the 7 days before it (2×, at least $5)", () => {
    // $10 a day for 7 days before today.
    const days = Array.from({ length: 7 }, (_, i) => row(new Date(TODAY.getTime() - (i + 1) * 24 * H), { costUnits: usd(1_000) }));
    const day = (cents: number) => spendSpikeAlerts(input([...days, row(hoursBefore(HOUR, 3), { costUnits: usd(cents) })]))
      .find((a) => a.key === "spend_spike:day");
    expect(day(1_999)).toBeUndefined();
    expect(day(2_000)).toMatchObject({ window: "day", windowStart: TODAY });
  });
});

describe("error-rate spike", () => {
  const base = [row(hoursBefore(HOUR, 5), { requests: 1_000, errors: 10, errorClass: "upstream_error" })];
  it("fires when this hour's rate is ≥ 10 % and ≥ 2× the trailing rate + 5 points", () => {
    const rows = [...base, row(HOUR, { requests: 85 }), row(HOUR, { requests: 15, errors: 15, errorClass: "upstream_timeout" })];
    const [a] = errorSpikeAlerts(input(rows));
    expect(a).toMatchObject({ key: "error_spike:hour", windowStart: HOUR, severity: "warning" });
    expect(a!.detail).toBe("15% of 100 requests failed this hour (mostly upstream_timeout), against 1% over the last 7 days.");
  });
  it("does not fire when the account usually fails that much", () => {
    const noisy = [row(hoursBefore(HOUR, 5), { requests: 100, errors: 10, errorClass: "upstream_error" })];
    expect(errorSpikeAlerts(input([...noisy, row(HOUR, { requests: 80 }), row(HOUR, { requests: 20, errors: 20, errorClass: "x" })]))).toEqual([]);
  });
  it("needs 20 requests this hour", () => {
    expect(errorSpikeAlerts(input([row(HOUR, { requests: 19, errors: 19, errorClass: "x" })]))).toEqual([]);
    expect(errorSpikeAlerts(input([row(HOUR, { requests: 20, errors: 20, errorClass: "x" })]))[0]?.severity).toBe("danger");
  });
});

describe("latency regression per model", () => {
  const base = [row(hoursBefore(HOUR, 10), { requests: 100, latencyMsSum: 100 * 300 })];
  it("fires when a model's mean is ≥ 1.5× its trailing mean and 200 ms slower", () => {
    const rows = [...base, row(HOUR, { requests: 20, latencyMsSum: 20 * 600 }),
      // Failures are not latency: a slow failure changes nothing.
      row(HOUR, { requests: 5, errors: 5, errorClass: "upstream_timeout", latencyMsSum: 5 * 60_000 })];
    const [a] = latencyAlerts(input(rows));
    expect(a).toMatchObject({ key: "latency_regression:sim/gpt", title: "sim/gpt is slower this hour", windowStart: HOUR });
    expect(a!.detail).toBe("Mean latency 600 ms over 20 requests this hour, against 300 ms over the last 7 days.");
  });
  it("does not fire under either threshold, or with too few requests", () => {
    expect(latencyAlerts(input([...base, row(HOUR, { requests: 20, latencyMsSum: 20 * 449 })]))).toEqual([]);
    const fast = [row(hoursBefore(HOUR, 10), { requests: 100, latencyMsSum: 100 * 100 })];
    expect(latencyAlerts(input([...fast, row(HOUR, { requests: 20, latencyMsSum: 20 * 290 })]))).toEqual([]); // 2.9× but +190 ms
    expect(latencyAlerts(input([...base, row(HOUR, { requests: 9, latencyMsSum: 9 * 900 })]))).toEqual([]);
    const thin = [row(hoursBefore(HOUR, 10), { requests: 49, latencyMsSum: 49 * 300 })];
    expect(latencyAlerts(input([...thin, row(HOUR, { requests: 20, latencyMsSum: 20 * 900 })]))).toEqual([]);
  });
  it("judges each model against its own baseline", () => {
    const rows = [...base, row(hoursBefore(HOUR, 10), { model: "sim/slow", requests: 100, latencyMsSum: 100 * 2_000 }),
      row(HOUR, { model: "sim/slow", requests: 20, latencyMsSum: 20 * 2_100 }), row(HOUR, { requests: 20, latencyMsSum: 20 * 700 })];
    expect(latencyAlerts(input(rows)).map((a) => a.key)).toEqual(["latency_regression:sim/gpt"]);
  });
});

describe("low balance", () => {
  // $28 over the 7 days before today: $4 a day.
  const spend = [row(new Date(TODAY.getTime() - 30 * H), { costUnits: usd(2_800) })];
  it("fires under $1 even without spend", () => {
    const [a] = lowBalanceAlerts(input([], usd(50)));
    expect(a).toMatchObject({ key: "low_balance", window: "day", windowStart: TODAY, severity: "warning" });
    expect(a!.detail).toBe("Balance $0.50. Add credits or turn on auto top-up on the billing page.");
  });
  it("fires under 3 days of the trailing average spend", () => {
    const [a] = lowBalanceAlerts(input(spend, usd(1_000)));
    expect(a!.detail).toContain("Balance $10.00 — about 2.5 days of your average spend ($4.00 per day over the last 7 days).");
    expect(lowBalanceAlerts(input(spend, usd(1_200)))).toEqual([]);
    expect(lowBalanceAlerts(input(spend, usd(399)))[0]?.severity).toBe("danger");
  });
  it("is silent with enough balance or an unknown one", () => {
    expect(lowBalanceAlerts(input([], usd(100)))).toEqual([]);
    expect(lowBalanceAlerts(input(spend, null))).toEqual([]);
  });
});

describe("computeAlerts", () => {
  it("lists the most severe first and reads back to the start of the day baseline", () => {
    const rows = [row(HOUR, { requests: 20, errors: 20, errorClass: "x" })];
    const alerts = computeAlerts(input(rows, usd(500)));
    expect(alerts.map((a) => `${a.key}:${a.severity}`)).toEqual(["error_spike:hour:danger"]);
    expect(computeAlerts(input(rows, 0n)).map((a) => a.key)).toEqual(["low_balance", "error_spike:hour"]);
    expect(lookbackStart(NOW)).toEqual(new Date("2026-11-29T00:00:00Z"));
  });
});
