// Routing policies (SPEC §2 "Replay and policies", issue #22.5): GET/POST /policies,
// GET/PATCH/DELETE /policies/{name}. Any model-calling key of the account (like /replays);
// another account's policy answers exactly like a missing one (404). The work is in
// lib/policies; a change takes effect on every instance when it commits.
import { authenticate } from "@/lib/gateway/authenticate";
import { readJson } from "@/lib/gateway/http/read-json";
import { sendJson } from "@/lib/gateway/http/respond";
import type { ApiRequest, ApiResponse } from "@/lib/gateway/http/types";
import { env } from "@/lib/env";
import { parsePolicyCreate, parsePolicyPatch } from "@/lib/policies/schema";
import { createPolicy, deletePolicy, getPolicy, listPolicies, updatePolicy } from "@/lib/policies/store";
import { toPolicyObject } from "@/lib/policies/view";

export async function listPoliciesRoute(req: ApiRequest, res: ApiResponse): Promise<void> {
  const key = await authenticate(req, res);
  sendJson(res, 200, { object: "list", data: (await listPolicies(key.userId)).map(toPolicyObject) });
}

export async function createPolicyRoute(req: ApiRequest, res: ApiResponse): Promise<void> {
  const key = await authenticate(req, res);
  const input = parsePolicyCreate(await readJson(req));
  sendJson(res, 201, toPolicyObject(await createPolicy(key.userId, input)));
}

export async function getPolicyRoute(req: ApiRequest, res: ApiResponse, { name }: { name: string }): Promise<void> {
  const key = await authenticate(req, res);
  sendJson(res, 200, toPolicyObject(await getPolicy(key.userId, name)));
}

export async function updatePolicyRoute(req: ApiRequest, res: ApiResponse, { name }: { name: string }): Promise<void> {
  const key = await authenticate(req, res);
  const patch = parsePolicyPatch(await readJson(req));
  sendJson(res, 200, toPolicyObject(await updatePolicy(key.userId, name, patch)));
}

export async function deletePolicyRoute(req: ApiRequest, res: ApiResponse, { name }: { name: string }): Promise<void> {
  const key = await authenticate(req, res);
  await req.readBody(env().MAX_BODY_BYTES); // no body is needed; one past the limit is still a 413
  const id = await deletePolicy(key.userId, name);
  sendJson(res, 200, { id, object: "policy.deleted", name, deleted: true });
}
