// The server's primary process (server.ts → dist/server.mjs). It serves nothing itself:
//   - one Next process (next-process.ts) on an internal port: pages, auth, the dashboard;
//   - WEB_CONCURRENCY API workers (api-worker.ts) sharing the public port through node:cluster:
//     the gateway API, and a proxy to the Next process for everything else.
// It restarts a child that dies (an API worker keeps its slot, so its successor releases its
// credit holds), merges the workers' and the Next process's /api/metrics pages, and on SIGTERM/SIGINT lets every child
// drain (SHUTDOWN_GRACE_MS) before it exits.
import cluster, { type Worker } from "node:cluster";
import { fork, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import os from "node:os";
import { env } from "@/lib/env";
import { INTERNAL_TOKEN_ENV, isIpcMessage, NEXT_PORT_ENV, ROLE_ENV, SLOT_ENV, type IpcMessage } from "./internal";
import { freePort } from "./free-port";
import { mergeMetricPages } from "./merge-metrics";

export type PrimaryOptions = { dev: boolean; apiEntry: string; nextEntry: string };

const RESTART_BACKOFF_MS = [0, 500, 1_000, 2_000, 5_000, 10_000];
const QUICK_DEATH_MS = 10_000; // a child that dies sooner than this counts towards backoff

const log = (msg: string) => console.log(`switchyard: ${msg}`);

export async function runPrimary(o: PrimaryOptions): Promise<void> {
  const { PORT: port, HOST: host, WEB_CONCURRENCY, SHUTDOWN_GRACE_MS: graceMs } = env();
  const workers = WEB_CONCURRENCY === 0 ? os.availableParallelism() : WEB_CONCURRENCY;
  const childEnv = {
    [NEXT_PORT_ENV]: String(await freePort()),
    [INTERNAL_TOKEN_ENV]: randomBytes(16).toString("hex"),
  };
  let stopping = false;
  const quickDeaths = new Map<string, number>();
  const restartDelay = (name: string, startedAt: number): number => {
    const n = Date.now() - startedAt < QUICK_DEATH_MS ? (quickDeaths.get(name) ?? 0) + 1 : 0;
    quickDeaths.set(name, n);
    return RESTART_BACKOFF_MS[Math.min(n, RESTART_BACKOFF_MS.length - 1)]!;
  };

  // --- the Next process ---
  let nextChild: ChildProcess | null = null;
  let portBound = false;
  // The Next process may give back its predecessor's credit holds only once the public port
  // is ours (lib/billing/settlement/holds.ts, releasePredecessorHolds): a second server that
  // fails to bind must not take a live one's holds.
  const tellPortBound = () => {
    if (portBound && nextChild?.connected) nextChild.send({ type: "port-bound" } satisfies IpcMessage);
  };
  const startNext = () => new Promise<void>((ready) => {
    const startedAt = Date.now();
    const child = fork(o.nextEntry, o.dev ? ["--dev"] : [], { env: { ...process.env, ...childEnv, [ROLE_ENV]: "next" } });
    nextChild = child;
    child.on("message", (m: unknown) => {
      if (!isIpcMessage(m)) return;
      if (m.type === "next-ready") {
        tellPortBound();
        ready();
      } else takeMetricsPart(m);
    });
    child.once("exit", (code, signal) => {
      nextChild = null;
      if (stopping) return;
      const delay = restartDelay("next", startedAt);
      log(`the Next process exited (${signal ?? code}); restarting in ${delay} ms — the API keeps serving`);
      setTimeout(() => void startNext(), delay);
    });
  });

  // --- /api/metrics: every API worker's page and the Next process's (the playground, sign-in
  // throttles and Stripe webhooks run there), merged with a worker="<slot>"/"next" label ---
  const bySlot = new Map<number, Worker>();
  const collections = new Map<number, { parts: { slot: string; text: string }[]; expect: number; done: () => void }>();
  let collectionId = 0;
  const pageOrder = (slot: string) => (slot === "next" ? Number.MAX_SAFE_INTEGER : Number(slot));
  const collectMetrics = (asker: Worker, askId: number) => {
    const id = ++collectionId;
    const live = [...bySlot.values()].filter((w) => w.isConnected());
    const next = nextChild?.connected ? nextChild : null;
    const finish = () => {
      const c = collections.get(id);
      if (!c) return;
      collections.delete(id);
      clearTimeout(timer);
      const pages = c.parts.sort((a, b) => pageOrder(a.slot) - pageOrder(b.slot));
      const reply: IpcMessage = { type: "metrics-response", id: askId, text: mergeMetricPages(pages) };
      if (asker.isConnected()) asker.send(reply);
    };
    const timer = setTimeout(finish, 1_000); // a child that does not answer is left out
    collections.set(id, { parts: [], expect: live.length + (next ? 1 : 0), done: finish });
    for (const w of live) w.send({ type: "metrics-collect", id } satisfies IpcMessage);
    next?.send({ type: "metrics-collect", id } satisfies IpcMessage);
  };
  const takeMetricsPart = (m: IpcMessage) => {
    if (m.type !== "metrics-part") return;
    const c = collections.get(m.id);
    if (!c) return;
    c.parts.push({ slot: m.slot, text: m.text });
    if (c.parts.length >= c.expect) c.done();
  };

  // --- API workers ---
  cluster.setupPrimary({ exec: o.apiEntry, args: o.dev ? ["--dev"] : [] });
  const forkWorker = (slot: number): Promise<void> => new Promise((listening) => {
    const startedAt = Date.now();
    const w = cluster.fork({ ...childEnv, [ROLE_ENV]: "api", [SLOT_ENV]: String(slot) });
    bySlot.set(slot, w);
    w.once("listening", () => listening());
    w.on("message", (m: unknown) => {
      if (!isIpcMessage(m)) return;
      if (m.type === "metrics-request") collectMetrics(w, m.id);
      else takeMetricsPart(m);
    });
    w.once("exit", (code, signal) => {
      if (bySlot.get(slot) === w) bySlot.delete(slot);
      if (stopping) return;
      const delay = restartDelay(`w${slot}`, startedAt);
      log(`API worker ${slot} (pid ${w.process.pid}) exited (${signal ?? code}); restarting it in ${delay} ms`);
      setTimeout(() => void forkWorker(slot), delay);
    });
  });

  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    log(`stopping: draining ${bySlot.size} API worker(s) and the Next process (up to ${graceMs} ms)`);
    const children: { kill(sig: NodeJS.Signals): unknown; exited: Promise<void> }[] = [];
    for (const w of bySlot.values()) {
      children.push({ kill: (s) => w.process.kill(s), exited: new Promise((r) => (w.isDead() ? r() : w.once("exit", () => r()))) });
    }
    const n = nextChild as ChildProcess | null;
    if (n) children.push({ kill: (s) => n.kill(s), exited: new Promise((r) => (n.exitCode !== null ? r() : n.once("exit", () => r()))) });
    for (const c of children) c.kill("SIGTERM");
    const hard = setTimeout(() => {
      for (const c of children) c.kill("SIGKILL");
      process.exit(1);
    }, graceMs + 15_000);
    void Promise.all(children.map((c) => c.exited)).then(() => {
      clearTimeout(hard);
      process.exit(0);
    });
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);

  // Next first: the public port opens only when pages can be served too.
  await startNext();
  await Promise.all(Array.from({ length: workers }, (_, i) => forkWorker(i + 1)));
  portBound = true;
  tellPortBound();
  log(`${o.dev ? "dev " : ""}server listening on http://${host}:${port} (${workers} API worker${workers === 1 ? "" : "s"} + Next)`);
}
