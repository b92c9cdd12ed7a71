// Compact, sortable-enough random ids: `<prefix>_<base62 random>`. ~131 random bits.
import crypto from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

// Ids are made several times per API request (ledger rows); one randomBytes call per id showed
// up at ~4% of the hot path's CPU. Draw from a pooled CSPRNG buffer instead (like randomUUID).
const POOL_SIZE = 4096;
let pool = crypto.randomBytes(POOL_SIZE);
let offset = 0;

function nextByte(): number {
  if (offset === POOL_SIZE) {
    pool = crypto.randomBytes(POOL_SIZE);
    offset = 0;
  }
  return pool[offset++]!;
}

/** `length` characters drawn uniformly from base62 (rejection sampling, no modulo bias). */
export function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    const b = nextByte();
    if (b < 248) out += ALPHABET[b % 62];
  }
  return out;
}

export function createId(prefix: string): string {
  return `${prefix}_${randomBase62(22)}`;
}
