import { countTokens, decode, encode } from "./tokens";
import { pointWords } from "./variety";

/** A streamable slice of generated text and its exact token count. */
export type Piece = { text: string; tokens: number };

/** Generated text: `pieces` concatenate to `text`; their token counts sum to countTokens(text). */
export type Generated = { text: string; pieces: Piece[]; tokens: number };

/** Single-token o200k words (with their leading space) used to pad replies to an exact length. */
export const FILLER_WORDS = [
  " the", " quick", " brown", " fox", " jumps", " over", " lazy", " dog", " while", " a",
  " calm", " river", " flows", " past", " green", " hills", " and", " bright", " stars", " shine",
  " on", " quiet", " towns", " every", " night",
] as const;

const MAX_ECHO_WORDS = 8;
const MAX_WORD_LENGTH = 24;

/**
 * Words taken from the prompt. Pieces are " " + letters/digits only: o200k pre-tokenisation
 * always splits before such a piece, so token counts add up exactly across pieces.
 */
export function echoWords(source: string): string[] {
  const words = source.slice(0, 600).match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.slice(0, MAX_ECHO_WORDS).map((w) => w.slice(0, MAX_WORD_LENGTH));
}

/** What a reply says after the echoed prompt: its own seeded points, and quoted ones first. */
export type ReplyVariety = {
  /** Seeds the reply's own point words (variety.ts seedOf). */
  seed: number;
  /** Points quoted from earlier replies found in the prompt, one list per reply. */
  references: string[][];
};

function* replySequence(model: string, words: string[], toolResult: boolean, variety: ReplyVariety): Generator<string> {
  yield "Simulated";
  yield " reply";
  yield " from";
  yield ` ${model.replace(/\s+/g, "-")}:`;
  if (toolResult) {
    yield " the";
    yield " tool";
    yield " returned";
  }
  for (const w of words) yield ` ${w}`;
  let first = true;
  for (const points of variety.references) {
    if (points.length === 0) continue;
    yield first ? " merging" : " with";
    first = false;
    for (const p of points) yield ` ${p}`;
  }
  if (!first) yield " and";
  for (const w of pointWords(variety.seed)) yield ` ${w}`;
}

/**
 * Takes pieces from `sequence` while they fit in `limit` tokens; when the next one does not
 * fit, pads with single-token filler words, so the result has exactly `limit` tokens.
 */
function fill(sequence: Iterator<string>, limit: number, pieces: Piece[]): number {
  let used = 0;
  let filler = 0;
  while (used < limit) {
    const next = sequence.next();
    const text = next.done ? FILLER_WORDS[filler++ % FILLER_WORDS.length]! : next.value;
    let tokens = countTokens(text);
    let chosen = text;
    if (used + tokens > limit) {
      chosen = FILLER_WORDS[filler++ % FILLER_WORDS.length]!;
      tokens = 1;
    }
    pieces.push({ text: chosen, tokens });
    used += tokens;
  }
  return used;
}

function fromPieces(pieces: Piece[]): Generated {
  const text = pieces.map((p) => p.text).join("");
  const counted = countTokens(text);
  const summed = pieces.reduce((s, p) => s + p.tokens, 0);
  // Guard the additivity assumption: the reported count is always the true count of `text`.
  if (counted !== summed && pieces.length > 0) pieces[pieces.length - 1]!.tokens += counted - summed;
  return { text, pieces, tokens: counted };
}

/**
 * The simulated text reply: "Simulated reply from <model>: <prompt words> [merging <quoted
 * points> with …] <own points>." with exactly `tokens` tokens (the final token is "." when the reply ends naturally after a word).
 */
export function buildReply(opts: {
  model: string;
  source: string;
  toolResult: boolean;
  tokens: number;
  natural: boolean;
  variety?: ReplyVariety;
}): Generated {
  const pieces: Piece[] = [];
  const sequence = replySequence(opts.model, echoWords(opts.source), opts.toolResult, opts.variety ?? { seed: 0, references: [] });
  if (opts.natural && opts.tokens > 0) {
    fill(sequence, opts.tokens - 1, pieces);
    // "." after punctuation would merge into one token (":." is one), so end on a word then.
    const last = pieces[pieces.length - 1];
    const afterWord = !last || /[\p{L}\p{N}]$/u.test(last.text);
    pieces.push(afterWord ? { text: ".", tokens: 1 } : { text: FILLER_WORDS[0], tokens: 1 });
  } else {
    fill(sequence, opts.tokens, pieces);
  }
  return fromPieces(pieces);
}

/** Splits arbitrary text (JSON, tool arguments) into ~one-token pieces, cut at `maxTokens`. */
export function tokenPieces(text: string, maxTokens: number | null): Generated & { cut: boolean } {
  const ids = encode(text);
  const cut = maxTokens !== null && ids.length > maxTokens;
  const kept = cut ? ids.slice(0, maxTokens) : ids;
  const pieces: Piece[] = [];
  let pending: number[] = [];
  for (const id of kept) {
    pending.push(id);
    const piece = decode(pending);
    // A multi-byte character split across tokens decodes to U+FFFD: wait for its other half.
    if (piece.includes("\uFFFD") && pending.length < 4) continue;
    pieces.push({ text: piece, tokens: pending.length });
    pending = [];
  }
  if (!cut) return { ...fromPieces(pieces), cut };
  // Re-tokenising a cut prefix can differ from the slice: drop trailing pieces until it fits.
  let generated = fromPieces(pieces);
  while (generated.tokens > (maxTokens ?? 0) && pieces.length > 0) {
    pieces.pop();
    generated = fromPieces(pieces);
  }
  return { ...generated, cut };
}

/**
 * Applies stop sequences: the text ends before the earliest occurrence of any of them.
 * Returns null when none occurs.
 */
export function applyStop(generated: Generated, stops: string[]): (Generated & { stop: string }) | null {
  let at = -1;
  let which = "";
  for (const stop of stops) {
    if (stop.length === 0) continue;
    const i = generated.text.indexOf(stop);
    if (i !== -1 && (at === -1 || i < at)) {
      at = i;
      which = stop;
    }
  }
  if (at === -1) return null;
  const pieces: Piece[] = [];
  let offset = 0;
  for (const piece of generated.pieces) {
    if (offset >= at) break;
    const text = offset + piece.text.length <= at ? piece.text : piece.text.slice(0, at - offset);
    pieces.push({ text, tokens: text === piece.text ? piece.tokens : countTokens(text) });
    offset += piece.text.length;
  }
  return { ...fromPieces(pieces), stop: which };
}
