// AES-256-GCM for users' provider keys. The 32-byte key comes from BYOK_ENCRYPTION_KEY; each
// value gets a fresh 96-bit IV, and the owner + provider are bound in as associated data, so
// a ciphertext copied to another account or provider fails to decrypt.
import crypto from "node:crypto";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

const VERSION = "v1";

/** 64 hex characters, or base64/base64url that decodes to exactly 32 bytes. */
export function parseEncryptionKey(raw: string): Buffer {
  const text = raw.trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, "hex");
  const bytes = Buffer.from(text.replaceAll("-", "+").replaceAll("_", "/"), "base64");
  if (bytes.length === 32) return bytes;
  throw new Error("BYOK_ENCRYPTION_KEY must be 32 bytes: 64 hex characters or base64 (e.g. `openssl rand -base64 32`).");
}

let cached: { raw: string; key: Buffer } | null = null;

export function byokKey(): Buffer {
  const raw = env().BYOK_ENCRYPTION_KEY;
  if (!raw) throw new AppError("service_unavailable", "Provider keys cannot be stored: BYOK_ENCRYPTION_KEY is not configured on this server.");
  if (cached?.raw !== raw) cached = { raw, key: parseEncryptionKey(raw) };
  return cached.key;
}

const b64 = (b: Buffer) => b.toString("base64url");

export function encryptSecret(plain: string, aad: string, key: Buffer = byokKey()): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return `${VERSION}:${b64(iv)}:${b64(cipher.getAuthTag())}:${b64(ct)}`;
}

/** Throws if the value was tampered with, or belongs to another owner/provider or key. */
export function decryptSecret(blob: string, aad: string, key: Buffer = byokKey()): string {
  const [version, iv, tag, ct] = blob.split(":");
  if (version !== VERSION || !iv || !tag || ct === undefined) throw new Error("unrecognised ciphertext format");
  const decipher = crypto.createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(aad, "utf8"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]).toString("utf8");
}

export const aadFor = (userId: string, provider: string) => `byok:${userId}:${provider}`;

/** "…wxyz": the only part of a stored key ever shown again. */
export function maskedSuffix(key: string): string {
  return `…${key.slice(-4)}`;
}
