// Compact random ids: `<prefix>_<base62 random>`, ~131 random bits. The ids of the rows written
// per API request (request logs, ledger entries) start with their creation time instead, so
// that an insert lands beside the previous ones in each btree index rather than on a random
// page (docs/performance.md, "2026-12-07 (evening)": ~25 % of the charge statement's time at
// a million rows).
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

/** `value` as exactly `width` base62 digits, most significant first (ASCII order = numeric order). */
function base62Fixed(value: number, width: number): string {
  let out = "";
  for (let i = 0; i < width; i++) {
    out = ALPHABET[value % 62]! + out;
    value = Math.floor(value / 62);
  }
  return out;
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));

/** `bytes` random bytes as lower-case hex. */
function randomHex(bytes: number): string {
  let out = "";
  for (let i = 0; i < bytes; i++) out += HEX[nextByte()]!;
  return out;
}

/**
 * Like createId (`<prefix>_` and 22 base62 characters), but the first 8 are the creation time
 * in ms (62^8 ms reach the year 8900) and the other 14 random (~83 bits): ids made one after
 * another sort together, in byte order exactly, and close together in any collation.
 */
export function createTimeOrderedId(prefix: string, now = Date.now()): string {
  return `${prefix}_${base62Fixed(now, 8)}${randomBase62(14)}`;
}

/**
 * A request id: "req_" and 32 lower-case hex digits (the shape of a UUID without its dashes,
 * as before), the first 12 the creation time in ms and the other 20 random (80 bits).
 */
export function createRequestId(now = Date.now()): string {
  return `req_${now.toString(16).padStart(12, "0")}${randomHex(10)}`;
}
