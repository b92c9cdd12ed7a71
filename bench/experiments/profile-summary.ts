// Summarises a V8 .cpuprofile (node --cpu-prof): top functions by self time, and self time
// by package/file. Usage: tsx bench/experiments/profile-summary.ts <file.cpuprofile> [top=25]
import fs from "node:fs";

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

const [file, topArg] = process.argv.slice(2);
const prof = JSON.parse(fs.readFileSync(file!, "utf8")) as Profile;
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
prof.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0) / 1000));
// Percentages are of busy time: idle samples are left out.
// Socket writes are left out too: on this VM their samples are mostly time spent preempted by
// the woken peer (the process's system time is ~0.1 ms/request), not CPU.
const OFF_CPU = new Set(["(idle)", "writev", "writeUtf8String", "writeBuffer"]);
const idleIds = new Set(prof.nodes.filter((n) => OFF_CPU.has(n.callFrame.functionName)).map((n) => n.id));
for (const id of idleIds) self.delete(id);
const total = [...self.values()].reduce((a, b) => a + b, 0);

const where = (url: string) => {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  if (url.startsWith("node:")) return url;
  if (!url) return "(native/vm)";
  return url.replace(/^file:\/\/.*?\/(dist|\.next)\//, "$1/");
};
const fnAgg = new Map<string, number>();
const pkgAgg = new Map<string, number>();
for (const [id, ms] of self) {
  const n = byId.get(id)!;
  const { functionName, url, lineNumber } = n.callFrame;
  const key = `${functionName || "(anonymous)"} ${where(url)}:${lineNumber + 1}`;
  fnAgg.set(key, (fnAgg.get(key) ?? 0) + ms);
  const pkg = ["(idle)", "(program)", "(garbage collector)"].includes(functionName) ? functionName : where(url);
  pkgAgg.set(pkg, (pkgAgg.get(pkg) ?? 0) + ms);
}
const top = Number(topArg ?? 25);
const pct = (ms: number) => ((100 * ms) / total).toFixed(1).padStart(5) + "%";
console.log(`busy ${total.toFixed(0)} ms sampled\n\nself time by package/file:`);
for (const [k, v] of [...pkgAgg].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${pct(v)}  ${k}`);
console.log("\ntop functions by self time:");
for (const [k, v] of [...fnAgg].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(v)}  ${k}`);
