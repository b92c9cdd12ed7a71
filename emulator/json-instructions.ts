/**
 * JSON asked for in words. Providers without a native JSON mode (Anthropic's json_object, a
 * gateway's "conform to this JSON Schema: {…}" instruction) are asked in the system prompt;
 * a real model follows such an instruction, so the simulated one does too.
 */
import type { JsonSchema } from "./prompt";

const ASKS_FOR_JSON = /\b(?:respond|reply|answer)\s+with\s+(?:one|a|an)\s+(?:valid\s+)?JSON\s+object\b/i;
const SCHEMA_INTRO = /JSON Schema[^{}\n]{0,80}?:\s*(?=\{)/g;

export function asksForJson(text: string): boolean {
  return ASKS_FOR_JSON.test(text);
}

/** The end (exclusive) of the balanced JSON object starting at `start`, or -1. */
function objectEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return i + 1;
  }
  return -1;
}

/** The first JSON Schema spelled out after the words "JSON Schema …:" in `text`, or null. */
export function schemaInText(text: string): JsonSchema | null {
  for (const match of text.matchAll(SCHEMA_INTRO)) {
    const start = match.index + match[0].length;
    const end = objectEnd(text, start);
    if (end === -1) continue;
    try {
      const value: unknown = JSON.parse(text.slice(start, end));
      if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as JsonSchema;
    } catch {
      // Not JSON after all: look for the next one.
    }
  }
  return null;
}
