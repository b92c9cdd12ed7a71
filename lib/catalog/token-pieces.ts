// Where to cut a text so that o200k's BPE counts it in bounded time. gpt-tokenizer merges
// each pre-tokenizer chunk with a loop that is quadratic in the chunk's length: 20k chars
// of one letter took 0.4 s, 40k 1.8 s, a 130 KB prompt froze the process for 18 s.
//
// o200k's pre-tokenizer splits text into words (letters and marks, one leading space or
// symbol), runs of punctuation/symbols (with the newlines and slashes after them), runs of
// whitespace, and digits in groups of ≤ 3. So
// a chunk grows long only on a long run of one of those classes. The scan below tracks such
// runs over ASCII classes; a non-ASCII char is not classified (that would cost a Unicode
// lookup per char) and joins whatever run it is in, so every run the pre-tokenizer could
// keep as one chunk is seen (CJK prose without ASCII gets cut needlessly: +1 token per cut).
// A run longer than RUN_LIMIT is cut; each piece is then counted on its own, which costs at
// most about one extra token per cut (the token that would have spanned it).
//
// Long texts are also cut into segments of about SEGMENT_CHARS where a chunk must end (see
// exactCutBefore): such a cut changes no chunk, so the count stays exact. Segments let
// the caller stop counting when its time budget is spent.

/** Longest run of one character class counted as a single piece. */
export const RUN_LIMIT = 128;
/** Counting granularity for long texts (the caller checks its budget between pieces). */
export const SEGMENT_CHARS = 4_096;

const DIGIT = 0; // o200k takes digits in groups of ≤ 3: a digit ends every run
const LETTER = 1;
const SPACE = 2;
const OTHER = 3; // ASCII punctuation, symbols and control chars
const NONE = 4; // no ASCII char in the current run yet

const ASCII_CLASS = new Uint8Array(128).fill(OTHER);
for (let c = 48; c <= 57; c++) ASCII_CLASS[c] = DIGIT;
for (let c = 65; c <= 90; c++) ASCII_CLASS[c] = LETTER;
for (let c = 97; c <= 122; c++) ASCII_CLASS[c] = LETTER;
for (const c of [9, 10, 11, 12, 13, 32]) ASCII_CLASS[c] = SPACE; // JavaScript's ASCII \s

/**
 * The end of the piece of `text` that starts at `start`: `text.length` when the rest can be
 * counted in one call (the usual case; text of up to RUN_LIMIT chars is not even scanned).
 * Called piece by piece, so a caller that stops early never scans the rest of a long text.
 */
export function pieceEnd(text: string, start: number): number {
  const n = text.length;
  if (n - start <= RUN_LIMIT) return n;
  const segmentEnd = start + SEGMENT_CHARS;
  let runStart = start;
  let runClass = NONE;
  let lastAscii = -1;
  for (let i = start; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      let cls = ASCII_CLASS[c]!;
      // A punctuation chunk takes the newlines (and slashes) after it: "!\n/\n/\n…" is one.
      if (runClass === OTHER && (c === 10 || c === 13)) cls = OTHER;
      if (cls !== runClass) {
        if (cls === DIGIT) {
          runStart = i + 1;
          runClass = NONE;
        } else if (runClass === NONE) {
          runClass = cls; // the non-ASCII chars before it may be part of this chunk
        } else {
          runStart = lastAscii + 1; // …or of this one
          runClass = cls;
        }
      }
      lastAscii = i;
    }
    if (i - runStart >= RUN_LIMIT) return safeCut(text, i);
    if (i >= segmentEnd) return safeCut(text, exactCutBefore(text, i, start + SEGMENT_CHARS / 2));
  }
  return n;
}

function isAlnum(c: number): boolean {
  return c < 128 && (ASCII_CLASS[c] === LETTER || ASCII_CLASS[c] === DIGIT);
}

function isAsciiSpace(c: number): boolean {
  return c < 128 && ASCII_CLASS[c] === SPACE;
}

/**
 * The last exact cut in (floor, end], else `end`. Exact: an ASCII char that is not a letter
 * or digit (nor the apostrophe of a contraction such as "'s") after an ASCII letter or
 * digit, or a lone space between two non-spaces. A chunk always ends before such a char,
 * and the chunk starting there depends only on the text after it: the cut changes no chunk.
 */
function exactCutBefore(text: string, end: number, floor: number): number {
  for (let j = end; j > floor; j--) {
    const c = text.charCodeAt(j);
    if (c >= 128 || c === 39 || isAlnum(c)) continue;
    const before = text.charCodeAt(j - 1);
    if (isAlnum(before)) return j;
    if (c === 32 && !isAsciiSpace(before) && !isAsciiSpace(text.charCodeAt(j + 1))) return j;
  }
  return end;
}

/** Never between the two halves of a surrogate pair (each would count as U+FFFD). */
function safeCut(text: string, cut: number): number {
  const unit = text.charCodeAt(cut);
  return unit >= 0xdc00 && unit <= 0xdfff ? cut + 1 : cut;
}
