// Scratch: `tsx bench/experiments/mem-snapshot.ts <file.heapsnapshot> [top=30]` prints what holds the
// heap: self size by constructor, and the objects with the largest retained size (dominator
// tree, weak edges ignored) with the edge path from the root to each.
import fs from "node:fs";

type Snapshot = {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } };
  nodes: number[]; edges: number[]; strings: string[];
};

const [file, topArg] = process.argv.slice(2);
const top = Number(topArg ?? 30);
const snap = JSON.parse(fs.readFileSync(file!, "utf8")) as Snapshot;
const { meta } = snap.snapshot;
const NF = meta.node_fields.length;
const EF = meta.edge_fields.length;
const nType = meta.node_fields.indexOf("type");
const nName = meta.node_fields.indexOf("name");
const nSelf = meta.node_fields.indexOf("self_size");
const nEdges = meta.node_fields.indexOf("edge_count");
const eType = meta.edge_fields.indexOf("type");
const eName = meta.edge_fields.indexOf("name_or_index");
const eTo = meta.edge_fields.indexOf("to_node");
const nodeTypes = meta.node_types[0];
const edgeTypes = meta.edge_types[0];
const N = snap.nodes.length / NF;
const nodes = snap.nodes;
const edges = snap.edges;

const firstEdge = new Uint32Array(N + 1);
for (let i = 0, e = 0; i < N; i++) {
  firstEdge[i] = e;
  e += nodes[i * NF + nEdges]! * EF;
  firstEdge[i + 1] = e;
}
const weak = edgeTypes.indexOf("weak");
const label = (i: number) => `${nodeTypes[nodes[i * NF + nType]!]}:${snap.strings[nodes[i * NF + nName]!]!.slice(0, 60)}`;

// Self size by type:name.
const byName = new Map<string, { size: number; count: number }>();
let total = 0;
for (let i = 0; i < N; i++) {
  const k = label(i);
  const s = nodes[i * NF + nSelf]!;
  total += s;
  const e = byName.get(k) ?? { size: 0, count: 0 };
  e.size += s;
  e.count++;
  byName.set(k, e);
}
const mb = (n: number) => (n / 1048576).toFixed(2);
console.log(`total self size ${mb(total)} MB in ${N} nodes\n\nby type:name (self size):`);
for (const [k, v] of [...byName].sort((a, b) => b[1].size - a[1].size).slice(0, top)) console.log(`  ${mb(v.size).padStart(8)} MB ${String(v.count).padStart(8)}  ${k}`);

// Dominators (Cooper, Harvey, Kennedy) over a DFS post-order from the root (node 0).
const post = new Int32Array(N).fill(-1);
const order: number[] = [];
{
  const visited = new Uint8Array(N);
  const stack: number[] = [0];
  const iter: number[] = [firstEdge[0]!];
  visited[0] = 1;
  while (stack.length) {
    const v = stack[stack.length - 1]!;
    const e = iter[iter.length - 1]!;
    if (e < firstEdge[v + 1]!) {
      iter[iter.length - 1] = e + EF;
      if (edges[e + eType] === weak) continue;
      const w = edges[e + eTo]! / NF;
      if (!visited[w]) {
        visited[w] = 1;
        stack.push(w);
        iter.push(firstEdge[w]!);
      }
    } else {
      stack.pop();
      iter.pop();
      post[v] = order.length;
      order.push(v);
    }
  }
}
const preds: number[][] = Array.from({ length: N }, () => []);
for (let v = 0; v < N; v++) {
  if (post[v] === -1) continue;
  for (let e = firstEdge[v]!; e < firstEdge[v + 1]!; e += EF) {
    if (edges[e + eType] === weak) continue;
    preds[edges[e + eTo]! / NF]!.push(v);
  }
}
const idom = new Int32Array(N).fill(-1);
idom[0] = 0;
const intersect = (a: number, b: number) => {
  while (a !== b) {
    while (post[a]! < post[b]!) a = idom[a]!;
    while (post[b]! < post[a]!) b = idom[b]!;
  }
  return a;
};
for (let changed = true; changed;) {
  changed = false;
  for (let k = order.length - 2; k >= 0; k--) {
    const v = order[k]!;
    let d = -1;
    for (const p of preds[v]!) if (idom[p] !== -1) d = d === -1 ? p : intersect(p, d);
    if (d !== -1 && idom[v] !== d) {
      idom[v] = d;
      changed = true;
    }
  }
}
const retained = new Float64Array(N);
for (const v of order) {
  retained[v]! += nodes[v * NF + nSelf]!;
  if (v !== 0 && idom[v]! >= 0) retained[idom[v]!]! += retained[v]!;
}
// A name for how each node is reached from its dominator.
const via = new Map<number, string>();
for (let v = 0; v < N; v++) {
  for (let e = firstEdge[v]!; e < firstEdge[v + 1]!; e += EF) {
    const w = edges[e + eTo]! / NF;
    if (idom[w] === v && !via.has(w)) {
      const t = edgeTypes[edges[e + eType]!];
      const n = t === "element" || t === "hidden" ? `[${edges[e + eName]}]` : snap.strings[edges[e + eName]!];
      via.set(w, `${n}`);
    }
  }
}
const path = (v: number) => {
  const parts: string[] = [];
  for (let x = v, i = 0; x !== 0 && i < 8; x = idom[x]!, i++) parts.push(`${via.get(x) ?? "?"}(${label(x).slice(0, 30)})`);
  return parts.reverse().join(" > ");
};
console.log(`\nlargest retained (not counting the synthetic roots):`);
const cands = [...Array(N).keys()].filter((v) => v !== 0 && idom[v] !== -1 && !label(v).startsWith("synthetic"))
  .sort((a, b) => retained[b]! - retained[a]!).slice(0, top * 3);
let shown = 0;
for (const v of cands) {
  // Skip a node whose dominator is also listed with nearly the same size (same subtree).
  const d = idom[v]!;
  if (d !== 0 && retained[d]! - retained[v]! < 0.05 * retained[v]! && cands.includes(d)) continue;
  console.log(`  ${mb(retained[v]!).padStart(8)} MB  ${label(v)}\n             ${path(v)}`);
  if (++shown >= top) break;
}
