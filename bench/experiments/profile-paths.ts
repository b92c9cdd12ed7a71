// Where one function's time goes, or where it comes from, in a .cpuprofile: the time of
// every sample whose stack holds `fn`, summed by the path from `fn` down to `depth` callees
// ("callees") or up to `depth` callers ("callers"), as % of busy time. Merges every call site
// of `fn` (names only; several functions of one name are merged too).
// Usage: tsx bench/experiments/profile-paths.ts <file.cpuprofile> <fn> [callees|callers] [depth=2]
import fs from "node:fs";

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
const [file, fn, direction = "callees", depthArg = "2"] = process.argv.slice(2);
if (!file || !fn) throw new Error("usage: profile-paths.ts <file.cpuprofile> <fn> [callees|callers] [depth]");
const depth = Number(depthArg);
const prof = JSON.parse(fs.readFileSync(file, "utf8")) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const name = (n: Node) => `${n.callFrame.functionName || "(anonymous)"}:${n.callFrame.lineNumber + 1}`;

let busy = 0;
const paths = new Map<string, number>();
prof.samples.forEach((id, i) => {
  const ms = (prof.timeDeltas[i] ?? 0) / 1000;
  if (byId.get(id)!.callFrame.functionName !== "(idle)") busy += ms;
  const stack: Node[] = []; // leaf first
  for (let p: number | undefined = id; p !== undefined; p = parent.get(p)) stack.push(byId.get(p)!);
  if (direction === "callers") {
    const at = stack.findIndex((n) => n.callFrame.functionName === fn); // the innermost call
    if (at < 0) return;
    const key = stack.slice(at, at + 1 + depth).reverse().map(name).join(" > ");
    paths.set(key, (paths.get(key) ?? 0) + ms);
  } else {
    const root = stack.reverse(); // root first
    const at = root.findIndex((n) => n.callFrame.functionName === fn); // the outermost call
    if (at < 0) return;
    const key = root.slice(at, at + 1 + depth).map(name).join(" > ");
    paths.set(key, (paths.get(key) ?? 0) + ms);
  }
});
const rows = [...paths].sort((a, b) => b[1] - a[1]).slice(0, 40);
process.stdout.write(rows.map(([k, ms]) => `${((100 * ms) / busy).toFixed(2).padStart(6)}%  ${k}`).join("\n") + "\n");
