// The API worker's `--trace-gc` lines (BENCH_GATEWAY_FLAGS=--trace-gc), shared by the probes that
// read them: the server's log holds every process of its tree, so lines are kept by the worker's pid.
import fs from "node:fs";
import path from "node:path";
import type { Proc } from "../setup";

/** Where the server's log ends now (0 when it has none yet): pass to gcLinesSince. */
export function gcLogMark(dir: string, server: Proc): number {
  const log = path.join(dir, `${server.name}.log`);
  return fs.existsSync(log) ? fs.readFileSync(log, "utf8").length : 0;
}

/** The GC lines `pid` wrote to the server's log since `mark`. */
export function gcLinesSince(dir: string, server: Proc, mark: number, pid: number): string[] {
  const log = path.join(dir, `${server.name}.log`);
  if (!fs.existsSync(log)) return [];
  return fs.readFileSync(log, "utf8").slice(mark).split("\n").filter((l) => l.includes(`[${pid}:`));
}

/** A GC line's pause in ms ("…, 3.62 / 0.00 ms …"). */
export const gcPauseMs = (line: string) => Number(/, ([\d.]+) \/ [\d.]+ ms/.exec(line)?.[1] ?? 0);
