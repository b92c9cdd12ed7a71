// Turns raw samples into the results JSON (per cell, per target), the ratios the targets are
// judged by, a console table and a Markdown table for the README.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Samples } from "./load";
import { dist, round, type Dist } from "./stats";

export type TargetName = "direct" | "bare" | "switchyard" | "portkey" | "baseline" | "compare3";

export type CellResult = {
  latencyMs: number;
  stream: boolean;
  concurrency: number;
  samples: Record<TargetName, Samples>;
  /** Wall time each target was under load in this cell (sum of its slices). */
  busyMs: Record<TargetName, number>;
  /** CPU ms of each proxy process during its own slices (+ settle time). */
  cpuMs: Record<string, number>;
  /** CPU ms of the Postgres cluster during each target's slices (only the gateways use it). */
  dbCpuMs: Record<TargetName, number>;
};

type TargetStats = {
  requests: number; errors: number; rps: number;
  latencyMs: Dist; addedMs: { p50: number; p90: number; p99: number };
  ttfbMs: Dist | null; ttfbAddedP50Ms: number | null;
  cpuMsPerRequest: number | null; dbCpuMsPerRequest?: number;
};

export type Report = ReturnType<typeof buildReport>;

const r3 = (x: number) => round(x, 3);
const ratio = (a: number, b: number) => r3(a / b);

function statsFor(c: CellResult, n: TargetName): TargetStats {
  const s = c.samples[n];
  const lat = dist(s.latencies);
  const direct = dist(c.samples.direct.latencies);
  const ttfb = c.stream ? dist(s.ttfbs) : null;
  const directTtfb = c.stream ? dist(c.samples.direct.ttfbs) : null;
  const cpu = c.cpuMs[n];
  const out: TargetStats = {
    requests: s.latencies.length, errors: s.errors, rps: r3(s.latencies.length / (c.busyMs[n] / 1000)),
    latencyMs: roundDist(lat),
    addedMs: { p50: r3(lat.p50 - direct.p50), p90: r3(lat.p90 - direct.p90), p99: r3(lat.p99 - direct.p99) },
    ttfbMs: ttfb ? roundDist(ttfb) : null,
    ttfbAddedP50Ms: ttfb && directTtfb ? r3(ttfb.p50 - directTtfb.p50) : null,
    cpuMsPerRequest: cpu === undefined ? null : r3(cpu / Math.max(1, s.latencies.length)),
  };
  if (n === "switchyard" || n === "baseline" || n === "compare3") out.dbCpuMsPerRequest = r3(c.dbCpuMs[n] / Math.max(1, s.latencies.length));
  return out;
}

function roundDist(d: Dist): Dist {
  return { p50: r3(d.p50), p90: r3(d.p90), p99: r3(d.p99), mean: r3(d.mean), n: d.n };
}

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? "unknown", cores: cpus.length, memGb: round(os.totalmem() / 2 ** 30, 1),
    os: `${os.type()} ${os.release()}`, node: process.version,
  };
}

