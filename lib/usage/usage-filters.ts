// Usage page / API filters: a time range plus optional model, provider and key.
import { z } from "zod";
import { pgText } from "@/lib/pg-text";
import { rangeQuerySchema } from "@/lib/usage/range";

const id = pgText().trim().min(1).max(200);

export const usageFiltersSchema = rangeQuerySchema.extend({
  model: id.optional(),
  provider: id.optional(),
  key: id.optional(),
  group: z.enum(["day", "model", "provider", "key"]).default("day"),
});
export type UsageFilters = z.infer<typeof usageFiltersSchema>;
