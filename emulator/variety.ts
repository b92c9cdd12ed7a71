/**
 * Deterministic variety for simulated replies. Each reply carries its own "points": words
 * drawn from POINT_WORDS by a seed of (model, wire format, temperature, system prompt,
 * question), so different models, samples and prompts answer visibly differently and the
 * same request always gets the same answer. A reply whose prompt quotes earlier simulated
 * replies (a synthesizer's or a judge's prompt) first quotes each one's own points, so a
 * blend's output is visibly made of its sources.
 */

/** Single-token o200k words (with their leading space), distinct from the filler words. */
export const POINT_WORDS = [
  "amber", "anchor", "apple", "arrow", "autumn", "balance", "bamboo", "beacon", "bridge", "bronze", "cabin", "canyon",
  "carbon", "castle", "cedar", "chalk", "cliff", "clock", "cloud", "cobalt", "comet", "copper", "coral", "cotton",
  "crystal", "delta", "desert", "diamond", "dune", "eagle", "ember", "engine", "feather", "fern", "flame", "forest",
  "fossil", "garden", "glacier", "granite", "harbor", "horizon", "island", "ivory", "jade", "jasmine", "kernel",
  "lantern", "lemon", "linen", "lotus", "magnet", "maple", "marble", "meadow", "mirror", "mosaic", "nectar", "oak",
  "ocean", "olive", "orbit", "orchid", "pepper", "pine", "planet", "plaza", "prism", "quartz", "raven", "reef", "ridge",
  "salt", "sand", "silver", "slate", "solar", "spark", "spice", "spruce", "stone", "storm", "summit", "sunset",
  "thunder", "tide", "timber", "tower", "valley", "velvet", "violet", "walnut", "willow", "winter",
] as const;

const POINT_SET: ReadonlySet<string> = new Set(POINT_WORDS);

/** The marker every simulated text reply starts with (reply.ts). */
export const REPLY_MARKER = "Simulated reply from ";

/** FNV-1a (32-bit) over the parts, separated so ("ab","c") ≠ ("a","bc"). */
export function seedOf(...parts: ReadonlyArray<string | number | null | undefined>): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const s = part === null || part === undefined ? "\u0000" : String(part);
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0x1f;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a tiny deterministic PRNG; returns numbers in [0, 1). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An endless, seeded stream of point words, without immediate repeats. */
export function* pointWords(seed: number): Generator<string> {
  const next = random(seed);
  let previous = -1;
  for (;;) {
    let i = Math.floor(next() * POINT_WORDS.length);
    if (i === previous) i = (i + 1) % POINT_WORDS.length;
    previous = i;
    yield POINT_WORDS[i]!;
  }
}

/**
 * A reply's own points: its last run of at least two consecutive point words (a reply that
 * merges others quotes theirs first and ends with its own; an echoed question may contain a
 * lone point word), at most `max` of them, skipping words in `used` (then earlier runs).
 */
export function replyPoints(text: string, max = 3, used: ReadonlySet<string> = new Set()): string[] {
  const words = text.match(/[\p{L}\p{N}]+/gu) ?? [];
  const runs: string[][] = [];
  let run: string[] = [];
  for (const w of [...words, ""]) {
    if (POINT_SET.has(w)) run.push(w);
    else {
      if (run.length >= 2) runs.push(run);
      run = [];
    }
  }
  for (let i = runs.length - 1; i >= 0; i--) {
    const fresh = runs[i]!.filter((w) => !used.has(w));
    if (fresh.length > 0) return fresh.slice(0, max);
  }
  return [];
}

/** The simulated replies quoted in a prompt, in order (each up to the next one). */
export function quotedReplies(text: string): string[] {
  const parts = text.split(REPLY_MARKER);
  return parts.slice(1).map((p) => REPLY_MARKER + p);
}
