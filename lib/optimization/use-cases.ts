// The account's logged traffic (lib/sql/optimization.ts rows: key × endpoint × class × model)
// folded into use cases: one per key × endpoint × class, its dominant model the current one.
import { displayKey } from "@/lib/api-keys/generate-key";
import { findModel, getPrice } from "@/lib/catalog";
import type { GroupKeyRow, UsageGroupRow } from "@/lib/sql/optimization";
import { loggedSpanDays, type ModelShare } from "./savings";
import type { UseCase } from "./types";

/** A use case with what the recommender needs beyond what the page shows. */
export type UseCaseData = UseCase & {
  shares: ModelShare[];
  /** Models the key may use ([] = every model). */
  allowedModels: string[];
  maxInputTokens: number;
  /** The current model's logged mean latency (ms). */
  loggedMeanMs: number | null;
};

export function useCaseId(apiKeyId: string, endpoint: string, requestClass: string): string {
  return `${apiKeyId}|${endpoint}|${requestClass}`;
}

function priceOf(model: string) {
  const entry = findModel(model);
  return entry ? getPrice(entry) : null;
}

export function foldUseCases(rows: readonly UsageGroupRow[], keys: readonly GroupKeyRow[], now: Date, windowDays: number): UseCaseData[] {
  const byId = new Map<string, UsageGroupRow[]>();
  for (const r of rows) {
    const id = useCaseId(r.apiKeyId, r.endpoint, r.requestClass);
    const list = byId.get(id);
    if (list) list.push(r);
    else byId.set(id, [r]);
  }
  const keyById = new Map(keys.map((k) => [k.id, k]));
  const out: UseCaseData[] = [];
  for (const [id, list] of byId) {
    // Most requests first; ties by model id, so the current model does not flip between loads.
    list.sort((a, b) => b.requests - a.requests || (a.model < b.model ? -1 : 1));
    const top = list[0]!;
    const key = keyById.get(top.apiKeyId);
    let requests = 0, inputTokens = 0, outputTokens = 0, costUnits = 0n, maxInputTokens = 0;
    let firstAt = top.firstAt;
    for (const r of list) {
      requests += r.requests;
      inputTokens += r.inputTokens;
      outputTokens += r.outputTokens;
      costUnits += r.costUnits;
      maxInputTokens = Math.max(maxInputTokens, r.maxInputTokens);
      if (r.firstAt < firstAt) firstAt = r.firstAt;
    }
    out.push({
      id, apiKeyId: top.apiKeyId, endpoint: top.endpoint, requestClass: top.requestClass,
      keyName: key?.name ?? "Deleted key", keyDisplay: key ? displayKey(key.prefix, key.suffix) : "—", keyDeleted: !key,
      currentModel: top.model, currentShare: top.requests / requests, requests, inputTokens, outputTokens, costUnits,
      spanDays: loggedSpanDays(firstAt, now, windowDays),
      shares: list.map((r) => ({
        model: r.model, price: priceOf(r.model), inputTokens: r.inputTokens, outputTokens: r.outputTokens,
        cachedTokens: r.cachedTokens, costUnits: r.costUnits,
      })),
      allowedModels: key?.allowedModels ?? [], maxInputTokens, loggedMeanMs: top.meanLatencyMs,
    });
  }
  // The biggest spenders first.
  return out.sort((a, b) => (b.costUnits > a.costUnits ? 1 : b.costUnits < a.costUnits ? -1 : b.requests - a.requests));
}
