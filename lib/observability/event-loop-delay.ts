// Event-loop delay for /api/metrics: how late timers fire, i.e. how long some callback kept
// the loop busy (a frozen loop delays every request in the process). Node samples it with
// one libuv timer (perf_hooks.monitorEventLoopDelay); the monitor starts at the first scrape,
// so a process nobody scrapes runs no extra timer. Like prom-client's eventloop-lag metrics,
// each scrape reports the window since the previous one and starts a new window.
import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";
import { processSingleton } from "@/lib/shared-state";

/** Sampling period of the monitor (Node's default is 10 ms). */
const RESOLUTION_MS = 10;

export type EventLoopDelay = { p50: number; p99: number; max: number };

const state = processSingleton<{ histogram: IntervalHistogram | null }>("eventLoopDelay", () => ({ histogram: null }));

/** Delay in seconds since the previous call; null on the first call (the monitor starts then). */
export function takeEventLoopDelay(): EventLoopDelay | null {
  const h = state.histogram;
  if (!h) {
    state.histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    state.histogram.enable();
    return null;
  }
  // Values are in ns and include the sampling period itself: a loop that is never blocked
  // reads ~RESOLUTION_MS, so report what is added on top of it.
  const late = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS) / 1000;
  const out = h.count > 0 ? { p50: late(h.percentile(50)), p99: late(h.percentile(99)), max: late(h.max) } : { p50: 0, p99: 0, max: 0 };
  h.reset();
  return out;
}
