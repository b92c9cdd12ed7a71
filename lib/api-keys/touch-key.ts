// Records "last used" off the request path, at most once a minute per key per instance.
import { touchKey } from "@/lib/sql/api-keys";

const INTERVAL_MS = 60_000;
const lastWritten = new Map<string, number>();

export function markKeyUsed(keyId: string, now = Date.now()): void {
  const prev = lastWritten.get(keyId);
  if (prev !== undefined && now - prev < INTERVAL_MS) return;
  lastWritten.set(keyId, now);
  touchKey(keyId).catch(() => lastWritten.delete(keyId));
}
