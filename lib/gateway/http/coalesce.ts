// A stream sink writes many small SSE events per upstream read. Joining the events produced
// in one tick into one res.write saves the per-write work (chunked-encoding framing, stream
// bookkeeping, one buffer per event in the socket write) without holding anything back: the
// batch goes out when the tick ends, before any timer or I/O callback can run.
import type { ApiResponse } from "@/lib/gateway/http/types";

export type CoalescingWriter = { write(text: string): void; end(text?: string): void };

export function coalescingWriter(res: ApiResponse): CoalescingWriter {
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
