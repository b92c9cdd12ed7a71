import { createHash, type Hash } from "node:crypto";
import type { PromptSegment } from "./prompt";

const MAX_ENTRIES = 50_000;

export type CacheUsage = { readTokens: number; writeTokens: number };
const NO_CACHE: CacheUsage = Object.freeze({ readTokens: 0, writeTokens: 0 });

/**
 * Simulated provider prompt caching, keyed by model + a hash chain over the prompt segments.
 *
 * - "implicit" (OpenAI, Gemini): every message-boundary prefix of at least `minTokens` is
 *   remembered; a later request reads the longest remembered prefix it starts with.
 * - "explicit" (Anthropic): only `cache_control` breakpoints are written; a request reads
 *   the longest remembered breakpoint prefix and writes the rest up to its last breakpoint.
 */
export class PromptCache {
  private entries = new Map<string, true>();

  reset(): void {
    this.entries.clear();
  }

  apply(model: string, segments: PromptSegment[], mode: "implicit" | "explicit", minTokens: number): CacheUsage {
    const total = segments.reduce((sum, s) => sum + s.tokens, 0);
    if (total < minTokens || segments.length === 0) return NO_CACHE;
    if (mode === "explicit" && !segments.some((s) => s.cacheMark)) return NO_CACHE;

    const prefixes = this.prefixes(model, segments, mode, minTokens);
    if (prefixes.length === 0) return NO_CACHE;
    let readTokens = 0;
    for (const p of prefixes) if (this.entries.has(p.key) && p.tokens > readTokens) readTokens = p.tokens;
    for (const p of prefixes) this.remember(p.key);
    if (mode === "implicit") return { readTokens, writeTokens: 0 };
    const lastBreakpoint = prefixes[prefixes.length - 1]!.tokens;
    return { readTokens, writeTokens: Math.max(0, lastBreakpoint - readTokens) };
  }

  /** Cacheable prefixes in order: message boundaries (implicit) or breakpoints (explicit). */
  private prefixes(
    model: string,
    segments: PromptSegment[],
    mode: "implicit" | "explicit",
    minTokens: number,
  ): Array<{ key: string; tokens: number }> {
    const out: Array<{ key: string; tokens: number }> = [];
    const hash: Hash = createHash("sha1").update(model);
    let tokens = 0;
    for (const segment of segments) {
      hash.update("\u0000").update(segment.key);
      tokens += segment.tokens;
      const cut = mode === "implicit" ? segment.boundary : segment.cacheMark;
      if (cut && tokens >= minTokens && tokens > 0) out.push({ key: hash.copy().digest("base64"), tokens });
    }
    return out;
  }

  private remember(key: string): void {
    if (this.entries.has(key)) {
      this.entries.delete(key);
    } else if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, true);
  }
}
