"use client";

// The report's charts: cost and latency, original vs candidate, and how the judge's scores are
// distributed (0–10, rounded) for both sides. Plain grouped bars on the dashboard's palette.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartCard } from "@/components/charts/chart-card";
import { AXIS, GRID, SERIES_COLORS, TOOLTIP_STYLE } from "@/components/charts/palette";
import { latency, usdNumber } from "./format";
import type { ReplayItem, ReplayReport } from "./types";

type Datum = { label: string; original: number; candidate: number };

function Bars({ data, format }: { data: Datum[]; format: (n: number) => string }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid stroke={GRID} vertical={false} />
        <XAxis dataKey="label" {...AXIS} tickLine={false} />
        <YAxis {...AXIS} tickLine={false} axisLine={false} width={68} tickFormatter={(v: number) => format(v)} />
        <Tooltip cursor={{ fill: "rgba(255,255,255,0.04)" }} contentStyle={TOOLTIP_STYLE} formatter={(v) => format(Number(v))} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar dataKey="original" name="Original" fill={SERIES_COLORS[1]} isAnimationActive={false} radius={[3, 3, 0, 0]} />
        <Bar dataKey="candidate" name="Candidate" fill={SERIES_COLORS[0]} isAnimationActive={false} radius={[3, 3, 0, 0]} />
      </BarChart>
    </ResponsiveContainer>
  );
}

const usd = (n: number) => (n === 0 ? "$0" : n < 0.01 ? `$${n.toPrecision(2)}` : `$${n.toFixed(2)}`);

/** Counts per rounded score 0–10 for each side (judged items only). */
export function scoreDistribution(items: readonly ReplayItem[]): Datum[] {
  const rows: Datum[] = Array.from({ length: 11 }, (_, s) => ({ label: String(s), original: 0, candidate: 0 }));
  for (const i of items) {
    const o = i.judge?.original_score;
    const c = i.judge?.candidate_score;
    if (typeof o !== "number" || typeof c !== "number") continue;
    rows[Math.min(10, Math.max(0, Math.round(o)))]!.original++;
    rows[Math.min(10, Math.max(0, Math.round(c)))]!.candidate++;
  }
  return rows;
}

export function ReportCharts({ report, items }: { report: ReplayReport; items: readonly ReplayItem[] }) {
  const cost: Datum[] = [{ label: "Cost", original: usdNumber(report.cost.original_units), candidate: usdNumber(report.cost.candidate_units) }];
  const lat = report.latency_ms;
  const latencyData: Datum[] = [
    { label: "p50", original: lat.original.p50 ?? 0, candidate: lat.candidate.p50 ?? 0 },
    { label: "p95", original: lat.original.p95 ?? 0, candidate: lat.candidate.p95 ?? 0 },
  ];
  return (
    <div className="grid min-w-0 gap-4 lg:grid-cols-3">
      <ChartCard title="Cost: original vs candidate" empty={report.replayed === 0}>
        <Bars data={cost} format={usd} />
      </ChartCard>
      <ChartCard title="Latency: original vs candidate" empty={report.replayed === 0}>
        <Bars data={latencyData} format={(n) => latency(Math.round(n))} />
      </ChartCard>
      <ChartCard title="Judge's scores" description={report.quality.judged ? undefined : "No judge on this run"} empty={report.quality.judged === 0}>
        <Bars data={scoreDistribution(items)} format={(n) => String(Math.round(n))} />
      </ChartCard>
    </div>
  );
}
