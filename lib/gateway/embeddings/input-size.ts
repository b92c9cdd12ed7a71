// The size of an embeddings request's input, in tokens. Like the chat prompt (estimate.ts),
// `bound` needs no tokenizer (a BPE token is at least one UTF-8 byte) and `exact()` counts
// with o200k once, only when a decision needs it. Token-id inputs are their own count.
import { countTextTokens } from "@/lib/catalog/token-count";

export class InputSize {
  readonly bound: number;
  private counted: number | undefined;
  constructor(private readonly input: readonly string[] | readonly number[][]) {
    let bound = 0;
    for (const item of input) bound += typeof item === "string" ? Buffer.byteLength(item, "utf8") : item.length;
    this.bound = bound;
  }

  exact(): number {
    if (this.counted === undefined) {
      let n = 0;
      for (const item of this.input) n += typeof item === "string" ? countTextTokens(item) : item.length;
      this.counted = n;
    }
    return this.counted;
  }

  /** The first input with more than `limit` tokens (on its byte bound when that settles it), or null. */
  firstOver(limit: number): { index: number; tokens: number } | null {
    for (const [index, item] of this.input.entries()) {
      if (typeof item !== "string") {
        if (item.length > limit) return { index, tokens: item.length };
        continue;
      }
      if (Buffer.byteLength(item, "utf8") <= limit) continue;
      const tokens = countTextTokens(item);
      if (tokens > limit) return { index, tokens };
    }
    return null;
  }
}
