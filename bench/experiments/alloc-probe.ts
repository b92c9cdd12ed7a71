// `tsx bench/experiments/alloc-probe.ts [seconds=5] [json|stream]`: where the API worker's
// allocations come from (c=16, 0 ms upstream). Runs the server with --inspect=0 and drives V8's
// sampling heap profiler in the worker over the inspector protocol, counting objects the
// young-generation GC collected too (what a request allocates and drops: the GC's work).
// Prints bytes per request by allocating function (self) and by our source file.
import fs from "node:fs";
import path from "node:path";
import { WebSocket } from "undici";
import { closePools, newSamples, runSlice } from "../load";
import { apiWorkerPids } from "../proc";
import { startStack } from "../setup";
import { gatewayTarget } from "../targets";

const seconds = Number(process.argv[2] ?? 5);
const stream = process.argv[3] === "stream";
process.env.BENCH_GATEWAY_FLAGS = `${process.env.BENCH_GATEWAY_FLAGS ?? ""} --inspect=127.0.0.1:0`.trim();
const stack = await startStack({ gatewayOnly: true });
const target = gatewayTarget(stack.gateway, stack.apiKey);

type Frame = { functionName: string; url: string; lineNumber: number };
type HeapNode = { callFrame: Frame; selfSize: number; children: HeapNode[] };

async function workerSocket(): Promise<WebSocket> {
  const worker = apiWorkerPids(stack.gateway.pid)[0]!;
  // Each process prints its inspector URL; the worker's is found by asking each for its pid.
  const urls = [...fs.readFileSync(path.join(stack.dir, "switchyard.log"), "utf8").matchAll(/ws:\/\/[^\s]+/g)].map((m) => m[0]);
  for (const url of urls) {
    const ws = new WebSocket(url);
    await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = reject; });
    const pid = await call(ws, "Runtime.evaluate", { expression: "process.pid", returnByValue: true }) as { result: { value: number } };
    if (pid.result.value === worker) return ws;
    ws.close();
  }
  throw new Error("worker inspector not found");
}
let nextId = 1;
function call(ws: WebSocket, method: string, params: object = {}): Promise<unknown> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const onMessage = (ev: MessageEvent) => {
      const msg = JSON.parse(String(ev.data)) as { id?: number; result?: unknown; error?: unknown };
      if (msg.id !== id) return;
      ws.removeEventListener("message", onMessage as never);
      if (msg.error) reject(new Error(JSON.stringify(msg.error)));
      else resolve(msg.result);
    };
    ws.addEventListener("message", onMessage as never);
    ws.send(JSON.stringify({ id, method, params }));
  });
}

try {
  for (const s of [false, true]) await runSlice(target, 16, s, 2000, newSamples());
  const ws = await workerSocket();
  await call(ws, "HeapProfiler.enable");
  await call(ws, "HeapProfiler.startSampling", { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  const out = newSamples();
  await runSlice(target, 16, stream, seconds * 1000, out);
  await new Promise((r) => setTimeout(r, 400));
  const { profile } = await call(ws, "HeapProfiler.stopSampling") as { profile: { head: HeapNode } };
  ws.close();
  const n = out.latencies.length;
  const bySite = new Map<string, number>();
  const byFile = new Map<string, number>();
  let total = 0;
  const walk = (node: HeapNode, ours: string | null) => {
    const f = node.callFrame;
    const mine = f.url.endsWith("api-worker.mjs") ? `${f.functionName || "(anonymous)"}:${f.lineNumber}` : ours;
    if (node.selfSize > 0) {
      total += node.selfSize;
      const site = `${f.functionName || "(anonymous)"} ${path.basename(f.url)}:${f.lineNumber}`;
      bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
      const key = mine ?? "(no frame of ours)";
      byFile.set(key, (byFile.get(key) ?? 0) + node.selfSize);
    }
    for (const c of node.children) walk(c, mine);
  };
  walk(profile.head, null);
  console.log(`${n} requests (${stream ? "stream" : "json"}), sampled allocations ${(total / n / 1024).toFixed(1)} KB/request`);
  console.log("by allocating function:");
  for (const [k, v] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${(v / n).toFixed(0).padStart(6)} B/req  ${k}`);
  console.log("by innermost function of ours on the stack:");
  for (const [k, v] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${(v / n).toFixed(0).padStart(6)} B/req  ${k}`);
} finally {
  await closePools();
  await stack.stop();
}
