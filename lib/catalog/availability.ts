// Whether a catalog model can be served here (SPEC §2: `/v1/models` entries carry `available`
// for this deployment and key), and the customer-facing reason when it cannot. Two views:
//   - the deployment's: a price and a configured upstream (lib/gateway/providers-config.ts,
//     operator custom upstreams). Computed once per catalog generation and cached: config is
//     static, and registering custom upstreams swaps in a new catalog, which drops the cache.
//   - a key's: the deployment's, plus the account's own provider keys (BYOK) and the key's
//     allowed_models. Computed on demand (GET /models with a key, `model: "auto"`), never
//     on the ordinary chat path, which checks the same facts link by link (resolve-chain.ts).
import { siteOrigin } from "@/lib/http/site-origin";
import { byokProvider, byokTarget } from "@/lib/byok/providers";
import type { ByokKeys } from "@/lib/byok/key-cache";
import { getProviderInfo } from "@/lib/providers/registry";
import { upstreamTargetFor } from "@/lib/gateway/providers-config";
import { getCatalog, getPrice, type Catalog } from "./registry";
import type { CatalogEntry } from "./schema";

export type ModelAvailability =
  | { readonly available: true; readonly reason: null }
  | { readonly available: false; readonly reason: string };

/** What a key adds to the deployment's view. */
export type KeyView = {
  readonly allowedModels: readonly string[];
  readonly byok: ByokKeys | null;
  /** A test key: the simulator answers every model (lib/gateway/test-mode.ts). */
  readonly testMode?: boolean;
};

const AVAILABLE: ModelAvailability = Object.freeze({ available: true, reason: null });
export const KEY_MAY_NOT_USE = "This API key may not use this model";
const UNPRICED_DETAIL = "this model has no price in the catalog, so requests to it cannot be billed and are refused.";

function providerName(entry: CatalogEntry): string {
  return getProviderInfo(entry.provider)?.displayName ?? entry.provider;
}

/**
 * Why nobody can reach the model's provider here, addressed to a customer (not the operator):
 * for providers that take a user's own key, where to add one.
 */
function noProviderDetail(entry: CatalogEntry): string {
  if (entry.simulated) return "simulated models are not enabled here.";
  const name = providerName(entry);
  if (!byokProvider(entry.provider)) return `the ${name} provider is not set up here.`;
  return `no ${name} key is configured. Add your own ${name} key under Providers (BYOK): ${siteOrigin()}/dashboard/providers`;
}

type DeploymentView = {
  catalog: Catalog;
  byId: Map<string, ModelAvailability>;
  /** Chat models this deployment serves on its own keys, in catalog order. */
  servable: CatalogEntry[] | null;
};

let view: DeploymentView | null = null;

function deploymentView(): DeploymentView {
  const catalog = getCatalog();
  if (view?.catalog !== catalog) view = { catalog, byId: new Map(), servable: null };
  return view;
}

function computeDeployment(entry: CatalogEntry): ModelAvailability {
  if (!getPrice(entry)) return { available: false, reason: `Not available: ${UNPRICED_DETAIL}` };
  if (!upstreamTargetFor(entry)) return { available: false, reason: `Not available on this deployment: ${noProviderDetail(entry)}` };
  return AVAILABLE;
}

/** The deployment's view of one model (cached per catalog generation). */
export function deploymentAvailability(entry: CatalogEntry): ModelAvailability {
  const v = deploymentView();
  let a = v.byId.get(entry.id);
  if (a === undefined) v.byId.set(entry.id, (a = computeDeployment(entry)));
  return a;
}

/** Whether the account's own key for the model's provider can serve it. */
export function servedByOwnKey(entry: CatalogEntry, byok: ByokKeys | null): boolean {
  const own = byok?.get(entry.provider);
  return own !== undefined && byokTarget(entry.provider, own) !== null;
}

/** One key's view: allowed_models first, then the price, then a platform or BYOK upstream. */
export function availabilityForKey(entry: CatalogEntry, key: KeyView): ModelAvailability {
  if (key.allowedModels.length > 0 && !key.allowedModels.includes(entry.id)) {
    return { available: false, reason: KEY_MAY_NOT_USE };
  }
  if (key.testMode) return AVAILABLE;
  const deployment = deploymentAvailability(entry);
  if (deployment.available || !getPrice(entry)) return deployment;
  return servedByOwnKey(entry, key.byok) ? AVAILABLE : deployment;
}

/** Priced chat models the deployment serves on its own upstreams (cached per catalog generation). */
export function deploymentServableModels(): readonly CatalogEntry[] {
  const v = deploymentView();
  v.servable ??= v.catalog.list({ includeSimulated: true })
    .filter((e) => e.capabilities.includes("chat") && deploymentAvailability(e).available);
  return v.servable;
}

/**
 * The 503 message of a chat request none of whose models can be served here: what is missing
 * and, for providers that take a user's own key, where to add one.
 */
export function unavailableMessage(entries: readonly CatalogEntry[]): string {
  if (entries.length === 1) {
    return `The model '${entries[0]!.id}' is not available on this deployment: ${noProviderDetail(entries[0]!)}`;
  }
  // One sentence per distinct reason (usually one per provider), naming its models.
  const byDetail = new Map<string, string[]>();
  for (const e of entries) {
    const detail = noProviderDetail(e);
    byDetail.set(detail, [...(byDetail.get(detail) ?? []), `'${e.id}'`]);
  }
  const parts = [...byDetail].map(([detail, ids]) => `${ids.join(", ")}: ${detail}`);
  return `None of the requested models is available on this deployment. ${parts.join(" ")}`;
}
