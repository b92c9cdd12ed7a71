// GET /usage: the key's account usage by UTC day and model (same rollups as the dashboard).
// Query: range=24h|7d|30d|custom, from/to=YYYY-MM-DD (custom), model.
import { z } from "zod";
import { authenticate } from "@/lib/gateway/authenticate";
import { sendJson } from "@/lib/gateway/http/respond";
import type { ApiRequest, ApiResponse } from "@/lib/gateway/http/types";
import { getApiUsage } from "@/lib/usage/get-api-usage";
import { parseQuery } from "@/lib/usage/parse-query";
import { rangeQuerySchema, resolveRange } from "@/lib/usage/range";

const usageQuery = rangeQuerySchema.extend({ model: z.string().trim().min(1).max(200).optional() });

export async function getUsage(req: ApiRequest, res: ApiResponse): Promise<void> {
  const key = await authenticate(req, res);
  const q = parseQuery(usageQuery, req.query);
  sendJson(res, 200, await getApiUsage(key.userId, resolveRange(q), q.model));
}
