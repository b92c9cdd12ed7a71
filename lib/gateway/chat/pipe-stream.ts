// Streams upstream chunks to the client as they arrive. Usage comes from the provider's
// final chunk; the generated pieces are kept (streamed-answer.ts) to count tokens when usage
// never comes (provider omits it, stream cut, client abort) and, after the response, to
// assemble the answer the log stores. Returns how the stream ended; the caller settles
// (run-chat.ts → finalize.ts).
import { AppError } from "@/lib/errors";
import { UpstreamError, type CanonicalChunk, type FinishReason, type Usage } from "@/lib/providers/types";
import type { StreamStart } from "@/lib/gateway/chat/attempts";
import { finalUsage, type ChatCall } from "@/lib/gateway/chat/chat-outcome";
import type { PromptSize } from "@/lib/gateway/chat/estimate";
import { toClientError } from "@/lib/gateway/chat/upstream-errors";
import { ToolCallPieces, type StreamedPieces } from "@/lib/gateway/chat/streamed-answer";

export type StreamEnd = StreamedPieces & {
  /** 200, 499 (the client went away) or 502 (the upstream failed after the first byte). */
  status: number;
  usage: Usage | null;
  /** Empty when the provider reported usage. */
  generatedText: string;
  error: unknown;
};

export async function pipeStream(start: StreamStart, call: ChatCall, prompt: PromptSize): Promise<StreamEnd> {
  const { sink, req } = call;
  const parts: string[] = [];
  let usage: Usage | null = null;
  let finish: FinishReason | null = null;
  let tools: ToolCallPieces | null = null;
  const take = (c: CanonicalChunk) => {
    if (c.usage) usage = c.usage;
    if (c.finish_reason) finish = c.finish_reason;
    if (c.delta.content) parts.push(c.delta.content);
    if (c.delta.tool_calls) (tools ??= new ToolCallPieces()).take(c.delta.tool_calls, parts);
    sink.chunk(c);
  };
  const first = start.first;
  const id = first?.id ?? req.requestId;
  const created = first?.created ?? Math.floor(Date.now() / 1000);
  const model = start.link.model.id;
  sink.open(model, id, created, prompt);
  try {
    if (first) take(first);
    const rest = start.rest;
    for (;;) {
      // The rest of the read's batch without an await each (chunk-stream.ts), then wait.
      for (let c = rest.ready(); c !== undefined; c = rest.ready()) take(c);
      const next = await rest.next();
      if (next.done) break;
      take(next.value);
    }
    const generatedText = usage ? "" : parts.join("");
    sink.close(finalUsage(usage, generatedText, prompt), finish);
    return { status: 200, usage, generatedText, error: null, id, created, model, parts, finish, tools };
  } catch (err) {
    // After the first byte there is no failover: report in-stream, charge what was generated.
    const generatedText = usage ? "" : parts.join("");
    const aborted = req.signal.aborted || (err instanceof UpstreamError && err.kind === "aborted");
    if (aborted) call.res.end();
    else sink.fail(err instanceof AppError ? err : toClientError(err, start.link.model.provider));
    return { status: aborted ? 499 : 502, usage, generatedText, error: err, id, created, model, parts, finish, tools };
  }
}
