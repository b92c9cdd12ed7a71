// POST /chat and POST /compare — the native orchestration endpoints (lib/orchestration).
// Same key check and error shapes as the rest of the API; the body is read and parsed by the
// mode (lib/orchestration/body.ts).
import { authenticate } from "@/lib/gateway/authenticate";
import { readJson } from "@/lib/gateway/http/read-json";
import type { ApiRequest, ApiResponse } from "@/lib/gateway/http/types";
import { orchestrateChat, orchestrateCompare } from "@/lib/orchestration";

export async function chatRoute(req: ApiRequest, res: ApiResponse): Promise<void> {
  const key = await authenticate(req, res);
  await orchestrateChat(req, res, key, await readJson(req));
}

export async function compareRoute(req: ApiRequest, res: ApiResponse): Promise<void> {
  const key = await authenticate(req, res);
  await orchestrateCompare(req, res, key, await readJson(req));
}
