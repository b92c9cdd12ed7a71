"use client";

import { CartesianGrid, Legend, Line, LineChart as RLineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS, GRID } from "@/components/charts/palette";

export type LineSeries = { key: string; name: string; color: string; dashed?: boolean };

/** Lines over time buckets (latency percentiles, tokens). Missing points leave gaps. */
export function LineChart({
  data, series, format, allowDecimals = true,
}: { data: ReadonlyArray<object>; series: LineSeries[]; format: (n: number) => string; allowDecimals?: boolean }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <RLineChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid stroke={GRID} vertical={false} />
        <XAxis dataKey="label" {...AXIS} tickLine={false} minTickGap={16} />
        <YAxis {...AXIS} tickLine={false} axisLine={false} width={68} allowDecimals={allowDecimals} tickFormatter={(v: number) => format(v)} />
        <Tooltip
          contentStyle={{ background: "#18181b", border: "1px solid #3f3f46", borderRadius: 8, fontSize: 12 }}
          formatter={(v) => format(Number(v))}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {series.map((s) => (
          <Line key={s.key} dataKey={s.key} name={s.name} stroke={s.color} strokeWidth={2} dot={{ r: 2.5, strokeWidth: 0, fill: s.color }}
            strokeDasharray={s.dashed ? "4 3" : undefined} isAnimationActive={false} connectNulls={false} />
        ))}
      </RLineChart>
    </ResponsiveContainer>
  );
}
