// The account's hidden "Playground" key, as the gateway core sees a key: the playground's calls
// go through the same pipeline as any API call (limits, reservation, failover, request logs,
// rollups, filters), tagged `source: playground` on their log rows. Created on the account's
// first run; its secret is the hash of random bytes that are thrown away, so nobody can send it
// as a Bearer key. Users never see it in the keys list or the management API (kind 'playground').
import crypto from "node:crypto";
import { AppError } from "@/lib/errors";
import { createId } from "@/lib/ids";
import type { CachedKey } from "@/lib/api-keys/key-cache";
import { keyByHash } from "@/lib/api-keys/verify-key";
import { createPlaygroundKey, findPlaygroundKeyHash } from "@/lib/sql/playground-keys";

/** Hash of a secret that exists nowhere: not a key format `looksLikeApiKey` accepts either. */
function unusableHash(): string {
  return crypto.hash("sha256", `playground:${crypto.randomBytes(32).toString("hex")}`, "hex");
}

async function playgroundKeyHash(userId: string): Promise<string> {
  return (await findPlaygroundKeyHash(userId)) ?? createPlaygroundKey(userId, createId("key"), unusableHash());
}

/**
 * The account's playground key (created on first use) through the same cache as API keys, so
 * zero retention and account changes evict it like any key; a copy marked `source: playground`.
 */
export async function playgroundKey(userId: string): Promise<CachedKey> {
  const hash = await playgroundKeyHash(userId);
  const key = await keyByHash(hash);
  if (!key || key.revoked || key.userId !== userId) throw new AppError("unauthorized", "Sign in to use the playground.");
  return { ...key, source: "playground" };
}
