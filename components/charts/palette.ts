// Chart colours: distinguishable on the dark surface, brand green first.
export const SERIES_COLORS = ["#34d399", "#60a5fa", "#f59e0b", "#a78bfa", "#f472b6", "#22d3ee", "#94a3b8"];
export const ERROR_COLORS = ["#f87171", "#fb923c", "#facc15", "#c084fc", "#f472b6", "#94a3b8"];
export const AXIS = { stroke: "#52525b", tick: { fill: "#a1a1aa", fontSize: 12 } };
export const GRID = "#27272a";
export const TOOLTIP_STYLE = { background: "#18181b", border: "1px solid #3f3f46", borderRadius: 8, fontSize: 12 };

export function colorAt(palette: string[], i: number): string {
  return palette[i % palette.length]!;
}

/**
 * One colour per model across the overview's charts: by first appearance in `keys`, with
 * "Other" always the neutral last colour.
 */
export function modelColors(keys: readonly string[], other: string): (key: string) => string {
  const named = [...new Set(keys)].filter((k) => k !== other);
  const index = new Map(named.map((k, i) => [k, i]));
  const neutral = SERIES_COLORS[SERIES_COLORS.length - 1]!;
  return (key) => (key === other ? neutral : SERIES_COLORS[(index.get(key) ?? 0) % (SERIES_COLORS.length - 1)]!);
}
