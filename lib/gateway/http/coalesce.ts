// Performance trick (docs/performance.md, "Performance tricks and what they earn"; off with
// SWITCHYARD_NO_TRICKS=coalesce, lib/perf-tricks.ts, for measurement only).
// A stream sink writes many small SSE events per upstream read. Joining the events produced
// in one tick into one res.write saves the per-write work (chunked-encoding framing, stream
// bookkeeping, one buffer per event in the socket write) without holding anything back: the
// batch goes out when the tick ends, before any timer or I/O callback can run.
// The first event waits like the others (it goes out with the headers): writing it at once
// cost one more socket write per stream (~10 % of a stream's CPU when a whole answer arrives
// in one read) to send it a read's translation earlier (~0.05 ms); a real model's events
// arrive reads apart, so each goes out at the end of its own tick either way.
import type { ApiResponse } from "@/lib/gateway/http/types";
import { trickOn } from "@/lib/perf-tricks";

const COALESCE_ON = trickOn("coalesce");

export type CoalescingWriter = { write(text: string): void; end(text?: string): void };

export function coalescingWriter(res: ApiResponse): CoalescingWriter {
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
        process.nextTick(flush);
      }
    },
    end(text = "") {
      const rest = pending + text;
      pending = "";
      res.end(rest || undefined);
    },
  };
}
