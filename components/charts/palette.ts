// Chart colours: distinguishable on the dark surface, brand green first.
export const SERIES_COLORS = ["#34d399", "#60a5fa", "#f59e0b", "#a78bfa", "#f472b6", "#22d3ee", "#94a3b8"];
export const ERROR_COLORS = ["#f87171", "#fb923c", "#facc15", "#c084fc", "#f472b6", "#94a3b8"];
export const AXIS = { stroke: "#52525b", tick: { fill: "#a1a1aa", fontSize: 12 } };
export const GRID = "#27272a";

export function colorAt(palette: string[], i: number): string {
  return palette[i % palette.length]!;
}
