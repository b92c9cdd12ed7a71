// Most events of an OpenAI-compatible stream differ from the previous one only in the
// content string. Once one such event has been through the full parse, later ones are
// recognised by comparing their text around the content slot with it; only the string in
// the slot is decoded (no JSON.parse of the event, no shape check, no garbage).
//
// Why a match maps exactly as the full parse would:
// - the learnt text before the slot has no backslash and an even number of quotes and ends
//   with `"content":`, so the slot starts outside any string, where a value goes; a match must
//   hold exactly one JSON string there, so it has the learnt event's JSON structure with only
//   that string value changed;
// - a probe (the learnt event with another string in the slot) is run through the full path
//   and must map to the same chunk with the probe's text as content: the slot is the content.
// OpenAI proper ends each event with `"obfuscation":"<random padding>"`: a root-level member
// we never read, so its value may differ too (it must stay a plain string).

/** Runs the full path on an event: the content of the content-only chunk it maps to. */
export type ContentOf = (data: string) => string | undefined;

const KEY = '"content":';
const PADDING = ',"obfuscation":"';
/** Relearning stops here, so a stream that never matches costs a few probes at most. */
const MAX_LEARNS = 3;
const QUOTE = 34;
const BACKSLASH = 92;

export class ContentTemplate {
  private prefix = "";
  /** Text after the slot; when `padded`, up to and including the padding's opening quote. */
  private suffix = "";
  private padded = false;
  private learns = 0;

  /** The content string if `data` is the learnt event with another string in the slot. */
  match(data: string): string | undefined {
    const p = this.prefix.length;
    if (p === 0) return undefined;
    const n = data.length;
    let end: number;
    if (this.padded) {
      if (n < 2 || data.charCodeAt(n - 1) !== 125 || data.charCodeAt(n - 2) !== QUOTE) return undefined;
      const open = data.lastIndexOf('"', n - 3);
      if (open < 0 || !isPlain(data, open + 1, n - 2)) return undefined;
      end = open + 1 - this.suffix.length;
      if (end < p + 2 || data.slice(end, open + 1) !== this.suffix) return undefined;
    } else {
      end = n - this.suffix.length;
      if (end < p + 2 || !data.endsWith(this.suffix)) return undefined;
    }
    if (data.slice(0, p) !== this.prefix) return undefined;
    return decodeString(data, p, end);
  }

  /** Learns from an event whose full parse gave a content-only chunk with `content`. */
  learn(data: string, content: string, contentOf: ContentOf): boolean {
    if (this.learns >= MAX_LEARNS) return false;
    this.learns++;
    this.prefix = "";
    const token = JSON.stringify(content);
    const at = data.indexOf(KEY + token);
    if (at < 0) return false;
    const p = at + KEY.length;
    const end = p + token.length;
    const prefix = data.slice(0, p);
    if (!outsideStrings(prefix)) return false;
    const probe = `${content}\u0001`;
    if (contentOf(prefix + JSON.stringify(probe) + data.slice(end)) !== probe) return false;
    const pad = data.lastIndexOf(PADDING);
    this.padded = pad >= end && data.endsWith('"}') && isPlain(data, pad + PADDING.length, data.length - 2);
    this.suffix = this.padded ? data.slice(end, pad + PADDING.length) : data.slice(end);
    this.prefix = prefix;
    return true;
  }
}

/** No backslash and balanced quotes: the text ends outside any JSON string. */
function outsideStrings(text: string): boolean {
  let quotes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) return false;
    if (c === QUOTE) quotes++;
  }
  return quotes % 2 === 0;
}

/** Characters that may stand in a JSON string without escaping, and no quote. */
function isPlain(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE || c === BACKSLASH || c < 32) return false;
  }
  return true;
}

/** text[from, to) as one JSON string value, or undefined when it is anything else. */
function decodeString(text: string, from: number, to: number): string | undefined {
  if (text.charCodeAt(from) === QUOTE && text.charCodeAt(to - 1) === QUOTE && isPlain(text, from + 1, to - 1)) {
    return text.slice(from + 1, to - 1);
  }
  let value: unknown;
  try {
    value = JSON.parse(text.slice(from, to)); // escapes; may also be garbage or not a string
  } catch {
    return undefined;
  }
  return typeof value === "string" ? value : undefined;
}
