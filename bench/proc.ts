// What a process costs, read from /proc (Linux): CPU time (utime+stime) and resident memory.
import fs from "node:fs";

const TICK_MS = 1000 / 100; // USER_HZ is 100 on Linux

/** utime + stime of one process, in ms. */
export function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the ")" that closes the command name: state is field 3, utime 14, stime 15.
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12])) * TICK_MS;
}

/** utime and stime separately, in ms (syscall-heavy code shows up as system time). */
export function cpuSplitMs(pid: number): { user: number; sys: number } {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { user: Number(f[11]) * TICK_MS, sys: Number(f[12]) * TICK_MS };
}

/** VmRSS in MB (0 when the process is gone). */
export function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Direct children of a process (e.g. the backends of a Postgres postmaster). */
export function childrenOf(ppid: number): number[] {
  const out: number[] = [];
  for (const e of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${e}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(f[1]) === ppid) out.push(Number(e));
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

/** CPU ms per pid of a process and its direct children (a Postgres cluster). */
export function treeCpu(pid: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const p of [pid, ...childrenOf(pid)]) {
    try {
      out.set(p, cpuMs(p));
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

/** CPU used between two treeCpu snapshots; children that exited meanwhile are not counted
 *  (their CPU would otherwise vanish from a plain sum and make the delta negative). */
export function treeCpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [p, ms] of after) total += ms - (before.get(p) ?? 0);
  return total;
}

/** A process and all its descendants (the server's primary, API workers and Next process). */
export function processTree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) out.push(...childrenOf(out[i]!));
  return out;
}

/** CPU ms of a process and all its descendants (processes that exited meanwhile are not counted). */
export function cpuMsTree(pid: number): number {
  let total = 0;
  for (const p of processTree(pid)) {
    try {
      total += cpuMs(p);
    } catch {
      // exited meanwhile
    }
  }
  return total;
}

/** The processes of `pid`'s tree whose command line contains `needle` (e.g. "next-server"). */
export function treePidsRunning(pid: number, needle: string): number[] {
  return processTree(pid).filter((p) => {
    try {
      return fs.readFileSync(`/proc/${p}/cmdline`, "utf8").includes(needle);
    } catch {
      return false;
    }
  });
}

/** The API worker processes of a Switchyard server tree (by command line), or the pid itself (one-process servers). */
export function apiWorkerPids(pid: number): number[] {
  const workers = treePidsRunning(pid, "api-worker");
  return workers.length ? workers : [pid];
}

/** CPU ms of one process from every thread's schedstat: ns, where /proc/<pid>/stat counts 10 ms ticks. */
export function threadsCpuMs(pid: number): number {
  let ns = 0;
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    ns += Number(fs.readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
  }
  return ns / 1e6;
}

/** threadsCpuMs of each process of `root`'s tree, by role: primary (root), worker (API worker), next, or pid. */
export function cpuMsByRole(root: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const pid of processTree(root)) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
      const role = pid === root ? "primary" : cmd.includes("api-worker") ? "worker" : cmd.includes("next-server") ? "next" : `pid ${pid}`;
      out.set(role, (out.get(role) ?? 0) + threadsCpuMs(pid));
    } catch {
      // exited meanwhile
    }
  }
  return out;
}
