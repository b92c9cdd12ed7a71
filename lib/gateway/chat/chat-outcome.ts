// The data one chat request carries through the pipeline (run-chat.ts → finalize.ts): the
// call as the route made it, and what came of it. Types only, plus the usage rule both the
// response and the settlement follow, so the pipeline's files do not import each other in a
// circle.
import type { CachedKey } from "@/lib/api-keys/key-cache";
import type { Reservation } from "@/lib/billing/settlement/reserve";
import { countTextTokens } from "@/lib/catalog/token-count";
import type { AttemptLog } from "@/lib/observability/request-log";
import type { CanonicalResponse, Usage } from "@/lib/providers/types";
import type { ParsedChatRequest } from "@/lib/gateway/formats/types";
import type { ApiRequest, ApiResponse } from "@/lib/gateway/http/types";
import type { ChainLink } from "@/lib/gateway/chat/resolve-chain";
import type { PromptSize } from "@/lib/gateway/chat/estimate";
import type { ChatSink, SentAnswer } from "@/lib/gateway/chat/sink";
import type { StreamedPieces } from "@/lib/gateway/chat/streamed-answer";
import type { AutoRoute } from "@/lib/routing/auto";

export type ChatCall = {
  req: ApiRequest;
  res: ApiResponse;
  key: CachedKey;
  parsed: ParsedChatRequest;
  sink: ChatSink;
  endpoint: string;
  /** The client's body as parsed JSON, stored in the log unless zero-retention. */
  body: unknown;
  /**
   * Orchestration sub-calls (lib/orchestration): chain resolved, limits counted and credits
   * reserved up front for every sub-call of the client's call, so run-chat skips those steps.
   */
  prepared?: PreparedChat;
  /** Orchestration sub-calls: the id of the client call's own row (request_logs.parent_id). */
  parentId?: string;
  /** Orchestration sub-calls: told what the request came to, once it is settled (finalize.ts). */
  onSettled?: (settled: SettledChat) => void;
};

/** A request's chain and prompt, admitted (limits checked, rate counted) and its worst case. */
export type ChainPlan = {
  links: ChainLink[];
  prompt: PromptSize;
  /** The links on platform keys (BYOK links cost no credits). */
  paid: ChainLink[];
  /** The worst charge over `paid`, on the prompt's byte bound, markup included. */
  worst: bigint;
  /** What `model: "auto"` chose and why — chain, reason, requestClass (lib/routing/auto); null without auto. */
  route: AutoRoute | null;
};

export type PreparedChat = { plan: ChainPlan; reservation: Reservation };

/** What a settled request came to, as finalize.ts handed it to billing. */
export type SettledChat = {
  status: number;
  /** Billed usage; null when nothing was delivered (refunded in full). */
  usage: Usage | null;
  /** Charged (units, markup included); 0 for a refund or a BYOK call. */
  charged: bigint;
  /** The model that answered; null when none did. */
  resolvedModel: string | null;
  latencyMs: number;
  ttftMs: number | null;
  attempts: AttemptLog[];
  error: unknown;
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
  /** A whole (non-streamed) answer, as the provider gave it. */
  responseBody: CanonicalResponse | null;
  /** That answer as sent, when the client got the document the log stores (sink.ts). */
  sent: SentAnswer | null;
  /** A streamed answer's pieces (pipe-stream.ts's StreamEnd); assembled for the log after the response. */
  streamed?: StreamedPieces;
};

/** Provider usage when reported; otherwise our count of the prompt and of what was generated. */
export function finalUsage(usage: Usage | null, generatedText: string, prompt: PromptSize): Usage {
  if (usage) return usage;
  const completion = generatedText ? countTextTokens(generatedText) : 0;
  const promptTokens = prompt.exact();
  return { prompt_tokens: promptTokens, completion_tokens: completion, total_tokens: promptTokens + completion };
}
