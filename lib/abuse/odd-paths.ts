// Odd request lines for every route of the API table: broken percent-escapes, encoded
// traversal, NUL, invalid UTF-8, very long segments, odd query strings, every method.
import fc from "fast-check";
import type { Route } from "@/lib/gateway/routes/route";

export const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

const hex = (b: number) => "%" + b.toString(16).toUpperCase().padStart(2, "0");

export const oddSegment = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("%ZZ", "%", "%E0%A4%A", "..%2f", "..%2F..%2Fetc%2Fpasswd", "%2e%2e", "%00", "%ED%A0%80",
    "%C0%AF", "%FF", "%u0041", "%%", "%2", "%252F", "%C3%A9", ";", "..", ".", "", "%20", "+", "~", "@", ":", "%3F", "%23",
    "%0A", "%0D%0A", "req_%00", "sim%2Ffast", "sim/fast", "%F0%9F%98%80", "%F4%90%80%80", "a%00b") },
  // Random byte strings, percent-encoded: mostly invalid UTF-8.
  { weight: 3, arbitrary: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 }).map((bs) => bs.map(hex).join("")) },
  { weight: 2, arbitrary: fc.webSegment() },
  // Long, but under Node's 16 KB header limit (a longer request line is refused before us).
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 8_000 }).map((n) => "a".repeat(n)) },
  { weight: 1, arbitrary: fc.integer({ min: 300, max: 2_500 }).map((n) => "%E0".repeat(n)) },
);

const oddQuery = fc.oneof(
  fc.constant(""),
  fc.constantFrom("?limit=%00", "?after=%00", "?model=%00", "?after=%ZZ", "?limit=-1", "?limit=1e309", "?limit=NaN", "?status=abc",
    "?status=%00", "?model=" + "m".repeat(5_000), "?after=" + "r".repeat(500), "?limit=1&limit=2", "?%=%", "?a=%E0%A4%A", "?&&&", "?="),
  fc.webQueryParameters().map((q) => "?" + q),
  fc.tuple(fc.constantFrom("limit", "after", "model", "status"), oddSegment).map(([k, v]) => `?${k}=${v}`),
);

/** A request line aimed at `route`: its path (its parameters, or a suffix) made odd. */
export function oddTargets(route: Route): fc.Arbitrary<{ method: string; path: string }> {
  const prefix = fc.constantFrom("/v1", "/api/v1");
  const base = route.path.replace(/\/\{.*$/, ""); // the literal part before the first parameter
  const path = fc.oneof(
    oddSegment.map((s) => `${base}/${s}`),
    fc.array(oddSegment, { minLength: 2, maxLength: 4 }).map((ss) => `${base}/${ss.join("/")}`),
    fc.constantFrom(base, `${base}/`, `${base}//`, `/${base}`, `${base}/.`, `${base}/..`),
    oddSegment.map((s) => `/${s}${base}`),
  );
  return fc.record({ method: fc.constantFrom(...METHODS), path: fc.tuple(prefix, path, oddQuery).map(([p, s, q]) => p + s + q) });
}
