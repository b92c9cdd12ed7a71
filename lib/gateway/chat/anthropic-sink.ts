import type { AppError } from "@/lib/errors";
import { sendJson } from "@/lib/gateway/http/respond";
import type { ApiResponse } from "@/lib/gateway/http/types";
import { anthropicErrorType } from "@/lib/gateway/formats/anthropic/errors";
import { toAnthropicMessage } from "@/lib/gateway/formats/anthropic/response";
import { createAnthropicStreamEncoder, type AnthropicStreamEncoder } from "@/lib/gateway/formats/anthropic/stream";
import { coalescingWriter } from "@/lib/gateway/http/coalesce";
import { writeSseHead, type ChatSink } from "@/lib/gateway/chat/sink";

export function anthropicSink(res: ApiResponse): ChatSink {
  let encoder: AnthropicStreamEncoder | null = null;
  const out = coalescingWriter(res); // one write per tick, however many events it produced
  const write = (s: string) => {
    if (s) out.write(s);
  };
  return {
    complete(response, modelId, usage) {
      sendJson(res, 200, toAnthropicMessage(response, modelId, { usage }));
      return null; // the log stores the OpenAI document
    },
    open(modelId, messageId, _created, prompt) {
      writeSseHead(res);
      encoder = createAnthropicStreamEncoder(modelId, messageId);
      write(encoder.start(prompt.exact())); // message_start carries input_tokens
    },
    chunk(c) {
      if (encoder) write(encoder.push(c));
    },
    close(usage, finish) {
      out.end(encoder?.finish(usage, finish ?? "stop") ?? "");
    },
    fail(error: AppError) {
      out.end(encoder?.error(error.message, anthropicErrorType(error.status)) ?? "");
    },
  };
}
