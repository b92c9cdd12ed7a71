import type { AppError } from "@/lib/errors";
import { sendJson } from "@/lib/gateway/http/respond";
import type { ApiResponse } from "@/lib/gateway/http/types";
import { coalescingWriter } from "@/lib/gateway/http/coalesce";
import { serializeStreamError } from "@/lib/gateway/formats/openai/errors";
import { SSE_DONE, chunkSerializer, serializeUsageChunk, toChatCompletion } from "@/lib/gateway/formats/openai/response";
import { hasPayload, writeSseHead, type ChatSink } from "@/lib/gateway/chat/sink";

export function openAiSink(res: ApiResponse, includeUsage: boolean): ChatSink {
  let modelId = "";
  let id = "";
  let created = 0;
  let serialize = chunkSerializer("");
  const out = coalescingWriter(res); // one write per tick, however many events it produced
  return {
    complete(response, model, usage) {
      const document = toChatCompletion(response, model, usage);
      return { document, text: sendJson(res, 200, document) };
    },
    open(model, messageId, createdAt) {
      modelId = model;
      id = messageId;
      created = createdAt;
      serialize = chunkSerializer(model);
      writeSseHead(res);
    },
    chunk(c) {
      if (hasPayload(c)) out.write(serialize(c));
    },
    close(usage) {
      out.end(includeUsage ? serializeUsageChunk(id, created, modelId, usage) + SSE_DONE : SSE_DONE);
    },
    fail(error: AppError) {
      out.end(serializeStreamError({ message: error.message, type: error.type, param: error.param, code: error.code }));
    },
  };
}
