// Saving a provider key from the Providers page: the key is checked with the provider first.
// A key the provider refuses is not stored (so no "Rejected" row is left behind); a key that
// cannot be checked right now (provider unreachable, 429, 5xx) is stored unverified, and the
// page says so in one message.
import { AppError } from "@/lib/errors";
import { byokProvider } from "@/lib/byok/providers";
import { keySchema, recordVerification, saveProviderKey } from "@/lib/byok/store";
import { checkProviderKey } from "@/lib/byok/verify";

export type SavedKey = { verified: boolean; message: string };

export async function saveVerifiedProviderKey(userId: string, provider: string, rawKey: unknown): Promise<SavedKey> {
  const info = byokProvider(provider);
  if (!info) throw new AppError("invalid_request", `Unknown provider '${String(provider).slice(0, 40)}'.`, "provider");
  const parsed = keySchema.safeParse(rawKey);
  if (!parsed.success) throw new AppError("invalid_request", parsed.error.issues[0]?.message ?? "Invalid key.", "key");
  const check = await checkProviderKey(info.id, parsed.data);
  if (check.outcome === "rejected") {
    throw new AppError("invalid_request", `${check.message} The key was not saved: check that you copied all of it.`, "key");
  }
  await saveProviderKey(userId, info.id, parsed.data);
  if (check.outcome === "accepted") {
    await recordVerification(userId, info.id, null);
    return { verified: true, message: `Key saved and verified: ${check.message}` };
  }
  return { verified: false, message: `Key saved, but not verified yet. ${check.message}` };
}
