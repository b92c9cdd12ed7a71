// Instructions used where a provider has no native equivalent of OpenAI's response_format.
import type { ResponseFormat } from "../types";

export function jsonModeInstruction(format: ResponseFormat): string | null {
  if (format.type === "json_object") {
    return "Respond with one valid JSON object and nothing else: no prose, no Markdown code fences.";
  }
  if (format.type === "json_schema") {
    const schema = format.json_schema.schema ? JSON.stringify(format.json_schema.schema) : "{}";
    return (
      "Respond with one valid JSON object and nothing else (no prose, no Markdown code fences). " +
      `It must conform to this JSON Schema (named "${format.json_schema.name}"): ${schema}`
    );
  }
  return null;
}
