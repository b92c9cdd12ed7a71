"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS, GRID, TOOLTIP_STYLE, colorAt } from "@/components/charts/palette";
import { niceScale, stackedMax } from "@/components/charts/ticks";

export type StackedDatum = { label: string } & Record<string, number | string>;

/**
 * Bars per time bucket, stacked by series (models, error classes…), on a y axis of round
 * ticks from zero. `integer` for counts (no fractional ticks); `axis` formats a tick with the
 * decimals its step needs; `labelOf` turns a series key into its legend and tooltip name.
 */
export function StackedBarChart({
  data, series, palette, format, axis, integer = false, labelOf, colorOf,
}: {
  data: StackedDatum[]; series: string[]; palette: string[]; format: (n: number) => string;
  axis?: (n: number, decimals: number) => string; integer?: boolean; labelOf?: (key: string) => string;
  /** A fixed colour per series key (the same model keeps its colour across charts); else by position. */
  colorOf?: (key: string) => string;
}) {
  const scale = niceScale(stackedMax(data, series), 4, integer);
  // Legend and tooltip keep the series order the caller chose (recharts sorts by name otherwise).
  const rank = new Map(series.map((s, i) => [s, i]));
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid stroke={GRID} vertical={false} />
        <XAxis dataKey="label" {...AXIS} tickLine={false} minTickGap={16} />
        <YAxis {...AXIS} tickLine={false} axisLine={false} width={68} domain={[0, scale.top]} ticks={scale.ticks} interval={0}
          tickFormatter={(v: number) => (axis ? axis(v, scale.decimals) : format(v))} />
        <Tooltip cursor={{ fill: "rgba(255,255,255,0.04)" }} contentStyle={TOOLTIP_STYLE} formatter={(v) => format(Number(v))}
          itemSorter={(item) => rank.get(String(item.dataKey)) ?? 0} />
        <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
        {series.map((s, i) => (
          <Bar key={s} dataKey={s} name={labelOf ? labelOf(s) : s} stackId="a" fill={colorOf ? colorOf(s) : colorAt(palette, i)} isAnimationActive={false}
            radius={i === series.length - 1 ? [3, 3, 0, 0] : 0} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