export function buildReport(input: {
  cells: CellResult[]; rss: Record<string, { idle: number; peak: number }>; names: TargetName[]; sliceMs: number; rounds: number;
  accounts: number;
}) {
  const cells = input.cells.map((c) => ({
    upstreamLatencyMs: c.latencyMs, stream: c.stream, concurrency: c.concurrency,
    targets: Object.fromEntries(input.names.map((n) => [n, statsFor(c, n)])) as Record<TargetName, TargetStats>,
  }));
  const find = (lat: number, stream: boolean, conc: number) =>
    cells.find((c) => c.upstreamLatencyMs === lat && c.stream === stream && c.concurrency === conc);

  // CPU per request over every cell of a mode: total CPU / total requests.
  const cpuPerReq = (n: string, stream: boolean) => {
    const cs = input.cells.filter((c) => c.stream === stream);
    const cpu = cs.reduce((a, c) => a + (c.cpuMs[n] ?? 0), 0);
    const reqs = cs.reduce((a, c) => a + c.samples[n as TargetName].latencies.length, 0);
    return r3(cpu / Math.max(1, reqs));
  };
  const dbPerReq = (stream: boolean, n: TargetName = "switchyard") => {
    const cs = input.cells.filter((c) => c.stream === stream);
    return r3(cs.reduce((a, c) => a + c.dbCpuMs[n], 0) / Math.max(1, cs.reduce((a, c) => a + c.samples[n].latencies.length, 0)));
  };
  const cpu = Object.fromEntries([false, true].map((stream) => {
    const [ours, pk, bare] = ["switchyard", "portkey", "bare"].map((n) => cpuPerReq(n, stream));
    const base = input.names.includes("baseline") ? { baseline: cpuPerReq("baseline", stream), oursToBaseline: ratio(ours!, cpuPerReq("baseline", stream)) } : {};
    return [stream ? "stream" : "json", { switchyard: ours, portkey: pk, bare, switchyardDb: dbPerReq(stream),
      oursToPortkey: ratio(ours!, pk!), oursToBare: ratio(ours!, bare!), ...base }];
  }));

  // One POST /compare of three models vs one chat on the same process (issue #19: ≤ 3.3×).
  const hasCompare = input.names.includes("compare3");
  const compareCpu = hasCompare ? Object.fromEntries([false, true].map((stream) => {
    const [compare3, chat] = ["compare3", "switchyard"].map((n) => cpuPerReq(n, stream));
    return [stream ? "stream" : "json", { compare3, chat, compare3Db: dbPerReq(stream, "compare3"), compareToChat: ratio(compare3!, chat!) }];
  })) : null;

  const latencies = [...new Set(cells.map((c) => c.upstreamLatencyMs))];
  const addedP50AtC1 = Object.fromEntries(latencies.flatMap((lat) => [false, true].map((stream) => {
    const t = find(lat, stream, 1)!.targets;
    return [`${lat}ms_${stream ? "stream" : "json"}`, {
      switchyard: t.switchyard.addedMs.p50, portkey: t.portkey.addedMs.p50, bare: t.bare.addedMs.p50,
      oursToPortkey: ratio(t.switchyard.addedMs.p50, t.portkey.addedMs.p50),
      oursToBare: ratio(t.switchyard.addedMs.p50, t.bare.addedMs.p50),
    }];
  })));
  const ttfbAtC1 = Object.fromEntries(latencies.map((lat) => {
    const t = find(lat, true, 1)!.targets;
    return [`${lat}ms`, {
      switchyard: t.switchyard.ttfbMs!.p50, portkey: t.portkey.ttfbMs!.p50, bare: t.bare.ttfbMs!.p50, direct: t.direct.ttfbMs!.p50,
      oursMinusBareMs: r3(t.switchyard.ttfbMs!.p50 - t.bare.ttfbMs!.p50),
      oursToPortkey: ratio(t.switchyard.ttfbMs!.p50, t.portkey.ttfbMs!.p50),
    }];
  }));
  const throughputAtC16 = Object.fromEntries(latencies.flatMap((lat) => [false, true].map((stream) => {
    const t = find(lat, stream, 16)!.targets;
    return [`${lat}ms_${stream ? "stream" : "json"}`, {
      switchyard: t.switchyard.rps, portkey: t.portkey.rps, bare: t.bare.rps,
      oursToPortkey: ratio(t.switchyard.rps, t.portkey.rps), oursToBare: ratio(t.switchyard.rps, t.bare.rps),
    }];
  })));
  const rss = Object.fromEntries(Object.entries(input.rss).map(([n, v]) => [n, { idleMb: round(v.idle, 1), peakMb: round(v.peak, 1) }]));
  const rssPeak = { oursToPortkey: ratio(input.rss.switchyard!.peak, input.rss.portkey!.peak), oursToBare: ratio(input.rss.switchyard!.peak, input.rss.bare!.peak) };

  const maxOf = (xs: number[]) => Math.max(...xs);
  const minOf = (xs: number[]) => Math.min(...xs);
  const targets = {
    cpuPerRequest: { limit: "≤ 0.3× Portkey", value: maxOf(Object.values(cpu).map((v) => v.oursToPortkey)) },
    addedP50AtC1: { limit: "≤ 0.5× Portkey (JSON responses)",
      value: maxOf(latencies.map((l) => addedP50AtC1[`${l}ms_json`]!.oursToPortkey)) },
    streamTtfb: { limit: "≤ bare proxy + 1 ms (p50, c=1)", value: maxOf(Object.values(ttfbAtC1).map((v) => v.oursMinusBareMs)) },
    throughputAtC16: { limit: "≥ 3× Portkey (0 ms upstream)",
      value: minOf([false, true].map((s) => throughputAtC16[`0ms_${s ? "stream" : "json"}`]!.oursToPortkey)) },
    rssPeak: { limit: "≤ 1× Portkey", value: rssPeak.oursToPortkey },
    ...(compareCpu ? { compareCpuPerRequest: { limit: "≤ 3.3× one chat", value: maxOf(Object.values(compareCpu).map((v) => v.compareToChat)) } } : {}),
  };
  // Issue #23.7: against the bare proxy (the physical floor in Node), in the same run.
  const c1At0 = [false, true].map((s) => find(0, s, 1)?.targets).filter((t) => t !== undefined);
  const vsBare = {
    cpuPerRequest: { limit: "≤ 1.8× bare proxy", value: maxOf(Object.values(cpu).map((v) => v.oursToBare)) },
    addedP99AtC1: { limit: "≤ 2 ms (0 ms upstream)", value: maxOf(c1At0.map((t) => t.switchyard.addedMs.p99)) },
    throughputAtC16: { limit: "≥ 0.5× bare proxy (0 ms upstream)",
      value: minOf([false, true].map((s) => throughputAtC16[`0ms_${s ? "stream" : "json"}`]!.oursToBare)) },
    dbCpuPerRequestMs: { limit: "reported", value: maxOf([false, true].map((s) => dbPerReq(s))) },
  };
  const vsBareMet = {
    cpuPerRequest: vsBare.cpuPerRequest.value <= 1.8, addedP99AtC1: vsBare.addedP99AtC1.value <= 2,
    throughputAtC16: vsBare.throughputAtC16.value >= 0.5, dbCpuPerRequestMs: true,
  };
  const met = {
    cpuPerRequest: targets.cpuPerRequest.value <= 0.3,
    addedP50AtC1: targets.addedP50AtC1.value <= 0.5,
    streamTtfb: targets.streamTtfb.value <= 1,
    throughputAtC16: targets.throughputAtC16.value >= 3,
    rssPeak: targets.rssPeak.value <= 1,
    compareCpuPerRequest: (targets.compareCpuPerRequest?.value ?? 0) <= 3.3,
  };
  return {
    date: new Date().toISOString(), machine: machine(),
    config: { sliceMs: input.sliceMs, rounds: input.rounds, targets: input.names, accounts: input.accounts,
      notes: "closed-loop undici Pool clients; targets interleaved in slices; CPU from /proc/<pid>/stat (utime+stime) per process; Postgres is a throwaway cluster with fsync off; Portkey 1.15.2 waits 25 ms before the first stream chunk by design" },
    ratios: { cpuPerRequest: cpu, addedP50AtC1, streamTtfbAtC1: ttfbAtC1, throughputAtC16, rss, rssPeak, ...(compareCpu ? { compareCpu } : {}) },
    targets: Object.fromEntries(Object.entries(targets).map(([k, v]) => [k, { ...v, met: met[k as keyof typeof met] }])),
    vsBare: Object.fromEntries(Object.entries(vsBare).map(([k, v]) => [k, { ...v, met: vsBareMet[k as keyof typeof vsBareMet] }])),
    cells,
  };
}

