// The chat pipeline's answer written as the OpenAI Responses API (POST /responses): a
// `response` object, or its event stream (formats/responses/stream.ts).
import type { AppError } from "@/lib/errors";
import { sendJson } from "@/lib/gateway/http/respond";
import type { ApiResponse } from "@/lib/gateway/http/types";
import { coalescingWriter } from "@/lib/gateway/http/coalesce";
import type { ResponseEcho } from "@/lib/gateway/formats/responses/echo";
import { toResponseObject, type ResponseIds } from "@/lib/gateway/formats/responses/response";
import { ResponsesStreamEncoder } from "@/lib/gateway/formats/responses/stream";
import { writeSseHead, type ChatSink } from "@/lib/gateway/chat/sink";

export function responsesSink(res: ApiResponse, ids: ResponseIds, echo: ResponseEcho): ChatSink {
  let encoder: ResponsesStreamEncoder | null = null;
  const out = coalescingWriter(res); // one write per tick, however many events it produced
  return {
    complete(response, modelId, usage) {
      sendJson(res, 200, toResponseObject(response, modelId, usage, ids, echo));
      return null; // the log stores the OpenAI document
    },
    open(modelId) {
      writeSseHead(res);
      encoder = new ResponsesStreamEncoder(ids, modelId, echo);
      out.write(encoder.start());
    },
    chunk(c) {
      const text = encoder?.push(c);
      if (text) out.write(text);
    },
    close(usage, finish) {
      out.end(encoder?.finish(usage, finish ?? "stop") ?? "");
    },
    fail(error: AppError) {
      out.end(encoder?.fail(error.message, error.status === 429) ?? "");
    },
  };
}
