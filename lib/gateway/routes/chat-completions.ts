// POST /chat/completions — the OpenAI-compatible door into the chat pipeline.
import { AppError } from "@/lib/errors";
import { parseChatCompletionsBody } from "@/lib/gateway/formats/openai/parse";
import { authenticate } from "@/lib/gateway/authenticate";
import { readJson } from "@/lib/gateway/http/read-json";
import type { ApiRequest, ApiResponse } from "@/lib/gateway/http/types";
import { openAiSink } from "@/lib/gateway/chat/openai-sink";
import { runChat } from "@/lib/gateway/chat/run-chat";

export async function chatCompletions(req: ApiRequest, res: ApiResponse): Promise<void> {
  const key = await authenticate(req, res);
  const body = await readJson(req);
  const parsed = parseChatCompletionsBody(body);
  if (!parsed.ok) throw new AppError("invalid_request", parsed.error.message, parsed.error.param);
  await runChat({
    req, res, key, parsed: parsed.value, body, endpoint: "chat.completions",
    sink: openAiSink(res, parsed.value.includeUsage),
  });
}
