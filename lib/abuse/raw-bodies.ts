// Bodies that are wrong below the JSON level: empty, truncated, invalid UTF-8, random bytes,
// JSON that is not an object, and the wrong (or no) content-type. Built around any JSON text,
// so every POST route gets them whether or not it has a body profile.
import fc from "fast-check";
import { bodyOf, junkValue, jsonText, type GeneratedBody } from "@/lib/abuse/arbitraries";

export const contentTypes = fc.constantFrom<string | null>(
  "application/json", "application/json; charset=utf-8", "application/vnd.api+json", "APPLICATION/JSON", "application/json;",
  "application/json; charset=latin1", "text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x", "application/jsonx", "json", "", "*/*", "application/", null,
);

/** UTF-8 byte sequences that are not valid UTF-8 (lone continuation, overlong, surrogate, > U+10FFFF, cut). */
const invalidUtf8 = fc.constantFrom(
  [0xff], [0xfe, 0xff], [0x80], [0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf],
  [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0x00],
).map((b) => Buffer.from(b));

/** Byte-level damage to a valid JSON text. */
function damaged(valid: string): fc.Arbitrary<Buffer> {
  const text = Buffer.from(valid, "utf8");
  const at = fc.integer({ min: 0, max: Math.max(0, text.length - 1) });
  // Inside the first string value, so the bytes land where a parser reads text.
  const inString = Math.max(1, valid.indexOf('"', valid.indexOf(":") + 1) + 1);
  return fc.oneof(
    at.map((n) => text.subarray(0, n)), // truncated
    invalidUtf8.map((bad) => Buffer.concat([text.subarray(0, inString), bad, text.subarray(inString)])),
    fc.tuple(at, invalidUtf8).map(([n, bad]) => Buffer.concat([text.subarray(0, n), bad, text.subarray(n)])),
    fc.constant(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), text])), // BOM
    fc.constant(Buffer.from(valid.replace("{", "{\u0000"), "utf8")),
    fc.constantFrom("}", "]", ",", " trailing", "\n{}", "\u0000").map((tail) => Buffer.concat([text, Buffer.from(tail)])),
    fc.constant(Buffer.from(`{"model":1,"model":"dup",${valid.slice(1)}`)), // duplicate keys
  );
}

/** Anything but a good body: for every POST route, with `valid` the route's good JSON (or "{}"). */
export function rawBodies(valid: unknown): fc.Arbitrary<GeneratedBody> {
  const validText = jsonText(valid);
  const bytes: fc.Arbitrary<Buffer> = fc.oneof(
    { weight: 1, arbitrary: fc.constant(Buffer.alloc(0)) },
    { weight: 4, arbitrary: damaged(validText) },
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 2_000 }).map((a) => Buffer.from(a)) },
    { weight: 2, arbitrary: fc.constantFrom("null", "0", "-1", "true", '"x"', "[]", "[{}]", "{}", " ", "\n", "nul", "{", "[", '{"a":').map((t) => Buffer.from(t)) },
    { weight: 2, arbitrary: junkValue.map((v) => Buffer.from(jsonText(v), "utf8")) },
  );
  return fc.oneof(
    { weight: 3, arbitrary: bytes.map((b) => bodyOf(b)) },
    // The valid body (or junk) under the wrong content-type.
    { weight: 1, arbitrary: fc.tuple(fc.oneof(fc.constant(Buffer.from(validText)), bytes), contentTypes).map(([b, t]) => bodyOf(b, t)) },
  );
}

/** One body over the size limit (413), sent chunked or with its length. */
export function oversizedBody(limitBytes: number): GeneratedBody {
  return bodyOf(`{"model":"sim/fast","messages":[{"role":"user","content":"${"a ".repeat(Math.ceil(limitBytes / 2) + 1024)}"}]}`);
}
