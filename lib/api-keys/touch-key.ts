// Records "last used" off the request path, at most once a minute per key per instance.
import { pool } from "@/lib/db";

const INTERVAL_MS = 60_000;
const lastWritten = new Map<string, number>();

export function markKeyUsed(keyId: string, now = Date.now()): void {
  const prev = lastWritten.get(keyId);
  if (prev !== undefined && now - prev < INTERVAL_MS) return;
  lastWritten.set(keyId, now);
  pool()
    .query({ name: "api_key_touch", text: "UPDATE api_keys SET last_used_at = now() WHERE id = $1", values: [keyId] })
    .catch(() => lastWritten.delete(keyId));
}
