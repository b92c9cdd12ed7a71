// Streams upstream chunks to the client as they arrive. Usage comes from the provider's
// final chunk; the generated text is kept only to count tokens when usage never comes
// (provider omits it, stream cut, client abort).
import { AppError } from "@/lib/errors";
import { UpstreamError, type CanonicalChunk, type FinishReason } from "@/lib/providers/types";
import type { StreamStart } from "@/lib/gateway/chat/attempts";
import { finalizeChat, finalUsage, type ChatOutcome } from "@/lib/gateway/chat/finalize";
import type { ChatSink } from "@/lib/gateway/chat/sink";
import { toClientError } from "@/lib/gateway/chat/upstream-errors";

export async function pipeStream(start: StreamStart, o: ChatOutcome, sink: ChatSink, signal: AbortSignal): Promise<void> {
  const parts: string[] = [];
  let finish: FinishReason | null = null;
  const take = (c: CanonicalChunk) => {
    if (c.usage) o.usage = c.usage;
    if (c.finish_reason) finish = c.finish_reason;
    if (c.delta.content) parts.push(c.delta.content);
    if (c.delta.tool_calls) for (const t of c.delta.tool_calls) if (t.function?.arguments) parts.push(t.function.arguments);
    sink.chunk(c);
  };
  const first = start.first;
  sink.open(start.link.model.id, first?.id ?? o.call.req.requestId, first?.created ?? Math.floor(Date.now() / 1000), o.prompt);
  try {
    if (first) take(first);
    for (;;) {
      const next = await start.rest.next();
      if (next.done) break;
      take(next.value);
    }
    o.generatedText = o.usage ? "" : parts.join("");
    o.call.res.after(() => finalizeChat(o));
    sink.close(finalUsage(o), finish);
  } catch (err) {
    // After the first byte there is no failover: report in-stream, charge what was generated.
    o.generatedText = o.usage ? "" : parts.join("");
    o.error = err;
    const aborted = signal.aborted || (err instanceof UpstreamError && err.kind === "aborted");
    o.status = aborted ? 499 : 502;
    o.call.res.after(() => finalizeChat(o));
    if (aborted) {
      o.call.res.end();
      return;
    }
    const clientErr = err instanceof AppError ? err : toClientError(err, start.link.model.provider);
    sink.fail(clientErr);
  }
}