const f = (x: number | null | undefined, d = 2) => (x === null || x === undefined || !Number.isFinite(x) ? "–" : x.toFixed(d));

/** Markdown: one row per (upstream latency, mode, concurrency, target). */
export function markdownTable(rep: Report, filter: (c: Report["cells"][number]) => boolean = () => true): string {
  const rows = ["| upstream | mode | c | target | req/s | p50 ms | p90 ms | p99 ms | added p50 ms | TTFB p50 ms | CPU ms/req |",
    "| --- | --- | --: | --- | --: | --: | --: | --: | --: | --: | --: |"];
  for (const c of rep.cells.filter(filter)) {
    for (const [n, t] of Object.entries(c.targets)) {
      const cpu = t.cpuMsPerRequest === null ? "–" : f(t.cpuMsPerRequest, 3) + (t.dbCpuMsPerRequest !== undefined ? ` (+db ${f(t.dbCpuMsPerRequest, 3)})` : "");
      rows.push(`| ${c.upstreamLatencyMs} ms | ${c.stream ? "stream" : "json"} | ${c.concurrency} | ${n} | ${f(t.rps, 0)} | ${f(t.latencyMs.p50)} | ${f(t.latencyMs.p90)} | ${f(t.latencyMs.p99)} | ${n === "direct" ? "–" : f(t.addedMs.p50)} | ${f(t.ttfbMs?.p50)} | ${cpu} |`);
    }
  }
  return rows.join("\n");
}

