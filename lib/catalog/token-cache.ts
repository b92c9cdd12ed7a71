// A small LRU of text → token count. Chat clients resend the whole conversation every turn,
// and system prompts repeat across requests, so most message texts on the hot path have been
// counted before. Bounded by total characters; held in memory only, never logged or persisted.

const MIN_CHARS = 64; // shorter texts tokenize about as fast as a cache round-trip
const MAX_CHARS = 64_000; // do not let one huge text evict everything else
const BUDGET_CHARS = 4_000_000; // ≈ 8 MB of UTF-16 keys

const counts = new Map<string, number>();
let cachedChars = 0;

function cacheable(text: string): boolean {
  return text.length >= MIN_CHARS && text.length <= MAX_CHARS;
}

/** The remembered count of `text`, if any (and marks it recently used). */
export function cachedTokens(text: string): number | undefined {
  if (!cacheable(text)) return undefined;
  const hit = counts.get(text);
  if (hit !== undefined) {
    counts.delete(text); // re-insert: Map iteration order is our recency order
    counts.set(text, hit);
  }
  return hit;
}

/** Remembers a complete count of `text` (never a partial or bounded one). */
export function rememberTokens(text: string, tokens: number): void {
  if (!cacheable(text) || counts.has(text)) return;
  counts.set(text, tokens);
  cachedChars += text.length;
  for (const oldest of counts.keys()) {
    if (cachedChars <= BUDGET_CHARS) break;
    counts.delete(oldest);
    cachedChars -= oldest.length;
  }
}

/** For tests. */
export function tokenCacheStats(): { entries: number; chars: number } {
  return { entries: counts.size, chars: cachedChars };
}
