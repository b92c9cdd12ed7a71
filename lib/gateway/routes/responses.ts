// POST /responses — the OpenAI Responses API door into the chat pipeline (stateless).
import { AppError, isAppError } from "@/lib/errors";
import { parseResponsesBody } from "@/lib/gateway/formats/responses/parse";
import { responseIds } from "@/lib/gateway/formats/responses/response";
import { authenticate } from "@/lib/gateway/authenticate";
import { readJson } from "@/lib/gateway/http/read-json";
import type { ApiRequest, ApiResponse } from "@/lib/gateway/http/types";
import { responsesSink } from "@/lib/gateway/chat/responses-sink";
import { runChat } from "@/lib/gateway/chat/run-chat";

/** The pipeline names chat/completions fields; a Responses client knows these by other names. */
const PARAM_NAMES: Readonly<Record<string, string>> = { max_tokens: "max_output_tokens", messages: "input" };

function inResponsesTerms(err: unknown): unknown {
  if (!isAppError(err) || err.param === null || !(err.param in PARAM_NAMES)) return err;
  const param = PARAM_NAMES[err.param]!;
  return new AppError(err.code, err.message.replaceAll(err.param, param), param, err.headers);
}

export async function responses(req: ApiRequest, res: ApiResponse): Promise<void> {
  const key = await authenticate(req, res);
  const body = await readJson(req);
  const parsed = parseResponsesBody(body);
  if (!parsed.ok) throw new AppError("invalid_request", parsed.error.message, parsed.error.param);
  const { chat, echo } = parsed.value;
  try {
    await runChat({ req, res, key, parsed: chat, body, endpoint: "responses", sink: responsesSink(res, responseIds(req.requestId), echo) });
  } catch (err) {
    throw inResponsesTerms(err);
  }
}
