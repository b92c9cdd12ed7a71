"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS, GRID, colorAt } from "@/components/charts/palette";

export type StackedDatum = { label: string } & Record<string, number | string>;

/** Bars per time bucket, stacked by series (models, error classes…). */
export function StackedBarChart({
  data, series, palette, format, allowDecimals = true,
}: { data: StackedDatum[]; series: string[]; palette: string[]; format: (n: number) => string; allowDecimals?: boolean }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid stroke={GRID} vertical={false} />
        <XAxis dataKey="label" {...AXIS} tickLine={false} minTickGap={16} />
        <YAxis {...AXIS} tickLine={false} axisLine={false} width={68} allowDecimals={allowDecimals} tickFormatter={(v: number) => format(v)} />
        <Tooltip
          cursor={{ fill: "rgba(255,255,255,0.04)" }}
          contentStyle={{ background: "#18181b", border: "1px solid #3f3f46", borderRadius: 8, fontSize: 12 }}
          formatter={(v) => format(Number(v))}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {series.map((s, i) => (
          <Bar key={s} dataKey={s} stackId="a" fill={colorAt(palette, i)} isAnimationActive={false}
            radius={i === series.length - 1 ? [3, 3, 0, 0] : 0} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
