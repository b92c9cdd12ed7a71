// POST /chat (SPEC §2): one model (or `auto`), with Mesh routing — `routing: { strategy,
// fallback }` orders the chain, which is then tried in order with failover before the first
// byte, breakers respected. Events: route, chunk…, trace, done (or a terminal error). One
// client call, one request-log row (no parent row: it is not a multi-model call).
import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { CachedKey } from "@/lib/api-keys/key-cache";
import { routingOf, routingOptionsSchema } from "@/lib/gateway/formats/extensions";
import { OPTIMIZATION_GOALS } from "@/lib/gateway/formats/types";
import type { ApiRequest, ApiResponse } from "@/lib/gateway/http/types";
import { meshChain, sentModelsField } from "@/lib/gateway/chat/mesh-chain";
import { parseOrchestrationBody } from "@/lib/orchestration/body";
import { OrchestrationContext } from "@/lib/orchestration/context";
import { isObj } from "@/lib/json-checks";

const chatFields = {
  routing: routingOptionsSchema.nullish(),
  optimization_goal: z.enum(OPTIMIZATION_GOALS).nullish(),
};

export async function orchestrateChat(req: ApiRequest, res: ApiResponse, key: CachedKey, body: unknown): Promise<void> {
  // A key with a default policy routes a call that names no model through it, as `auto` (lib/policies).
  const named = !isObj(body) || body.model != null || body.models != null || key.policy === null;
  const { own, chat, stream } = parseOrchestrationBody(named ? body : Object.assign({}, body, { model: "auto" }), chatFields);
  if (own.routing && chat.routing) {
    throw new AppError("invalid_request", "Send 'routing' or 'switchyard.routing', not both.", "routing");
  }
  const routing = own.routing ? routingOf(own.routing) : (chat.routing ?? {});
  if (own.optimization_goal) chat.optimizationGoal = own.optimization_goal;
  const param = own.routing ? "routing" : "switchyard.routing";
  // Mesh ordering applies to the chain as the client named it; `auto` is expanded into its
  // picks when the chain is resolved (resolve-chain.ts → lib/routing/auto).
  const mesh = meshChain(chat.models, routing, sentModelsField(body), key.keyId, param);
  const ctx = new OrchestrationContext(req, res, key, body, "chat", { chat, stream, single: true });
  const prepared = await ctx.prepare([{ chain: mesh.models, stage: "source", index: 0, emit: true }]);
  const { links, route } = prepared[0]!.plan;
  const models = links.map((l) => l.model.id);
  // `auto`: what lib/routing/auto picked and why, in the route event and x-switchyard-route.
  if (route) res.setHeader("x-switchyard-route", route.header);
  ctx.route({
    model: models[0]!, chain: models, strategy: route ? "auto" : mesh.strategy, reason: route ? route.reason : mesh.reason,
  });
  await ctx.runSubCall(prepared[0]!);
  await ctx.finish();
}
