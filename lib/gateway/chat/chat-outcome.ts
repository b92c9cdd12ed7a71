// The data one chat request carries through the pipeline (run-chat.ts → finalize.ts): the
// call as the route made it, and what came of it. Types only, plus the usage rule both the
// response and the settlement follow, so the pipeline's files do not import each other in a
// circle.
import type { CachedKey } from "@/lib/api-keys/key-cache";
import type { Reservation } from "@/lib/billing/settlement/reserve";
import { countTextTokens } from "@/lib/catalog/token-count";
import type { AttemptLog } from "@/lib/observability/request-log";
import type { Usage } from "@/lib/providers/types";
import type { ParsedChatRequest } from "@/lib/gateway/formats/types";
import type { ApiRequest, ApiResponse } from "@/lib/gateway/http/types";
import type { ChainLink } from "@/lib/gateway/chat/resolve-chain";
import type { PromptSize } from "@/lib/gateway/chat/estimate";
import type { ChatSink } from "@/lib/gateway/chat/sink";

export type ChatCall = {
  req: ApiRequest;
  res: ApiResponse;
  key: CachedKey;
  parsed: ParsedChatRequest;
  sink: ChatSink;
  endpoint: string;
  /** The client's body as parsed JSON, stored in the log unless zero-retention. */
  body: unknown;
};

/** What a chat request came to; filled in by run-chat.ts, read once by finalize.ts. */
export type ChatOutcome = {
  call: ChatCall;
  reservation: Reservation;
  /** The prompt's size; its exact count is taken only when usage is missing. */
  prompt: PromptSize;
  attempts: AttemptLog[];
  link: ChainLink;
  /** HTTP status we answered with (499 = the client went away before an answer). */
  status: number;
  /** Provider-reported usage, when there was any. */
  usage: Usage | null;
  /** What was generated (text + tool-call arguments) — counted when usage is missing. */
  generatedText: string;
  ttftMs: number | null;
  error: unknown;
  responseBody: unknown;
};

/** Provider usage when reported; otherwise our count of the prompt and of what was generated. */
export function finalUsage(usage: Usage | null, generatedText: string, prompt: PromptSize): Usage {
  if (usage) return usage;
  const completion = generatedText ? countTextTokens(generatedText) : 0;
  const promptTokens = prompt.exact();
  return { prompt_tokens: promptTokens, completion_tokens: completion, total_tokens: promptTokens + completion };
}
