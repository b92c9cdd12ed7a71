// The messages of the cross-process invalidation channel (SPEC §2, ARCHITECTURE "Processes
// and shared state"). Payloads are small and never secret: key hashes and account ids only.
// Postgres caps a NOTIFY payload below 8000 bytes; 100 hashes of 64 hex characters fit.
import { z } from "zod";

/** The one LISTEN/NOTIFY channel every process listens on. */
export const INVALIDATION_CHANNEL = "switchyard_invalidate";

export const MAX_HASHES_PER_MESSAGE = 100;

const accountId = z.string().min(1).max(100);

export const invalidationMessage = z.discriminatedUnion("kind", [
  /** API keys (by SHA-256 hash) revoked, disabled, re-limited, or whose account changed. */
  z.object({ kind: z.literal("api-keys"), hashes: z.array(z.string().regex(/^[0-9a-f]{64}$/)).min(1).max(MAX_HASHES_PER_MESSAGE) }),
  /** An account's provider (BYOK) keys saved or deleted. */
  z.object({ kind: z.literal("byok"), userId: accountId }),
  /** An account's sessions ended (its session_version was bumped). */
  z.object({ kind: z.literal("session"), userId: accountId }),
  /** An account's routing policies created, changed or deleted (lib/policies). */
  z.object({ kind: z.literal("policies"), userId: accountId }),
  /** An account's credits changed other than by a charge (a purchase, a grant): forget its known balance. */
  z.object({ kind: z.literal("balance"), userId: accountId }),
  /** A replay run was created: replay workers (lib/replay/worker.ts) look for its items now, not at their next poll. */
  z.object({ kind: z.literal("replay-work") }),
]);

export type InvalidationMessage = z.infer<typeof invalidationMessage>;
export type InvalidationKind = InvalidationMessage["kind"];

/** The messages that evict these API keys everywhere (several when there are many). */
export function apiKeysChanged(hashes: readonly string[]): InvalidationMessage[] {
  const out: InvalidationMessage[] = [];
  for (let i = 0; i < hashes.length; i += MAX_HASHES_PER_MESSAGE) {
    out.push({ kind: "api-keys", hashes: hashes.slice(i, i + MAX_HASHES_PER_MESSAGE) });
  }
  return out;
}

/**
 * What a process does with each kind of message, and `flush` for when it may have missed
 * some (its LISTEN connection was down, or a message it cannot read arrived).
 */
export type InvalidationHandlers = {
  [K in InvalidationKind]: (message: Extract<InvalidationMessage, { kind: K }>) => void;
} & { flush(): void };