export function summaryTable(rep: Report): string {
  const rows = ["| target | measured (ours vs Portkey) | limit | met |", "| --- | --: | --- | --- |"];
  const label: Record<string, string> = {
    cpuPerRequest: "CPU per request, ours/Portkey (worst mode)", addedP50AtC1: "added p50 at c=1, ours/Portkey (worst upstream latency)",
    streamTtfb: "stream TTFB p50 at c=1, ours − bare (ms, worst)", throughputAtC16: "req/s at c=16, ours/Portkey (worst mode)",
    rssPeak: "RSS peak, ours/Portkey",
    compareCpuPerRequest: "CPU per POST /compare of 3 models ÷ per chat (worst mode)",
  };
  for (const [k, v] of Object.entries(rep.targets)) rows.push(`| ${label[k]} | ${f(v.value, 3)} | ${v.limit} | ${v.met ? "yes" : "**no**"} |`);
  const bareLabel: Record<string, string> = {
    cpuPerRequest: "CPU per request, ours/bare proxy (worst mode)", addedP99AtC1: "added p99 at c=1, 0 ms upstream (ms, worst mode)",
    throughputAtC16: "req/s at c=16, ours/bare proxy (worst mode)", dbCpuPerRequestMs: "Postgres CPU per request (ms, worst mode)",
  };
  rows.push("", "| against the bare proxy (issue #23.7) | measured | limit | met |", "| --- | --: | --- | --- |");
  for (const [k, v] of Object.entries(rep.vsBare)) rows.push(`| ${bareLabel[k]} | ${f(v.value, 3)} | ${v.limit} | ${v.met ? "yes" : "**no**"} |`);
  const cpu = rep.ratios.cpuPerRequest;
  const rss = rep.ratios.rss;
  rows.push("", "| process | CPU ms/req json | CPU ms/req stream | RSS idle MB | RSS peak MB |", "| --- | --: | --: | --: | --: |");
  for (const n of ["switchyard", "baseline", "portkey", "bare"].filter((x) => rss[x])) {
    const key = n as "switchyard" | "portkey" | "bare" | "baseline";
    const db = n === "switchyard" ? ` (+db ${f(cpu.json!.switchyardDb, 3)})` : "";
    const dbs = n === "switchyard" ? ` (+db ${f(cpu.stream!.switchyardDb, 3)})` : "";
    const v = (m: typeof cpu.json) => (m as Record<string, number | undefined>)[key];
    rows.push(`| ${n} | ${f(v(cpu.json), 3)}${db} | ${f(v(cpu.stream), 3)}${dbs} | ${f(rss[n]?.idleMb, 0)} | ${f(rss[n]?.peakMb, 0)} |`);
  }
  // A server of several processes: CPU above is all of them; RSS above is its API process(es).
  for (const n of ["switchyard-all"].filter((x) => rss[x])) {
    rows.push(`| ${n} (primary + API workers + Next) | | | ${f(rss[n]?.idleMb, 0)} | ${f(rss[n]?.peakMb, 0)} |`);
  }
  return rows.join("\n");
}

export function printTable(rep: Report): void {
  const m = rep.machine;
  console.log(`\n${rep.date} — ${m.cpu}, ${m.cores} cores, ${m.memGb} GB, ${m.os}, Node ${m.node}\n`);
  console.log(markdownTable(rep));
  console.log("\n" + summaryTable(rep));
}

/** Writes results/<date>.json and latest.{json,md}; a tagged run (an experiment) writes only
 *  results/<date>-<tag>.json. */
export function writeResults(rep: Report, tag?: string): string {
  const dir = path.resolve(import.meta.dirname, "results");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${rep.date.replace(/[:.]/g, "-")}${tag ? "-" + tag : ""}.json`);
  const text = JSON.stringify(rep, null, 2) + "\n";
  fs.writeFileSync(file, text);
  if (tag) return path.relative(process.cwd(), file);
  fs.writeFileSync(path.join(dir, "latest.json"), text);
  fs.writeFileSync(path.join(dir, "latest.md"), `${rep.date} — ${rep.machine.cpu}, ${rep.machine.cores} cores, Node ${rep.machine.node}\n\n` +
    summaryTable(rep) + "\n\n" + markdownTable(rep) + "\n");
  return path.relative(process.cwd(), file);
}
