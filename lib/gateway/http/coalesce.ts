// Performance trick (docs/performance.md, "Performance tricks and what they earn"; off with
// SWITCHYARD_NO_TRICKS=coalesce, lib/perf-tricks.ts, for measurement only).
// A stream sink writes many small SSE events per upstream read. Joining the events produced
// in one tick into one res.write saves the per-write work (chunked-encoding framing, stream
// bookkeeping, one buffer per event in the socket write) without holding anything back: the
// batch goes out when the tick ends, before any timer or I/O callback can run.
// The first event is the exception: it goes out at once, with the headers, so the client's
// first token does not wait for the rest of the read to be translated (time to first byte
// is what a client measures, and what a proxy adds).
import type { ApiResponse } from "@/lib/gateway/http/types";
import { trickOn } from "@/lib/perf-tricks";

const COALESCE_ON = trickOn("coalesce");

export type CoalescingWriter = { write(text: string): void; end(text?: string): void };

export function coalescingWriter(res: ApiResponse): CoalescingWriter {
  if (!COALESCE_ON) return { write: (text) => void res.write(text), end: (text = "") => res.end(text || undefined) };
  let pending = "";
  let scheduled = false;
  let first = true;
  const flush = () => {
    scheduled = false;
    if (!pending) return;
    const text = pending;
    pending = "";
    res.write(text);
  };
  return {
    write(text) {
      if (first) {
        first = false;
        res.write(text);
        return;
      }
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
