// Performance trick, part of content-event.ts's (same switch). A stream's prefix differs from
// the last stream's of the same upstream model only in its id and `created`:
//
//   {"id":"chatcmpl-…","object":"chat.completion.chunk","created":1765…,<tail: model, …, "choices":[…"delta":>
//
// Whether a prefix is valid (sharedPrefixOf: one JSON.parse and a shape check) depends on its
// tail only when the id is plain text and `created` plain digits, and nothing in the tail can
// override either: so a tail that validated once is remembered with the model it names, and
// the next stream with that tail learns its prefix — and its first event's fields — without a
// parse. content-event.test.ts holds the fast and the full path equal over every one-character
// mutation of the events, with this memo warm.
const ID_OPEN = '{"id":"';
const CREATED_OPEN = '","object":"chat.completion.chunk","created":';
/** Enough for every upstream model a process talks to; cleared when full. */
const MAX_TAILS = 256;
/** Tail → the model the prefix names (undefined: none). */
const provenTails = new Map<string, string | undefined>();

export type PrefixFields = { id: string; created: number; model: string | undefined };

type Split = { id: string; created: number; tail: string };

/** A prefix in the usual form, cut into its id, its created and the rest; null otherwise. */
function split(prefix: string): Split | null {
  if (!prefix.startsWith(ID_OPEN)) return null;
  let i = ID_OPEN.length;
  while (isIdChar(prefix.charCodeAt(i))) i++;
  if (i === ID_OPEN.length || i - ID_OPEN.length > 128 || !prefix.startsWith(CREATED_OPEN, i)) return null;
  const d0 = i + CREATED_OPEN.length;
  let j = d0;
  while (isDigit(prefix.charCodeAt(j))) j++;
  const digits = j - d0;
  if (digits === 0 || digits > 15 || (digits > 1 && prefix.charCodeAt(d0) === 0x30) || prefix.charCodeAt(j) !== 0x2c) return null;
  const tail = prefix.slice(j);
  // A key of the tail could override the id or created that the memo reads from the text
  // (spelled out, or with an escape: `"\u0069d"`).
  if (tail.includes('"id"') || tail.includes('"created"') || tail.includes("\\")) return null;
  return { id: prefix.slice(ID_OPEN.length, i), created: Number(prefix.slice(d0, j)), tail };
}

/** The fields of a prefix whose tail has validated before; null when it must be parsed. */
export function provenFields(prefix: string): PrefixFields | null {
  const s = split(prefix);
  if (s === null || !provenTails.has(s.tail)) return null;
  return { id: s.id, created: s.created, model: provenTails.get(s.tail) };
}

/** Remembers a prefix that validated, given what its parse read (`head`). */
export function rememberProven(prefix: string, head: { id?: unknown; created?: unknown; model?: unknown }): void {
  const s = split(prefix);
  if (s === null || head.id !== s.id || head.created !== s.created) return;
  if (head.model !== undefined && head.model !== null && typeof head.model !== "string") return;
  if (provenTails.size >= MAX_TAILS) provenTails.clear();
  provenTails.set(s.tail, head.model ?? undefined);
}

/** Forgets every tail (tests). */
export function forgetProven(): void {
  provenTails.clear();
}

/** Letters, digits, `-` and `_`: an id that needs no escape and reads as itself. */
function isIdChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2d || c === 0x5f;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
