// Checking a provider key with the provider: one cheap authenticated call (list models).
// Used before a key is saved (save-verified.ts) and by the "Verify" button. Only the
// provider's refusal (401/403) says the key is bad; an outage, a 429 or a 5xx says nothing
// about the key, so it never marks a key "rejected".
import { request } from "undici";
import { AppError } from "@/lib/errors";
import { byokProvider, byokTarget } from "@/lib/byok/providers";
import { readProviderKey, recordVerification } from "@/lib/byok/store";

/** accepted: the provider took the key; rejected: it refused it; inconclusive: no verdict. */
export type KeyCheck = { outcome: "accepted" | "rejected" | "inconclusive"; message: string };

export type VerifyResult = { ok: boolean; message: string; outcome: KeyCheck["outcome"] };

function modelsRequest(wireFormat: string, baseUrl: string, key: string, headers: Record<string, string>): { url: string; headers: Record<string, string> } {
  const base = baseUrl.replace(/\/+$/, "");
  if (wireFormat === "anthropic") return { url: `${base}/v1/models`, headers: { ...headers, "x-api-key": key } };
  if (wireFormat === "gemini") return { url: `${base}/models`, headers: { ...headers, "x-goog-api-key": key } };
  return { url: `${base}/models`, headers: { ...headers, authorization: `Bearer ${key}` } };
}

/** Asks the provider whether it accepts `key` (nothing is stored or recorded). */
export async function checkProviderKey(provider: string, key: string): Promise<KeyCheck> {
  const info = byokProvider(provider);
  if (!info) throw new AppError("invalid_request", "Unknown provider.", "provider");
  const target = byokTarget(info.id, key)!;
  const req = modelsRequest(info.wireFormat, target.baseUrl, key, target.headers ?? {});
  try {
    const res = await request(req.url, { method: "GET", headers: req.headers, headersTimeout: 10_000, bodyTimeout: 10_000 });
    await res.body.dump();
    if (res.statusCode < 300) return { outcome: "accepted", message: `${info.displayName} accepted the key.` };
    if (res.statusCode === 401 || res.statusCode === 403) {
      return { outcome: "rejected", message: `${info.displayName} rejected the key (HTTP ${res.statusCode}).` };
    }
    return { outcome: "inconclusive", message: `${info.displayName} answered HTTP ${res.statusCode}, so the key could not be checked; try again later.` };
  } catch {
    return { outcome: "inconclusive", message: `Could not reach ${info.displayName} to check the key; try again later.` };
  }
}

/** The "Verify" button: checks the stored key and records a verdict (never an outage as one). */
export async function verifyProviderKey(userId: string, provider: string): Promise<VerifyResult> {
  const info = byokProvider(provider);
  if (!info) throw new AppError("invalid_request", "Unknown provider.", "provider");
  const key = await readProviderKey(userId, info.id);
  if (!key) throw new AppError("not_found", "No key is stored for this provider.");
  const check = await checkProviderKey(info.id, key);
  if (check.outcome !== "inconclusive") await recordVerification(userId, info.id, check.outcome === "accepted" ? null : check.message);
  return { ok: check.outcome === "accepted", message: check.message, outcome: check.outcome };
}
