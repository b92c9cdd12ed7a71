// Key format: "sk-sy-" + 43 base62 characters (43 × log2(62) ≈ 256 bits of entropy); test-mode
// keys read "sk-sy-test-" + 43 base62, so a key says what it is wherever it is pasted.
import crypto from "node:crypto";
import { randomBase62 } from "@/lib/ids";

export const KEY_PREFIX = "sk-sy-";
export const TEST_KEY_PREFIX = "sk-sy-test-";
const BODY_LENGTH = 43;
// "test-" cannot be mistaken for the start of a live key's body: base62 has no "-".
const KEY_PATTERN = /^sk-sy-(?:test-)?[0-9A-Za-z]{43}$/;

export type KeyMode = "live" | "test";
export type NewApiKey = { key: string; hash: string; prefix: string; suffix: string };

export function hashApiKey(key: string): string {
  // One-shot hash: no Hash object per request (~3× faster than createHash here).
  return crypto.hash("sha256", key, "hex");
}

export function looksLikeApiKey(value: string): boolean {
  return KEY_PATTERN.test(value);
}

export function generateApiKey(mode: KeyMode = "live"): NewApiKey {
  const start = mode === "test" ? TEST_KEY_PREFIX : KEY_PREFIX;
  const key = start + randomBase62(BODY_LENGTH);
  // The display prefix keeps 4 characters of the body after whichever start the key has.
  return { key, hash: hashApiKey(key), prefix: key.slice(0, start.length + 4), suffix: key.slice(-4) };
}

/** "sk-sy-abcd…wxyz" / "sk-sy-test-abcd…wxyz" — the only form of a key we ever show after creation. */
export function displayKey(prefix: string, suffix: string): string {
  return `${prefix}…${suffix}`;
}
