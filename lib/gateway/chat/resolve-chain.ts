// Turns the requested model list (model + fallbacks) into attempt targets: catalog entry,
// price, adapter and upstream credentials. Unknown → 404, unpriced → 400, not allowed for
// this key → 403, provider not configured → skipped (503 when nothing is left, with what the
// customer can do about it: lib/catalog/availability.ts). `model: "auto"` and
// `model: "policy/<name>"` are expanded first into the models lib/routing/auto picks, the
// latter within the policy's limits (lib/policies; resolveRequestChain).
import { AppError } from "@/lib/errors";
import { findModel, getPrice, type CatalogEntry, type PriceSnapshot } from "@/lib/catalog";
import { unavailableMessage } from "@/lib/catalog/availability";
import { getProviderAdapter } from "@/lib/providers/registry";
import type { ProviderAdapter, UpstreamTarget } from "@/lib/providers/types";
import { upstreamTargetFor } from "@/lib/gateway/providers-config";
import { ensureCustomUpstreams } from "@/lib/providers/openai-compatible/custom-upstreams";
import type { ByokKeys } from "@/lib/byok/key-cache";
import { byokTarget } from "@/lib/byok/providers";
import type { OptimizationGoal, ParsedChatRequest } from "@/lib/gateway/formats/types";
import { autoRoute, isAutoModel, type AutoRoute } from "@/lib/routing/auto";
import { isPolicyModel, policyOf, policyRouteInput } from "@/lib/policies/resolve";
import type { AccountPolicies } from "@/lib/policies/types";

export type ChainLink = {
  model: CatalogEntry;
  price: PriceSnapshot;
  adapter: ProviderAdapter;
  target: UpstreamTarget;
  /** Breaker key: provider + model (lib/routing/breaker). */
  breakerKey: string;
  /** BYOK: the account whose own key this call uses, so its breaker is that account's alone. */
  breakerAccount?: string;
  /** BYOK: the call uses the account's own provider key and costs no credits. */
  byok?: true;
};

// Built once per catalog entry rather than per request (hot path).
const breakerKeys = new WeakMap<CatalogEntry, string>();

function breakerKeyOf(model: CatalogEntry): string {
  let key = breakerKeys.get(model);
  if (key === undefined) breakerKeys.set(model, (key = `${model.provider}:${model.id}`));
  return key;
}

/** With `byok`, the caller's `accountId` too: BYOK links get per-account breakers. */
export function resolveChain(requested: string[], allowedModels: string[]): ChainLink[];
export function resolveChain(requested: string[], allowedModels: string[], byok: ByokKeys | null, accountId: string): ChainLink[];
export function resolveChain(
  requested: string[], allowedModels: string[], byok: ByokKeys | null = null, accountId?: string,
): ChainLink[] {
  ensureCustomUpstreams();
  const links: ChainLink[] = [];
  const unavailable: CatalogEntry[] = [];
  for (const [i, name] of requested.entries()) {
    const param = i === 0 ? "model" : `models[${i - 1}]`;
    const model = findModel(name);
    if (!model) {
      throw new AppError("model_not_found",
        `The model '${name}' does not exist. GET /v1/models lists the available models.`, param);
    }
    if (allowedModels.length && !allowedModels.includes(model.id)) {
      throw new AppError("permission_denied", `This API key may not use the model '${model.id}'.`, param);
    }
    const price = getPrice(model);
    if (!price) {
      throw new AppError("invalid_request",
        `The model '${model.id}' has no price in the catalog, so it cannot be billed and is refused.`, param);
    }
    // BYOK: the account's own key for this provider wins over the platform's (lib/byok).
    const userKey = byok?.get(model.provider);
    const ownTarget = userKey ? byokTarget(model.provider, userKey) : null;
    const target = ownTarget ?? upstreamTargetFor(model);
    if (!target) {
      if (model.simulated && i === 0 && requested.length === 1) {
        throw new AppError("model_not_found", `The model '${name}' is not available on this gateway.`, param);
      }
      unavailable.push(model);
      continue;
    }
    if (links.some((l) => l.model.id === model.id)) continue;
    const adapter = getProviderAdapter(model.wireFormat, model.provider);
    const breakerKey = breakerKeyOf(model);
    if (!ownTarget) {
      links.push({ model, price, adapter, target, breakerKey });
    } else {
      // Without an account id every BYOK caller would share one breaker, the bug this prevents.
      if (accountId === undefined) throw new Error("resolveChain: a BYOK chain needs the account id");
      links.push({ model, price, adapter, target, breakerKey, breakerAccount: accountId, byok: true });
    }
  }
  if (links.length === 0) {
    throw new AppError("service_unavailable", unavailableMessage(unavailable), requested.length === 1 ? "model" : null);
  }
  return links;
}

export type ResolvedChain = {
  links: ChainLink[];
  /** What `model: "auto"` (or a policy) chose and why (null when no model was either). */
  route: AutoRoute | null;
};

const routed = (name: string) => isAutoModel(name) || isPolicyModel(name);

/**
 * The request's chain with `auto` or `policy/<name>` expanded: its picks (best first) take its
 * place in `models`, then the other models as named. `auto`'s goal: the request's, else the
 * key's default; `auto` on a key with a default policy, and a named policy, route with the
 * policy's goal and limits (`policies`: the account's, loaded when needsPolicies says so).
 * Without either this is resolveChain and nothing more.
 */
export function resolveRequestChain(
  models: string[],
  parsed: Pick<ParsedChatRequest, "canonical" | "optimizationGoal">,
  key: {
    readonly allowedModels: string[]; readonly userId: string; readonly defaultGoal?: OptimizationGoal | null;
    readonly policy?: string | null;
  },
  byok: ByokKeys | null,
  policies: AccountPolicies | null = null,
): ResolvedChain {
  const autoAt = models.findIndex(routed);
  if (autoAt === -1) return { links: resolveChain(models, key.allowedModels, byok, key.userId), route: null };
  ensureCustomUpstreams(); // before auto looks at the catalog
  const policy = policyOf(models[autoAt]!, key, policies, autoAt === 0 ? "model" : `models[${autoAt - 1}]`);
  const route = autoRoute(policy
    ? { request: parsed.canonical, byok, accountId: key.userId, ...policyRouteInput(policy, key.allowedModels) }
    : { request: parsed.canonical, goal: parsed.optimizationGoal ?? key.defaultGoal ?? undefined, allowedModels: key.allowedModels, byok, accountId: key.userId });
  const requested: string[] = [];
  const add = (m: string) => {
    if (!requested.includes(m)) requested.push(m);
  };
  for (const [i, name] of models.entries()) {
    if (i === autoAt) route.chain.forEach(add);
    else if (!routed(name)) add(name);
  }
  return { links: resolveChain(requested, key.allowedModels, byok, key.userId), route };
}
