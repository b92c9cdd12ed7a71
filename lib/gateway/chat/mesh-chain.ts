// Mesh routing on a parsed request: `routing.fallback` extends the chain exactly as `models`
// does (so a request naming both is ambiguous → 400), and `routing.strategy` orders it
// (lib/routing/mesh.ts). Used by /chat/completions and /messages (`switchyard.routing`) and
// by /chat (`routing`).
import { AppError } from "@/lib/errors";
import { buildModelChain } from "@/lib/gateway/formats/extensions";
import type { RoutingOptions, RoutingStrategy } from "@/lib/gateway/formats/types";
import { orderChain } from "@/lib/routing/mesh";

export type MeshChain = { models: string[]; strategy: RoutingStrategy; reason: string };

/** True when the client's body sent a `models` list (not only `model`). */
export function sentModelsField(body: unknown): boolean {
  if (typeof body !== "object" || body === null) return false;
  const models = (body as { models?: unknown }).models;
  return Array.isArray(models) && models.length > 0;
}

/**
 * The chain to try, in order. `models` is the parsed chain (model + `models`); `routingParam`
 * names the routing field in the client's dialect for the 400.
 */
export function meshChain(
  models: string[], routing: RoutingOptions, sentModels: boolean, rotationKey: string, routingParam: string,
): MeshChain {
  const fallback = routing.fallback ?? [];
  if (fallback.length > 0 && sentModels) {
    throw new AppError("invalid_request",
      `'models' and '${routingParam}.fallback' both list fallback models; send only one of them.`, `${routingParam}.fallback`);
  }
  const chain = fallback.length > 0 ? buildModelChain(models[0], fallback) : models;
  const strategy = routing.strategy ?? "failover";
  const ordered = orderChain(chain, strategy, rotationKey);
  return { models: ordered.models, strategy, reason: ordered.reason };
}
