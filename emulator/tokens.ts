import {
  countTokens as countO200k,
  decode,
  encode,
} from "gpt-tokenizer/encoding/o200k_base";

/** Fixed prompt cost of one image part, in every format (OpenAI's low-detail figure). */
export const IMAGE_TOKENS = 85;

const MAX_CACHED_ENTRIES = 20_000;
const MAX_CACHED_LENGTH = 8_192;
const counts = new Map<string, number>();

/**
 * Exact o200k token count. Benchmarks send the same prompts over and over, so counts of
 * short-to-medium strings are memoised (bounded; cleared wholesale when full).
 */
export function countTokens(text: string): number {
  if (text.length === 0) return 0;
  if (text.length > MAX_CACHED_LENGTH) return countO200k(text);
  const hit = counts.get(text);
  if (hit !== undefined) return hit;
  const n = countO200k(text);
  if (counts.size >= MAX_CACHED_ENTRIES) counts.clear();
  counts.set(text, n);
  return n;
}

export { decode, encode };
