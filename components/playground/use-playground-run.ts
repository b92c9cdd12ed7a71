"use client";

// Runs one playground request and folds its event stream into a RunState as it arrives (one
// React update per network read). Stop all aborts the request (the server stops every model
// and bills what was generated); stop one stops showing that column and, for Compare, asks the
// server to stop that model alone (POST /api/dashboard/playground/stop).
import { useCallback, useRef, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { playgroundKeys } from "@/lib/playground/query-keys";
import type { PlaygroundMode } from "@/lib/playground/modes";
import { emptyRun, RunBuilder, type RunState } from "@/lib/playground/run-state";
import { SseLineReader } from "@/lib/playground/sse-lines";

export type PlaygroundRun = {
  run: RunState;
  running: boolean;
  start: (body: Record<string, unknown>) => Promise<RunState>;
  stopAll: () => void;
  stopCall: (key: string) => void;
  /** Shows a stored run (history). */
  load: (run: RunState) => void;
  reset: () => void;
};

export function usePlaygroundRun(mode: PlaygroundMode): PlaygroundRun {
  const [run, setRun] = useState<RunState>(() => emptyRun(mode));
  const current = useRef(run);
  const abort = useRef<AbortController | null>(null);
  const queries = useQueryClient();

  const commit = useCallback((next: RunState) => {
    current.current = next;
    setRun(next);
  }, []);

  const update = useCallback((fn: (b: RunBuilder) => void) => {
    const b = RunBuilder.from(current.current);
    fn(b);
    commit(b.run);
  }, [commit]);

  const start = useCallback(async (body: Record<string, unknown>): Promise<RunState> => {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    const t0 = performance.now();
    commit(emptyRun(mode, "running"));
    try {
      const res = await fetch(`/api/dashboard/playground/${mode}`, {
        method: "POST", signal: controller.signal, headers: { "content-type": "application/json", accept: "text/event-stream" },
        body: JSON.stringify(body),
      });
      if (!res.ok || !res.body) {
        const err = (await res.json().catch(() => null)) as { error?: { message?: string; code?: string } } | null;
        update((b) => {
          b.run.error = { status: res.status, message: err?.error?.message ?? `The run failed (HTTP ${res.status}).`, code: err?.error?.code ?? null };
          b.finish("error");
        });
        return current.current;
      }
      update((b) => void (b.run.requestId = res.headers.get("x-request-id")));
      const reader = new SseLineReader();
      const decoder = new TextDecoder();
      const stream = res.body.getReader();
      for (;;) {
        const { done, value } = await stream.read();
        if (done) break;
        const events = reader.push(decoder.decode(value, { stream: true }));
        if (events.length) {
          const elapsed = performance.now() - t0;
          update((b) => events.forEach((e) => b.apply(e, elapsed)));
        }
      }
      update((b) => b.finish(b.run.error ? "error" : reader.done ? "done" : "stopped"));
    } catch {
      update((b) => b.finish(controller.signal.aborted ? "stopped" : "error"));
      if (!controller.signal.aborted) update((b) => void (b.run.error ??= { status: 0, message: "The connection was lost.", code: null }));
    } finally {
      if (abort.current === controller) abort.current = null;
      // The server keeps the run after its response: refresh the list once it has.
      setTimeout(() => void queries.invalidateQueries({ queryKey: playgroundKeys.history }), 400);
    }
    return current.current;
  }, [mode, commit, update, queries]);

  const stopAll = useCallback(() => abort.current?.abort(), []);
  const stopCall = useCallback((key: string) => {
    const call = current.current.calls[key];
    const requestId = current.current.requestId;
    update((b) => b.stop(key));
    if (mode !== "compare" || !call || !requestId) return;
    void fetch("/api/dashboard/playground/stop", {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ request_id: requestId, index: call.index }),
    }).catch(() => undefined); // the column is stopped in view either way
  }, [update, mode]);
  const load = useCallback((r: RunState) => commit(r), [commit]);
  const reset = useCallback(() => commit(emptyRun(mode)), [commit, mode]);

  return { run, running: run.status === "running", start, stopAll, stopCall, load, reset };
}
