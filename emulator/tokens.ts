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
 * Exact o200k token count (texts over 8 KB: counted in slices, see countLongText). Benchmarks send the same prompts over and over, so counts of
 * short-to-medium strings are memoised (bounded; cleared wholesale when full).
 */
export function countTokens(text: string): number {
  if (text.length === 0) return 0;
  if (text.length > MAX_CACHED_LENGTH) return countLongText(text);
  const hit = counts.get(text);
  if (hit !== undefined) return hit;
  const n = countO200k(text);
  if (counts.size >= MAX_CACHED_ENTRIES) counts.clear();
  counts.set(text, n);
  return n;
}

/**
 * Long texts are counted in slices: the BPE is quadratic on long runs of one character
 * (130 KB of "a" took ~18 s), and one slow count would stall the whole emulator. Slicing
 * costs at most about one token per slice against the exact count — far inside the
 * gateway's reservation margin — and prompts this long are never used where exact usage
 * matters (tests, the bench).
 */
const SLICE = 256;
function countLongText(text: string): number {
  let total = 0;
  for (let start = 0; start < text.length;) {
    let end = Math.min(text.length, start + SLICE);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1; // keep surrogate pairs whole
    total += countO200k(text.slice(start, end));
    start = end;
  }
  return total;
}

export { decode, encode };
