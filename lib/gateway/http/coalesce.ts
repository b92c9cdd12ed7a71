// Performance trick (docs/performance.md, "Performance tricks and what they earn"; off with
// SWITCHYARD_NO_TRICKS=coalesce, lib/perf-tricks.ts, for measurement only).
// A stream sink writes many small SSE events per upstream read. Joining the events produced
// in one tick into one res.write saves the per-write work (chunked-encoding framing, stream
// bookkeeping, one buffer per event in the socket write) without holding anything back: the
// batch goes out when the tick ends, before any timer or I/O callback can run — or, for a
// stream fed by several sockets ("turn" below), when the loop's poll phase ends: after the
// other sockets' reads of that turn, still before any timer.
// The first event waits like the others (it goes out with the headers): writing it at once
// cost one more socket write per stream (~10 % of a stream's CPU when a whole answer arrives
// in one read) to send it a read's translation earlier (~0.05 ms); a real model's events
// arrive reads apart, so each goes out at the end of its own tick either way.
import type { ApiResponse } from "@/lib/gateway/http/types";
import { trickOn } from "@/lib/perf-tricks";

const COALESCE_ON = trickOn("coalesce");

export type CoalescingWriter = { write(text: string): void; end(text?: string): void };

/**
 * When a batch goes out. "tick": at the end of the tick that produced it — a stream fed by one
 * upstream socket, one read per tick. "turn": at the end of the event loop's poll phase
 * (setImmediate) — a stream fed by several upstream sockets (an orchestration call's sub-calls),
 * whose reads in one turn are separate ticks: their events then go out in one write instead of
 * one per socket (compare of 3: ~6 → ~4 socket writes, docs/performance.md "2026-12-07 (night)").
 * A single-socket stream gains nothing from waiting for the turn, so it does not.
 */
export type CoalesceUntil = "tick" | "turn";

export function coalescingWriter(res: ApiResponse, until: CoalesceUntil = "tick"): CoalescingWriter {
  if (!COALESCE_ON) return { write: (text) => void res.write(text), end: (text = "") => res.end(text || undefined) };
  let pending = "";
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (!pending) return;
    const text = pending;
    pending = "";
    res.write(text);
  };
  return {
    write(text) {
      pending += text;
      if (!scheduled) {
        scheduled = true;
        if (until === "tick") process.nextTick(flush);
        else setImmediate(flush);
      }
    },
    end(text = "") {
      const rest = pending + text;
      pending = "";
      res.end(rest || undefined);
    },
  };
}
