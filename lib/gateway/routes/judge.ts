// POST /judge — contestants answer, a judge model scores them (lib/orchestration/judge).
// Same key check and error shapes as the rest of the API; the body is parsed by the mode.
import { authenticate } from "@/lib/gateway/authenticate";
import { readJson } from "@/lib/gateway/http/read-json";
import type { ApiRequest, ApiResponse } from "@/lib/gateway/http/types";
import { orchestrateJudge } from "@/lib/orchestration/judge/run-judge";

export async function judgeRoute(req: ApiRequest, res: ApiResponse): Promise<void> {
  const key = await authenticate(req, res);
  await orchestrateJudge(req, res, key, await readJson(req));
}
