// One operator-defined OpenAI-compatible upstream ("any custom base URL"): its schema and
// checks. ./custom-upstreams.ts reads the configuration (SWITCHYARD_UPSTREAMS) and parses it
// with `customProviderSchema`; `registerCustomProviders` (./index.ts) checks each base URL
// against SSRF rules and makes the provider routable.
import { z } from "zod";
import { validateUpstreamBaseUrl, type NetworkPolicy } from "../http/ssrf";

export const dialectOverridesSchema = z.strictObject({
  maxTokensField: z.enum(["max_tokens", "max_completion_tokens"]).optional(),
  streamUsageOption: z.boolean().optional(),
  developerRole: z.boolean().optional(),
  seedField: z.enum(["seed", "random_seed"]).nullable().optional(),
  userField: z.boolean().optional(),
  messageName: z.boolean().optional(),
  jsonSchema: z.boolean().optional(),
  requiredToolChoice: z.enum(["required", "any"]).optional(),
  nullAssistantContent: z.boolean().optional(),
});

export const customProviderSchema = z.strictObject({
  /** Routing id: models are addressed as `<id>/<model>`. */
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "lowercase letters, digits and dashes, at most 40"),
  displayName: z.string().trim().min(1).max(80).optional(),
  /** Base URL including the version segment, e.g. https://llm.internal.example/v1 */
  baseUrl: z.string().url(),
  apiKey: z.string().min(1).optional(),
  quirks: dialectOverridesSchema.optional(),
  headers: z.record(z.string(), z.string()).optional(),
});
export type CustomProviderConfig = z.infer<typeof customProviderSchema>;

export type CustomProviderOptions = {
  /** Allow 127.0.0.0/8, ::1, localhost (the dev emulator). Default false. */
  allowLoopback?: boolean;
  /** Allow RFC 1918 / ULA addresses (an operator's own GPU box). Default true: the operator
   *  wrote this config (users never choose a base URL: BYOK keys go to the operator's). */
  allowPrivateNetwork?: boolean;
};

export function customNetworkPolicy(opts: CustomProviderOptions = {}): NetworkPolicy {
  return { allowLoopback: opts.allowLoopback ?? false, allowPrivateNetwork: opts.allowPrivateNetwork ?? true };
}

/** Throws with a readable reason when a config is unusable (fail fast at startup). */
export function checkCustomProvider(config: CustomProviderConfig, policy: NetworkPolicy): void {
  const check = validateUpstreamBaseUrl(config.baseUrl, policy);
  if (!check.ok) throw new Error(`Custom provider "${config.id}": base URL refused (${check.reason})`);
  for (const name of Object.keys(config.headers ?? {})) {
    if (!/^[a-z0-9-]+$/i.test(name)) throw new Error(`Custom provider "${config.id}": bad header name "${name}"`);
  }
}
