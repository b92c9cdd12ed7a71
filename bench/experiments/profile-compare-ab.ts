// (issue 19) `tsx bench/experiments/profile-compare-ab.ts <baseline server.mjs> [json|stream] [rounds] [sliceMs]`:
// compare-of-3 CPU per request ÷ one chat's, on this tree's build (dist/server.mjs) and on
// another build (e.g. a copy of the previous commit's, built with scripts/build-server.ts),
// both running at once against one database and emulator. Each round loads, in a rotating
// order, chat and compare on each process (c=16, 0 ms upstream): the per-round ratio of each
// process is compared with its neighbour's, so the machine's drift cancels. Prints the
// median [min, max] of the per-round ratios and of compare(this) ÷ compare(baseline).
// Both processes render a few Next pages first, as in the bench (PAGES=0: not).
import path from "node:path";
import { closePools, compareBody, newSamples, runSlice, settle, type Target } from "../load";
import { cpuMsTree as cpuMs } from "../proc"; // the server's whole process tree (primary, API workers, Next)
import { startStack, type Proc } from "../setup";

const [baselineArg, modeArg = "json", roundsArg = "10", sliceArg = "1000"] = process.argv.slice(2);
if (!baselineArg) throw new Error("usage: profile-compare-ab.ts <baseline server.mjs> [json|stream] [rounds] [sliceMs]");
const stream = modeArg === "stream";
const rounds = Number(roundsArg);
const sliceMs = Number(sliceArg);
process.chdir(path.resolve(import.meta.dirname, "../.."));
const stack = await startStack({ gatewayOnly: true, baseline: path.resolve(baselineArg) });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (xs: number[]) => `${median(xs).toFixed(3)} [${Math.min(...xs).toFixed(3)}, ${Math.max(...xs).toFixed(3)}]`;

async function cpuPerRequest(t: Target, proc: Proc): Promise<number> {
  const s = newSamples();
  const c0 = cpuMs(proc.pid);
  await runSlice(t, 16, stream, sliceMs, s);
  await settle();
  if (s.errors > 0) throw new Error(`${t.name}: ${s.errors} errors (${s.firstError})`);
  return (cpuMs(proc.pid) - c0) / Math.max(1, s.latencies.length);
}

try {
  const json = { "content-type": "application/json", authorization: `Bearer ${stack.apiKey}` };
  const procs = { new: stack.gateway, base: stack.baseline! };
  const targets = (name: "new" | "base") => ({
    chat: { name: `${name}-chat`, origin: procs[name].url, path: "/v1/chat/completions", model: "sim/fast", headers: json } satisfies Target,
    compare: { name: `${name}-compare3`, origin: procs[name].url, path: "/v1/compare", model: "sim/fast", headers: json,
      body: (s: boolean) => compareBody(["sim/fast", "sim/fast", "sim/fast"], s) } satisfies Target,
  });
  const t = { new: targets("new"), base: targets("base") };
  // As the bench does (BENCH_PAGES): a process that has rendered Next pages pays for
  // AsyncLocalStorage on every API request (docs/performance.md). PAGES=0 skips it.
  if (process.env.PAGES !== "0") {
    for (const proc of [procs.new, procs.base]) for (const p of ["/", "/login", "/signup", "/dashboard"]) await (await fetch(proc.url + p)).text();
  }
  for (const n of ["new", "base"] as const) for (const k of ["chat", "compare"] as const) await runSlice(t[n][k], 16, stream, 3000, newSamples());
  const ratio: Record<"new" | "base", number[]> = { new: [], base: [] };
  const cpu: Record<string, number[]> = {};
  const cross: number[] = [];
  const crossChat: number[] = [];
  const slices = [["new", "chat"], ["new", "compare"], ["base", "chat"], ["base", "compare"]] as const;
  for (let r = 0; r < rounds; r++) {
    const got: Record<string, number> = {};
    for (let i = 0; i < slices.length; i++) {
      const [n, k] = slices[(i + r) % slices.length]!;
      got[`${n}-${k}`] = await cpuPerRequest(t[n][k], procs[n]);
    }
    for (const [k, v] of Object.entries(got)) (cpu[k] ??= []).push(v);
    for (const n of ["new", "base"] as const) ratio[n].push(got[`${n}-compare`]! / got[`${n}-chat`]!);
    cross.push(got["new-compare"]! / got["base-compare"]!);
    crossChat.push(got["new-chat"]! / got["base-chat"]!);
    console.log(`round ${r + 1}: ratio new ${ratio.new.at(-1)!.toFixed(2)}, base ${ratio.base.at(-1)!.toFixed(2)}; ` +
      Object.entries(got).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(", "));
  }
  console.log(`\n${stream ? "stream" : "json"}, ${rounds} rounds of ${sliceMs} ms slices (CPU ms/request, median [min, max]):`);
  for (const [k, v] of Object.entries(cpu).sort()) console.log(`  ${k.padEnd(12)} ${fmt(v)}`);
  console.log(`  compare3 ÷ chat, new:  ${fmt(ratio.new)}`);
  console.log(`  compare3 ÷ chat, base: ${fmt(ratio.base)}`);
  console.log(`  compare3 new ÷ base:   ${fmt(cross)}`);
  console.log(`  chat new ÷ base:       ${fmt(crossChat)}`);
} finally {
  await closePools();
  await stack.stop();
}
