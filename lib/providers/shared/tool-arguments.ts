// OpenAI carries tool-call arguments as a JSON string; Anthropic and Gemini want an object.
/**
 * Parses replayed tool-call arguments into an object. A model may have produced invalid
 * JSON (or a non-object); the conversation must still go through, so those become `{}`
 * rather than failing the request. Documented in lib/providers/README.md.
 */
export function parseToolArguments(args: string): Record<string, unknown> {
  if (args === "" || args === "{}") return {};
  try {
    const value: unknown = JSON.parse(args);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** Tool output as the object Gemini's functionResponse.response requires. */
export function toolResultObject(text: string): Record<string, unknown> {
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{")) {
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value === "object" && value !== null && !Array.isArray(value)) {
        return value as Record<string, unknown>;
      }
    } catch {
      // not JSON: wrapped below
    }
  }
  return { content: text };
}
