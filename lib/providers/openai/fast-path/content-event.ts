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
// events. The event that ends the answer is read the same way when it is only that: the
// prefix, an empty delta and a plain finish reason (finishOf); the usage-only event after it
// has only its usage object parsed (usageOf), and the role-only first one is read from a
// proven prefix (proven-prefix.ts, isRoleAfter). Everything else (tool calls, errors, other
// layouts) takes the full path.
import { openAIChunkSchema } from "../schemas";
import type { OpenAIUsage } from "../schemas";
import { isOpenAIChunk, usageOk } from "./shape";
import { provenFields, rememberProven } from "./proven-prefix";

/** Where the part an event shares with its neighbours ends. */
const ANCHOR = '"choices":[{"index":0,"delta":';
const CONTENT_OPEN = '{"content":"';
/** After the content string: the delta closes and the choice carries no finish reason. */
const CHOICE_ENDS = ['},"logprobs":null,"finish_reason":null}]', '},"finish_reason":null}]'];
/** A finish-only event after the prefix: an empty delta, then its reason as a plain string. */
const FINISH_OPENS = ['{},"logprobs":null,"finish_reason":"', '{},"finish_reason":"'];
const FINISH_CLOSE = '"}]';
const USAGE_NULL = ',"usage":null';
const OBFUSCATION = ',"obfuscation":"';

/**
 * The part of `data` up to and including ANCHOR, when it can serve as a prefix: read on its
 * own (with `null}]}` after it: the delta is all that is left out) it is a valid chunk with no
 * error, no usage and no x_groq, so an event made of it and a content delta validates and maps
 * to that content alone. Null otherwise. One JSON.parse, once per stream or so, none when
 * another stream of the same model proved the same tail (proven-prefix.ts).
 */
export function sharedPrefixOf(data: string): string | null {
  const at = data.indexOf(ANCHOR);
  if (at <= 0) return null;
  const prefix = data.slice(0, at + ANCHOR.length);
  if (provenFields(prefix) !== null) return prefix; // its tail validated before: no parse
  let head: unknown;
  try {
    head = JSON.parse(prefix + "null}]}");
  } catch {
    return null;
  }
  const ok = isOpenAIChunk(head) || openAIChunkSchema.safeParse(head).success;
  if (!ok) return null;
  type Head = { id?: unknown; created?: unknown; model?: unknown; error?: unknown; usage?: unknown; x_groq?: unknown };
  const h = head as Head & { choices?: unknown[] };
  const plain = h.error == null && h.usage == null && h.x_groq == null && h.choices?.length === 1;
  if (!plain) return null;
  rememberProven(prefix, h);
  return prefix;
}

/** The assistant's role with empty content, the rest as in a content event. */
const ROLE_OPENS = ['{"role":"assistant","content":"","refusal":null', '{"role":"assistant","content":""'];

/** `data`, which starts with a prefix that ends at `at`, is only the role event (above). */
export function isRoleAfter(data: string, at: number): boolean {
  for (const open of ROLE_OPENS) {
    if (hasAt(data, at, open)) return endsEvent(data, at + open.length);
  }
  return false;
}

/**
 * The text of a content-only event that starts with `prefix` (from sharedPrefixOf), or null
 * when the event is anything else and must take the full path.
 */
export function contentOf(data: string, prefix: string): string | null {
  return hasAt(data, 0, prefix) ? contentAfter(data, prefix.length) : null;
}

/** contentOf for an event already known to start with the prefix, which ends at `at`. */
export function contentAfter(data: string, at: number): string | null {
  if (!hasAt(data, at, CONTENT_OPEN)) return null;
  const start = at + CONTENT_OPEN.length;
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

/**
 * The finish reason of a finish-only event that starts with `prefix`: an empty delta and a
 * reason of letters and underscores, the rest as in a content event. Null for anything else.
 */
export function finishOf(data: string, prefix: string): string | null {
  return hasAt(data, 0, prefix) ? finishAfter(data, prefix.length) : null;
}

/** finishOf for an event already known to start with the prefix, which ends at `at`. */
export function finishAfter(data: string, at: number): string | null {
  let i = -1;
  for (const open of FINISH_OPENS) {
    if (hasAt(data, at, open)) {
      i = at + open.length;
      break;
    }
  }
  if (i < 0) return null;
  const start = i;
  while (isReasonChar(data.charCodeAt(i))) i++; // NaN past the end: false
  if (i === start || !hasAt(data, i, FINISH_CLOSE)) return null;
  return endsAfterChoices(data, i + FINISH_CLOSE.length) ? data.slice(start, i) : null;
}

/** Where a prefix's choices array opens: a usage-only event has `],"usage":` there. */
const CHOICE_OPEN = '{"index":0,"delta":';
const USAGE_OPEN = '],"usage":';

/** The prefix's fields up to its (open) choices array: what a usage-only event starts with. */
export function usageHeadOf(prefix: string): string {
  return prefix.slice(0, prefix.length - CHOICE_OPEN.length);
}

/**
 * The usage of a usage-only event: `head` (from usageHeadOf), an empty choices array, a usage
 * object that passes the fast shape check, an optional obfuscation pad, the end. Only that
 * object is parsed. Null for anything else (the full path decides).
 */
export function usageOf(data: string, head: string): OpenAIUsage | null {
  if (!hasAt(data, 0, head) || !hasAt(data, head.length, USAGE_OPEN)) return null;
  let end = data.length - 1;
  if (data.charCodeAt(end) !== 0x7d /* } */) return null;
  const pad = data.lastIndexOf(OBFUSCATION);
  if (pad > 0 && endsAfterChoices(data, pad)) end = pad;
  let usage: unknown;
  try {
    usage = JSON.parse(data.slice(head.length + USAGE_OPEN.length, end));
  } catch {
    return null;
  }
  return usage !== null && typeof usage === "object" && usageOk(usage) ? (usage as OpenAIUsage) : null;
}

/** The rest from `at` is one of the fixed endings: choice end, `"usage":null`, an obfuscation pad. */
function endsEvent(data: string, at: number): boolean {
  for (const end of CHOICE_ENDS) {
    if (hasAt(data, at, end)) return endsAfterChoices(data, at + end.length);
  }
  return false;
}

/** The rest from `i`, just after the choices array: `"usage":null`, an obfuscation pad, the end. */
function endsAfterChoices(data: string, i: number): boolean {
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

/** A finish reason's characters: a-z and `_` (stop, length, tool_calls, content_filter, …). */
function isReasonChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

/** OpenAI's obfuscation pad: letters, digits and base64/url-safe punctuation. */
function isPadChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)
    || c === 0x2b || c === 0x2f || c === 0x3d || c === 0x2d || c === 0x5f;
}
