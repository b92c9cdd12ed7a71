// `tsx bench/experiments/pg-perf.ts [json|stream] [seconds]`: c=16 load on the gateway while
// `perf record` samples every Postgres process; prints perf's report by symbol (where Postgres's
// CPU per request goes). Needs `perf` (Debian: linux-perf) and root.
import { spawn, spawnSync } from "node:child_process";
import { closePools, newSamples, runSlice } from "../load";
import { processTree } from "../proc";
import { startStack } from "../setup";
import { gatewayTarget } from "../targets";

const stream = (process.argv[2] ?? "stream") === "stream";
const seconds = Number(process.argv[3] ?? 8);
const stack = await startStack({ gatewayOnly: true });
const target = gatewayTarget(stack.gateway, stack.apiKey);
const out = "/tmp/pg-perf.data";
try {
  await runSlice(target, 16, stream, 2000, newSamples());
  const pids = processTree(stack.pgPid).join(",");
  const perf = spawn("perf", ["record", "-F", "1999", "-g", "-o", out, "-p", pids], { stdio: "ignore" });
  await new Promise((r) => setTimeout(r, 300));
  const s = newSamples();
  await runSlice(target, 16, stream, seconds * 1000, s);
  await new Promise((r) => setTimeout(r, 400));
  perf.kill("SIGINT");
  await new Promise((r) => perf.on("close", r));
  console.log(`${s.latencies.length} requests`);
  const rep = spawnSync("perf", ["report", "-i", out, "--no-children", "--sort", "symbol", "--stdio", "-g", "none", "--percent-limit", "0.7"], { encoding: "utf8" });
  console.log(rep.stdout.split("\n").filter((l) => l && !l.startsWith("#")).slice(0, 60).join("\n"));
} finally {
  await closePools();
  await stack.stop();
}
