// POST /messages — the Anthropic Messages door into the same chat pipeline.
import { AppError } from "@/lib/errors";
import { parseMessagesBody } from "@/lib/gateway/formats/anthropic/parse";
import { authenticate } from "@/lib/gateway/authenticate";
import { readJson } from "@/lib/gateway/http/read-json";
import type { ApiRequest, ApiResponse } from "@/lib/gateway/http/types";
import { anthropicSink } from "@/lib/gateway/chat/anthropic-sink";
import { runChat } from "@/lib/gateway/chat/run-chat";

export async function messages(req: ApiRequest, res: ApiResponse): Promise<void> {
  const key = await authenticate(req, res);
  const body = await readJson(req);
  const parsed = parseMessagesBody(body);
  if (!parsed.ok) throw new AppError("invalid_request", parsed.error.message, parsed.error.param);
  await runChat({ req, res, key, parsed: parsed.value, body, endpoint: "messages", sink: anthropicSink(res) });
}
