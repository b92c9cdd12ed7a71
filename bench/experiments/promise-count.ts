// `tsx bench/experiments/promise-count.ts [seconds=3]`: promises the API worker creates per
// request (c=1, 0 ms upstream; JSON and stream), through a preloaded v8.promiseHooks counter
// (promise-hook.mjs), and for streams the functions that create them (per request, by the
// frame that created each). Each async function call and each await makes at least one; at
// ~80 ns per async level in a hot loop they are a few per cent of a request, not more
// (docs/performance.md, "2026-12-08").
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { closePools, newSamples, runSlice } from "../load";
import { apiWorkerPids } from "../proc";
import { startStack } from "../setup";
import { gatewayTarget } from "../targets";

const seconds = Number(process.argv[2] ?? 3);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-promises-"));
process.env.PROMISE_HOOK_DIR = dir; // the gateway inherits the environment
process.env.BENCH_GATEWAY_FLAGS = `${process.env.BENCH_GATEWAY_FLAGS ?? ""} --import ${path.resolve(import.meta.dirname, "promise-hook.mjs")}`.trim();
const stack = await startStack({ gatewayOnly: true });
const target = gatewayTarget(stack.gateway, stack.apiKey);
const worker = apiWorkerPids(stack.gateway.pid)[0]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const count = () => Number(fs.readFileSync(path.join(dir, `${worker}.count`), "utf8"));
try {
  for (const stream of [false, true]) {
    await runSlice(target, 16, stream, 1500, newSamples()); // warm-up
    await sleep(1500); // its post-response work and batch
    if (stream) fs.writeFileSync(path.join(dir, "capture"), "");
    await sleep(300);
    const before = count();
    const s = newSamples();
    await runSlice(target, 1, stream, seconds * 1000, s);
    if (stream) {
      fs.rmSync(path.join(dir, "capture"));
      await sleep(300);
      fs.writeFileSync(path.join(dir, `dump-${worker}`), "");
    }
    await sleep(1500); // the batch of the slice's rows is counted too
    const n = s.latencies.length;
    console.log(`${stream ? "stream" : "json"}: ${((count() - before) / n).toFixed(1)} promises per request (${n} requests)`);
    if (stream) {
      const byFrame = new Map<string, number>();
      for (const line of fs.readFileSync(path.join(dir, `${worker}.sites`), "utf8").split("\n")) {
        const [k, rest] = line.split("\t");
        const frame = rest?.split(" < ")[0];
        if (frame) byFrame.set(frame, (byFrame.get(frame) ?? 0) + Number(k));
      }
      for (const [f, k] of [...byFrame].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${(k / n).toFixed(2)}  ${f}`);
    }
  }
} finally {
  await closePools();
  await stack.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
