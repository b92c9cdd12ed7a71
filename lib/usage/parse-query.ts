// Turns URLSearchParams into a zod-validated object, with a clear 400 on the first problem.
import type { z } from "zod";
import { AppError } from "@/lib/errors";

export function parseQuery<S extends z.ZodType>(schema: S, params: URLSearchParams | Map<string, string>): z.infer<S> {
  const raw: Record<string, string> = {};
  for (const [k, v] of params) if (v !== "") raw[k] = v;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const param = String(issue.path[0] ?? "query");
    throw new AppError("invalid_request", `Invalid query parameter '${param}': ${issue.message}`, param);
  }
  return parsed.data;
}
