// The "verify" button: one cheap authenticated call (list models) with the user's key.
import { request } from "undici";
import { AppError } from "@/lib/errors";
import { byokProvider, byokTarget } from "@/lib/byok/providers";
import { readProviderKey, recordVerification } from "@/lib/byok/store";

export type VerifyResult = { ok: boolean; message: string };

function modelsRequest(wireFormat: string, baseUrl: string, key: string, headers: Record<string, string>): { url: string; headers: Record<string, string> } {
  const base = baseUrl.replace(/\/+$/, "");
  if (wireFormat === "anthropic") return { url: `${base}/v1/models`, headers: { ...headers, "x-api-key": key } };
  if (wireFormat === "gemini") return { url: `${base}/models`, headers: { ...headers, "x-goog-api-key": key } };
  return { url: `${base}/models`, headers: { ...headers, authorization: `Bearer ${key}` } };
}

export async function verifyProviderKey(userId: string, provider: string): Promise<VerifyResult> {
  const info = byokProvider(provider);
  if (!info) throw new AppError("invalid_request", "Unknown provider.", "provider");
  const key = await readProviderKey(userId, info.id);
  if (!key) throw new AppError("not_found", "No key is stored for this provider.");
  const target = byokTarget(info.id, key)!;
  const req = modelsRequest(info.wireFormat, target.baseUrl, key, target.headers ?? {});
  let result: VerifyResult;
  try {
    const res = await request(req.url, { method: "GET", headers: req.headers, headersTimeout: 10_000, bodyTimeout: 10_000 });
    await res.body.dump();
    result = res.statusCode < 300 ? { ok: true, message: `${info.displayName} accepted the key.` }
      : res.statusCode === 401 || res.statusCode === 403 ? { ok: false, message: `${info.displayName} rejected the key (HTTP ${res.statusCode}).` }
      : { ok: false, message: `${info.displayName} answered HTTP ${res.statusCode}; try again later.` };
  } catch {
    result = { ok: false, message: `Could not reach ${info.displayName}; try again later.` };
  }
  await recordVerification(userId, info.id, result.ok ? null : result.message);
  return result;
}
