import type { FinishReason } from "../types";

const FILTERED = new Set([
  "SAFETY",
  "RECITATION",
  "LANGUAGE",
  "BLOCKLIST",
  "PROHIBITED_CONTENT",
  "SPII",
  "IMAGE_SAFETY",
  "IMAGE_PROHIBITED_CONTENT",
  "IMAGE_RECITATION",
]);

/**
 * Gemini says STOP after function calls too; the mappers turn that into tool_calls when the
 * answer holds any. MALFORMED_FUNCTION_CALL, OTHER and unknown values → stop.
 */
export function mapGeminiFinishReason(reason: string | null | undefined): FinishReason {
  if (reason === "MAX_TOKENS") return "length";
  if (reason && FILTERED.has(reason)) return "content_filter";
  return "stop";
}
