// Postgres text and jsonb cannot hold U+0000: a query parameter containing one fails the whole
// statement ("invalid byte sequence for encoding UTF8: 0x00"), which surfaced as a 500. Input
// that reaches SQL from outside (URL segments, query strings, webhook ids) is checked first:
// an id with a NUL cannot exist (404); a filter with one is a 400.
import { z } from "zod";

export function hasNul(s: string): boolean {
  return s.includes("\u0000");
}

/** A zod string that refuses NUL; chain .trim()/.min()/.max() after it as usual. */
export function pgText() {
  return z.string().refine((s) => !hasNul(s), "Text cannot contain NUL (\\u0000) characters.");
}
