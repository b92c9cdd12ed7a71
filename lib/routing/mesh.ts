// Mesh routing (SPEC §2): a strategy orders a request's model chain; the chain is then tried in
// that order with failover before the first byte (lib/gateway/chat/attempts.ts). No strategy
// ever races models: one upstream call at a time, so a request is never billed twice.
//
// - failover: as given;
// - latency: measured p50 latency ascending (this process's recent figures, model-stats.ts),
//   models without figures last, in their given order;
// - cost: catalog price ascending (input + output per token), unpriced/unknown last;
// - round-robin: the given chain rotated, starting one further for each call of the same key.
import { findModel, getPrice } from "@/lib/catalog";
import type { RoutingStrategy } from "@/lib/gateway/formats/types";
import { processSingleton } from "@/lib/shared-state";
import { modelStats } from "@/lib/routing/model-stats";

export type OrderedChain = { models: string[]; reason: string };

/** Round-robin positions per key; bounded (a full map starts over: a rotation is only a hint). */
const MAX_ROTATIONS = 10_000;
const rotations = processSingleton("meshRotations", () => new Map<string, number>());

function stableSortBy(models: string[], score: (m: string) => number | bigint | null): string[] {
  const scored = models.map((m, i) => ({ m, i, s: score(m) }));
  scored.sort((a, b) => {
    if (a.s === null || b.s === null) return a.s === b.s ? a.i - b.i : a.s === null ? 1 : -1;
    return a.s < b.s ? -1 : a.s > b.s ? 1 : a.i - b.i;
  });
  return scored.map((x) => x.m);
}

function priceScore(model: string): bigint | null {
  const entry = findModel(model);
  const price = entry ? getPrice(entry) : null;
  return price ? price.inputPerToken + price.outputPerToken : null;
}

/** `models` ordered by `strategy`; `rotationKey` (the API key) drives round-robin. */
export function orderChain(models: string[], strategy: RoutingStrategy, rotationKey: string, now = Date.now()): OrderedChain {
  if (models.length < 2) return { models, reason: reasonFor(strategy, models.length) };
  switch (strategy) {
    case "failover":
      return { models, reason: reasonFor(strategy, models.length) };
    case "latency":
      return { models: stableSortBy(models, (m) => modelStats(findModel(m)?.id ?? m, now).p50LatencyMs), reason: reasonFor(strategy, models.length) };
    case "cost":
      return { models: stableSortBy(models, priceScore), reason: reasonFor(strategy, models.length) };
    case "round-robin": {
      const n = rotations.get(rotationKey) ?? 0;
      if (rotations.size >= MAX_ROTATIONS && !rotations.has(rotationKey)) rotations.clear();
      rotations.set(rotationKey, (n + 1) % models.length);
      const start = n % models.length;
      return { models: [...models.slice(start), ...models.slice(0, start)], reason: reasonFor(strategy, models.length) };
    }
  }
}

function reasonFor(strategy: RoutingStrategy, n: number): string {
  if (n < 2) return "requested model";
  switch (strategy) {
    case "failover": return "failover: the chain as given";
    case "latency": return "latency: measured p50 latency ascending (models without recent figures last)";
    case "cost": return "cost: catalog price ascending";
    case "round-robin": return "round-robin: rotating start per API key";
  }
}

/** Test hook. */
export function resetMeshRotationsForTests(): void {
  rotations.clear();
}
