// The data one embeddings request carries (run-embeddings.ts → finalize-embeddings.ts): the
// call as the route made it, and what came of it. Types only, so the two files do not import
// each other in a circle.
import type { CachedKey } from "@/lib/api-keys/key-cache";
import type { Reservation } from "@/lib/billing/settlement/reserve";
import type { AttemptLog } from "@/lib/observability/request-log";
import type { ParsedEmbeddingsRequest } from "@/lib/gateway/formats/embeddings/parse";
import type { ApiRequest, ApiResponse } from "@/lib/gateway/http/types";
import type { ChainLink } from "@/lib/gateway/chat/resolve-chain";
import type { InputSize } from "@/lib/gateway/embeddings/input-size";

export type EmbeddingsCall = {
  req: ApiRequest;
  res: ApiResponse;
  key: CachedKey;
  parsed: ParsedEmbeddingsRequest;
  /** The client's body as parsed JSON, stored in the log unless zero-retention. */
  body: unknown;
};

/** What an embeddings request came to; filled in here, read once by finalize-embeddings.ts. */
export type EmbeddingsOutcome = {
  call: EmbeddingsCall;
  reservation: Reservation;
  size: InputSize;
  attempts: AttemptLog[];
  link: ChainLink;
  status: number;
  /** Provider-reported input tokens, when there were any. */
  providerTokens: number | null;
  error: unknown;
  responseBody: unknown;
};
