// Performance trick (docs/performance.md, "Performance tricks and what they earn"; off with
// SWITCHYARD_NO_TRICKS=content-event, lib/perf-tricks.ts). Most events of an OpenAI-format
// stream carry one piece of text and repeat everything else:
//
//   {"id":"…","object":"chat.completion.chunk","created":…,"model":"…",…,"choices":[{"index":0,
//   "delta":{"content":"Hello"},"logprobs":null,"finish_reason":null}],"usage":null,"obfuscation":"…"}
//
// JSON.parse of each such event was ~12 % of a stream's CPU. An event is read here without it
// when its text is exactly: a prefix that sharedPrefixOf accepted (the event's fields up to the
// delta, checked once), then `{"content":<JSON string>}`, then one of the fixed endings below.
// Such a text is a valid chunk that the full path (../stream.ts) would map to `{ content }`
// alone; content-event.test.ts checks that on every single-character mutation of recorded
// events. Everything else (role, tool calls, finish, usage, errors, other layouts) takes the
// full path.
import { openAIChunkSchema } from "../schemas";
import { isOpenAIChunk } from "./shape";

/** Where the part an event shares with its neighbours ends. */
const ANCHOR = '"choices":[{"index":0,"delta":';
const CONTENT_OPEN = '{"content":"';
/** After the content string: the delta closes and the choice carries no finish reason. */
const CHOICE_ENDS = ['},"logprobs":null,"finish_reason":null}]', '},"finish_reason":null}]'];
const USAGE_NULL = ',"usage":null';
const OBFUSCATION = ',"obfuscation":"';

/**
 * The part of `data` up to and including ANCHOR, when it can serve as a prefix: read on its
 * own (with `null}]}` after it: the delta is all that is left out) it is a valid chunk with no
 * error, no usage and no x_groq, so an event made of it and a content delta validates and maps
 * to that content alone. Null otherwise. One JSON.parse, once per stream or so.
 */
export function sharedPrefixOf(data: string): string | null {
  const at = data.indexOf(ANCHOR);
  if (at <= 0) return null;
  const prefix = data.slice(0, at + ANCHOR.length);
  let head: unknown;
  try {
    head = JSON.parse(prefix + "null}]}");
  } catch {
    return null;
  }
  const ok = isOpenAIChunk(head) || openAIChunkSchema.safeParse(head).success;
  if (!ok) return null;
  const h = head as { error?: unknown; usage?: unknown; x_groq?: unknown; choices?: unknown[] };
  const plain = h.error == null && h.usage == null && h.x_groq == null && h.choices?.length === 1;
  return plain ? prefix : null;
}

/**
 * The text of a content-only event that starts with `prefix` (from sharedPrefixOf), or null
 * when the event is anything else and must take the full path.
 */
export function contentOf(data: string, prefix: string): string | null {
  if (!hasAt(data, 0, prefix) || !hasAt(data, prefix.length, CONTENT_OPEN)) return null;
  const start = prefix.length + CONTENT_OPEN.length;
  let escaped = false;
  let i = start;
  for (;;) {
    if (i >= data.length) return null;
    const c = data.charCodeAt(i);
    if (c === 0x22 /* " */) break;
    if (c < 0x20) return null; // not JSON: the full path words the error
    if (c === 0x5c /* \ */) {
      escaped = true;
      i++;
    }
    i++;
  }
  if (!endsEvent(data, i + 1)) return null;
  if (!escaped) return data.slice(start, i);
  try {
    return JSON.parse(data.slice(start - 1, i + 1)) as string;
  } catch {
    return null;
  }
}

/** The rest from `at` is one of the fixed endings: choice end, `"usage":null`, an obfuscation pad. */
function endsEvent(data: string, at: number): boolean {
  let i = -1;
  for (const end of CHOICE_ENDS) {
    if (hasAt(data, at, end)) {
      i = at + end.length;
      break;
    }
  }
  if (i < 0) return false;
  if (hasAt(data, i, USAGE_NULL)) i += USAGE_NULL.length;
  if (hasAt(data, i, OBFUSCATION)) {
    for (i += OBFUSCATION.length; ; i++) {
      if (i >= data.length) return false;
      const c = data.charCodeAt(i);
      if (c === 0x22 /* " */) break;
      if (!isPadChar(c)) return false;
    }
    i++;
  }
  return i === data.length - 1 && data.charCodeAt(i) === 0x7d /* } */;
}

/** `data.startsWith(s, at)`, which V8 runs a character at a time (~5 ns each): this compares whole strings. */
export function hasAt(data: string, at: number, s: string): boolean {
  return data.length >= at + s.length && data.substring(at, at + s.length) === s;
}

/** OpenAI's obfuscation pad: letters, digits and base64/url-safe punctuation. */
function isPadChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)
    || c === 0x2b || c === 0x2f || c === 0x3d || c === 0x2d || c === 0x5f;
}
