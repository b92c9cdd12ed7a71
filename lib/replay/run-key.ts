// The key a run's calls are made with: the key that created the run (its limits, mode and
// allowed models apply), read through the same cache as any API key so a revoke or a zero
// retention change reaches the worker too; a copy marked `source: replay` (its log rows).
import type { CachedKey } from "@/lib/api-keys/key-cache";
import { keyByHash } from "@/lib/api-keys/verify-key";
import { apiKeyHashOf } from "@/lib/sql/replays";

/** The run's key, or why it can no longer be used. */
export async function replayKey(userId: string, keyId: string): Promise<{ key: CachedKey } | { refused: string }> {
  const hash = await apiKeyHashOf(userId, keyId);
  if (!hash) return { refused: "the API key that created this run no longer exists" };
  const now = Date.now();
  const key = await keyByHash(hash, now);
  if (!key || key.revoked || key.userId !== userId) return { refused: "the API key that created this run was revoked" };
  if (key.disabled) return { refused: "the API key that created this run is disabled" };
  if (key.expiresAt !== null && key.expiresAt <= now) return { refused: "the API key that created this run has expired" };
  if (key.zeroRetention) return { refused: "zero retention was turned on: a replay stores prompts and answers" };
  return { key: { ...key, source: "replay" } };
}
