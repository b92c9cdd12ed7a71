// /api/metrics across a cluster: the worker that gets the scrape asks the primary, which
// collects every worker's page over IPC and merges them (merge-metrics.ts). A lone process
// (no cluster, or tests) answers with its own page.
import cluster from "node:cluster";
import { renderMetrics } from "@/lib/observability/metrics";
import { internalSettings, isIpcMessage } from "./internal";

let nextId = 1;
const waiting = new Map<number, (text: string) => void>();

/** Called once in an API worker: answers the primary's collection requests. */
export function answerMetricsCollection(): void {
  if (!cluster.isWorker) return;
  process.on("message", (m: unknown) => {
    if (!isIpcMessage(m)) return;
    if (m.type === "metrics-collect") {
      process.send?.({ type: "metrics-part", id: m.id, slot: internalSettings().slot ?? "1", text: renderMetrics() });
    } else if (m.type === "metrics-response") {
      waiting.get(m.id)?.(m.text);
      waiting.delete(m.id);
    }
  });
}

export function collectMetrics(): Promise<string> {
  if (!cluster.isWorker || !process.send) return Promise.resolve(renderMetrics());
  const id = nextId++;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      waiting.delete(id);
      resolve(renderMetrics()); // the primary did not answer: this worker's own page
    }, 2_000);
    waiting.set(id, (text) => {
      clearTimeout(timer);
      resolve(text);
    });
    process.send!({ type: "metrics-request", id });
  });
}
