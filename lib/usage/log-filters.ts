// Logs explorer filters (dashboard and API share them) and the opaque keyset cursor.
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { pgText } from "@/lib/pg-text";

const id = pgText().trim().min(1).max(200);

export const logFiltersSchema = z.object({
  key: id.optional(),
  model: id.optional(),
  provider: id.optional(),
  // "ok" (< 400), "error" (>= 400) or one exact HTTP status.
  status: z.union([z.enum(["ok", "error"]), z.coerce.number().int().min(100).max(599)]).optional(),
  stream: z.enum(["true", "false"]).transform((v) => v === "true").optional(),
  // Live traffic, or test-mode keys' simulated requests.
  mode: z.enum(["live", "test"]).optional(),
  from: z.iso.datetime({ offset: true, local: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true, local: true }).or(z.iso.date()).optional(),
  // Request id or its beginning ("req_3f2a").
  q: z.string().trim().max(100).regex(/^[A-Za-z0-9_-]*$/, "Request ids contain only letters, digits, '_' and '-'.").optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type LogFilters = z.infer<typeof logFiltersSchema>;

export type Cursor = { createdAt: Date; id: string };

export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.createdAt.toISOString()}|${c.id}`).toString("base64url");
}

export function decodeCursor(s: string): Cursor {
  const text = Buffer.from(s, "base64url").toString("utf8");
  const [at, rowId, extra] = text.split("|");
  const createdAt = new Date(at ?? "");
  if (extra !== undefined || !rowId || Number.isNaN(createdAt.getTime()) || !/^[A-Za-z0-9_-]{1,100}$/.test(rowId)) {
    throw new AppError("invalid_request", "Invalid 'cursor': use the next_cursor value of a previous page.", "cursor");
  }
  return { createdAt, id: rowId };
}

export function parseInstant(value: string | undefined, param: string): Date | null {
  if (!value) return null;
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(d.getTime())) throw new AppError("invalid_request", `'${param}' is not a valid date or time.`, param);
  return d;
}
