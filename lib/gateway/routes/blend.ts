// POST /blend — several models answer, a synthesizer merges them (lib/orchestration/blend).
// Same key check and error shapes as the rest of the API; the body is parsed by the mode.
import { authenticate } from "@/lib/gateway/authenticate";
import { readJson } from "@/lib/gateway/http/read-json";
import type { ApiRequest, ApiResponse } from "@/lib/gateway/http/types";
import { orchestrateBlend } from "@/lib/orchestration/blend/run-blend";

export async function blendRoute(req: ApiRequest, res: ApiResponse): Promise<void> {
  const key = await authenticate(req, res);
  await orchestrateBlend(req, res, key, await readJson(req));
}
