// A stream sink writes many small SSE events per upstream read. Joining the events produced
// in one tick into one res.write saves the per-write work (chunked-encoding framing, stream
// bookkeeping, one buffer per event in the socket write) without holding anything back: the
// batch goes out when the tick ends, before any timer or I/O callback can run.
// The first event is the exception: it goes out at once, with the headers, so the client's
// first token does not wait for the rest of the read to be translated (time to first byte
// is what a client measures, and what a proxy adds).
import type { ApiResponse } from "@/lib/gateway/http/types";

export type CoalescingWriter = { write(text: string): void; end(text?: string): void };

export function coalescingWriter(res: ApiResponse): CoalescingWriter {
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
