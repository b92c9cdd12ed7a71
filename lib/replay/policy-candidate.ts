// A replay whose candidate is a routing policy (`policy/<name>`, lib/policies): the estimate
// prices each sampled request at the model the policy would pick for it now — the same
// resolver the run's calls go through (resolveRequestChain), so the estimate and the run
// agree on the first pick. A request the policy cannot route (no model within its limits) is
// not replayable and is counted as unsupported.
import type { CachedKey } from "@/lib/api-keys/key-cache";
import { byokKeysFor } from "@/lib/byok/store";
import type { PriceSnapshot } from "@/lib/catalog";
import { isAppError } from "@/lib/errors";
import type { ParsedChatRequest } from "@/lib/gateway/formats/types";
import { resolveRequestChain } from "@/lib/gateway/chat/resolve-chain";
import { accountPolicies } from "@/lib/policies/lookup";
import { isPolicyModel, namedPolicy } from "@/lib/policies/resolve";

export type PolicyPricer = {
  /** The price of the policy's first pick for this request, or null when it can route it nowhere. */
  priceFor(parsed: ParsedChatRequest): PriceSnapshot | null;
};

/** null when the candidate is a model; a 400 naming 'candidate' when the account has no such policy. */
export async function policyPricer(key: CachedKey, candidate: string): Promise<PolicyPricer | null> {
  if (!isPolicyModel(candidate)) return null;
  const policies = await accountPolicies(key.userId);
  namedPolicy(candidate, policies, "candidate");
  const byok = await byokKeysFor(key.userId);
  return {
    priceFor(parsed) {
      try {
        return resolveRequestChain([candidate], parsed, key, byok, policies).links[0]!.price;
      } catch (err) {
        if (isAppError(err)) return null;
        throw err;
      }
    },
  };
}
