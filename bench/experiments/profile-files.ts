// CPU of a .cpuprofile by our source file: each sample goes to the innermost frame of
// dist/server.mjs on its stack, mapped to the source file esbuild bundled it from (its
// `// lib/…/x.ts` markers), so library and native callees count for the file that called them.
// Samples with no frame of ours (GC, timers, the HTTP parser, …) are grouped by their leaf.
// Usage: tsx bench/experiments/profile-files.ts <file.cpuprofile> [dist/server.mjs] [top=30]
// REQUESTS=<n> (the requests the profile covers) adds µs per request. BY=samples weighs every
// sample alike instead of by its time delta: on an overloaded machine a sample taken after the
// process was preempted carries the whole wait. LAST_S=<s> counts only the profile's last s
// seconds (leaves start-up and warm-up out).
import fs from "node:fs";

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
const [file, bundle = "dist/server.mjs", topArg = "30"] = process.argv.slice(2);
const prof = JSON.parse(fs.readFileSync(file!, "utf8")) as { nodes: Node[]; samples: number[]; timeDeltas: number[]; endTime: number };

// Line (0-based) → source file, from esbuild's module markers.
const starts: Array<{ line: number; src: string }> = [];
fs.readFileSync(bundle, "utf8").split("\n").forEach((l, i) => {
  const m = /^\/\/ ((?:lib|app|server|components)[\w./-]*\.tsx?)$/.exec(l);
  if (m) starts.push({ line: i, src: m[1]! });
});
function srcOf(line: number): string {
  let lo = 0;
  let hi = starts.length - 1;
  let found = "(bundle prelude)";
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]!.line <= line) {
      found = starts[mid]!.src;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const OFF_CPU = new Set(["(idle)", "writev", "writeUtf8String", "writeBuffer"]);
const agg = new Map<string, number>();
let busy = 0;
// Sample times (µs), for LAST_S.
const at: number[] = [];
prof.timeDeltas.reduce((t, d, i) => (at[i] = t + d), (prof as unknown as { startTime: number }).startTime);
const from = process.env.LAST_S ? prof.endTime - Number(process.env.LAST_S) * 1e6 : -Infinity;
prof.samples.forEach((id, i) => {
  const leaf = byId.get(id)!.callFrame;
  if (OFF_CPU.has(leaf.functionName) || at[i]! < from) return;
  const ms = process.env.BY === "samples" ? 1 : (prof.timeDeltas[i] ?? 0) / 1000;
  busy += ms;
  let key = `(no frame of ours) ${leaf.functionName || "(anonymous)"}`;
  for (let p: number | undefined = id; p !== undefined; p = parent.get(p)) {
    const f = byId.get(p)!.callFrame;
    if (f.url.endsWith(bundle.split("/").pop()!)) {
      key = srcOf(f.lineNumber);
      break;
    }
  }
  agg.set(key, (agg.get(key) ?? 0) + ms);
});
const requests = Number(process.env.REQUESTS ?? 0);
console.log(`busy ${busy.toFixed(0)} ${process.env.BY === "samples" ? "samples" : "ms"}${requests ? ` = ${((1000 * busy) / requests).toFixed(1)} µs/request` : ""}`);
for (const [k, v] of [...agg].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg))) {
  console.log(`${((100 * v) / busy).toFixed(1).padStart(5)}%  ${requests ? `${((1000 * v) / requests).toFixed(1).padStart(7)} µs/req  ` : ""}${k}`);
}
