// Inclusive (self + callees) time of named functions in a .cpuprofile, as % of busy time.
// Usage: tsx bench/experiments/profile-inclusive.ts <file.cpuprofile> [name …] (default: top 40 by inclusive)
// REQUESTS=<n> (the requests the profile covers) adds µs per request; TOP=<n> rows (default 60).
import fs from "node:fs";

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
const [file, ...names] = process.argv.slice(2);
const prof = JSON.parse(fs.readFileSync(file!, "utf8")) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const incl = new Map<string, number>();
let busy = 0;
prof.samples.forEach((id, i) => {
  const ms = (prof.timeDeltas[i] ?? 0) / 1000;
  // Idle, and socket writes (on this VM mostly time spent preempted by the woken peer, not
  // CPU: the gateway's system time is ~0.1 ms/request), are left out.
  const leaf = byId.get(id)!.callFrame.functionName;
  if (leaf === "(idle)" || leaf === "writev" || leaf === "writeUtf8String" || leaf === "writeBuffer") return;
  busy += ms;
  const seen = new Set<string>();
  for (let p: number | undefined = id; p !== undefined; p = parent.get(p)) {
    const f = byId.get(p)!.callFrame;
    const key = `${f.functionName || "(anonymous)"} ${f.url.split("/").slice(-2).join("/")}:${f.lineNumber + 1}`;
    if (seen.has(key)) continue; // recursion counts once
    seen.add(key);
    incl.set(key, (incl.get(key) ?? 0) + ms);
  }
});
const rows = [...incl].filter(([k]) => names.length === 0 || names.some((n) => k.startsWith(n + " ")));
const requests = Number(process.env.REQUESTS ?? 0);
if (requests) console.log(`busy ${busy.toFixed(0)} ms = ${((1000 * busy) / requests).toFixed(1)} µs/request`);
for (const [k, v] of rows.sort((a, b) => b[1] - a[1]).slice(0, names.length ? 200 : Number(process.env.TOP ?? 60))) {
  console.log(`${((100 * v) / busy).toFixed(1).padStart(5)}%  ${requests ? `${((1000 * v) / requests).toFixed(2).padStart(7)} µs/req  ` : ""}${k}`);
}
