// The replay lab API (SPEC §2 "Replay and policies", issue #22.1): POST /replays (estimate:
// 200 with the report; run: 202 { id, status, estimated_credits }), GET /replays,
// GET /replays/{id}, POST /replays/{id}/cancel. The account's own runs only: another
// account's id is a 404. The work is in lib/replay.
import { moneyFields } from "@/lib/billing/money";
import { env } from "@/lib/env";
import { hasNul } from "@/lib/pg-text";
import { authenticate } from "@/lib/gateway/authenticate";
import { readJson } from "@/lib/gateway/http/read-json";
import { sendJson } from "@/lib/gateway/http/respond";
import type { ApiRequest, ApiResponse } from "@/lib/gateway/http/types";
import { AppError } from "@/lib/errors";
import { cancelReplay, createReplay, getReplay, listReplays, parseReplayOptions } from "@/lib/replay";

function checkId(id: string): void {
  if (hasNul(id) || id.length > 100) throw new AppError("not_found", "No such replay in this account.");
}

export async function createReplayRoute(req: ApiRequest, res: ApiResponse): Promise<void> {
  const key = await authenticate(req, res);
  const options = parseReplayOptions(await readJson(req));
  const created = await createReplay(key, options);
  if (created.kind === "estimate") {
    sendJson(res, 200, created.report);
    return;
  }
  sendJson(res, 202, { id: created.id, object: "replay", status: created.status, ...moneyFields("estimated", created.estimatedUnits) });
}

export async function listReplaysRoute(req: ApiRequest, res: ApiResponse): Promise<void> {
  const key = await authenticate(req, res);
  sendJson(res, 200, { object: "list", data: await listReplays(key.userId) });
}

export async function getReplayRoute(req: ApiRequest, res: ApiResponse, { id }: { id: string }): Promise<void> {
  const key = await authenticate(req, res);
  checkId(id);
  sendJson(res, 200, await getReplay(key.userId, id));
}

export async function cancelReplayRoute(req: ApiRequest, res: ApiResponse, { id }: { id: string }): Promise<void> {
  const key = await authenticate(req, res);
  await req.readBody(env().MAX_BODY_BYTES); // no body is needed; one past the limit is still a 413
  checkId(id);
  sendJson(res, 200, await cancelReplay(key.userId, id));
}
