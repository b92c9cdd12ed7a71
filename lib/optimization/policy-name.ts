// The policy "Apply" writes for a use case: `opt-<endpoint>-<class>` (policy names:
// lib/policies/types.ts POLICY_NAME_PATTERN), with the key's name appended when the account has
// the same endpoint and class under several keys — their recommendations may differ.
const MAX_NAME = 64;

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}

export function policyNameFor(endpoint: string, requestClass: string, keySlug: string | null): string {
  const base = `opt-${slug(endpoint)}-${slug(requestClass)}`;
  if (keySlug === null) return base.slice(0, MAX_NAME);
  const suffix = slug(keySlug).slice(0, 24) || "key";
  return `${base.slice(0, MAX_NAME - suffix.length - 1)}-${suffix}`.replace(/-+$/, "");
}

/** Names for use cases (`endpoint|class|keyName|keyId`), disambiguated only where two keys share an endpoint and class. */
export function policyNames(useCases: ReadonlyArray<{ id: string; endpoint: string; requestClass: string; keyName: string; apiKeyId: string }>): Map<string, string> {
  const keysPer = new Map<string, Set<string>>();
  for (const u of useCases) {
    const k = `${u.endpoint}|${u.requestClass}`;
    (keysPer.get(k) ?? keysPer.set(k, new Set()).get(k)!).add(u.apiKeyId);
  }
  const out = new Map<string, string>();
  for (const u of useCases) {
    const shared = (keysPer.get(`${u.endpoint}|${u.requestClass}`)?.size ?? 0) > 1;
    out.set(u.id, policyNameFor(u.endpoint, u.requestClass, shared ? slug(u.keyName) || u.apiKeyId.slice(-8) : null));
  }
  return out;
}
