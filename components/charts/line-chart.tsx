"use client";

import { CartesianGrid, Legend, Line, LineChart as RLineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS, GRID, TOOLTIP_STYLE } from "@/components/charts/palette";
import { niceScale, seriesMax } from "@/components/charts/ticks";

export type LineSeries = { key: string; name: string; color: string; dashed?: boolean };

/** Lines over time buckets (latency percentiles, tokens) on round ticks from zero. Missing points leave gaps. */
export function LineChart({
  data, series, format, axis, integer = false,
}: {
  data: ReadonlyArray<Record<string, unknown>>; series: LineSeries[]; format: (n: number) => string;
  axis?: (n: number, decimals: number) => string; integer?: boolean;
}) {
  const scale = niceScale(seriesMax(data, series.map((s) => s.key)), 4, integer);
  return (
    <ResponsiveContainer width="100%" height="100%">
      <RLineChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid stroke={GRID} vertical={false} />
        <XAxis dataKey="label" {...AXIS} tickLine={false} minTickGap={16} />
        <YAxis {...AXIS} tickLine={false} axisLine={false} width={68} domain={[0, scale.top]} ticks={scale.ticks} interval={0}
          tickFormatter={(v: number) => (axis ? axis(v, scale.decimals) : format(v))} />
        <Tooltip contentStyle={TOOLTIP_STYLE} formatter={(v) => format(Number(v))}
          itemSorter={(item) => series.findIndex((s) => s.key === item.dataKey)} />
        <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
        {series.map((s) => (
          <Line key={s.key} dataKey={s.key} name={s.name} stroke={s.color} strokeWidth={2} dot={{ r: 2.5, strokeWidth: 0, fill: s.color }}
            strokeDasharray={s.dashed ? "4 3" : undefined} isAnimationActive={false} connectNulls={false} />
        ))}
      </RLineChart>
    </ResponsiveContainer>
  );
}
