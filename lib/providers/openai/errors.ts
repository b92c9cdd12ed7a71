import type { ErrorDetail } from "../http/errors";
import { openAIErrorBodySchema } from "./schemas";

export function parseOpenAIErrorBody(body: unknown): ErrorDetail | undefined {
  const parsed = openAIErrorBodySchema.safeParse(body);
  if (!parsed.success) return undefined;
  const b = parsed.data;
  if ("error" in b) {
    if (typeof b.error === "string") return { message: b.error };
    const code = b.error.code;
    return {
      message: b.error.message ?? undefined,
      type: b.error.type ?? (typeof code === "string" ? code : undefined),
    };
  }
  const message =
    typeof b.message === "string"
      ? b.message
      : b.message
        ? JSON.stringify(b.message)
        : b.detail !== undefined
          ? typeof b.detail === "string"
            ? b.detail
            : JSON.stringify(b.detail)
          : undefined;
  return message === undefined && !b.type ? undefined : { message, type: b.type ?? undefined };
}
