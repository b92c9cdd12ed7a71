// Which models `auto` may pick for one request: the chat models this deployment serves (and
// those the account's own provider keys serve), that the key may use, never the simulators
// that exist to demonstrate faults, and only those able to take the request — images, tools,
// JSON output, the prompt's size and the asked max_tokens.
import { countPromptTokens, getPrice, listModels, promptTokensUpperBound, type CatalogEntry, type PriceSnapshot } from "@/lib/catalog";
import { deploymentAvailability, deploymentServableModels, servedByOwnKey, type KeyView } from "@/lib/catalog/availability";
import type { CanonicalRequest } from "@/lib/providers/types";

/**
 * Simulated models that misbehave on purpose (lib/catalog/models.json notes: failover,
 * breaker, cut, timeout and 429 demos) or report no usage (the metering demo): a router that
 * picked them would be demonstrating the fault, not routing.
 */
export const DEMO_SIMULATORS: ReadonlySet<string> = new Set([
  "sim/down", "sim/flaky", "sim/cut", "sim/slow", "sim/rate-limited", "sim/no-usage",
]);

export type AutoRequest = Pick<CanonicalRequest, "messages" | "tools" | "tool_choice" | "response_format" | "max_tokens">;

export type Candidate = { entry: CatalogEntry; price: PriceSnapshot; byok: boolean };

/** What the request needs of a model. */
export type Needs = {
  vision: boolean;
  tools: boolean;
  json: boolean;
  maxTokens: number | undefined;
  /** Prompt tokens: a cheap upper bound, and the exact count on demand (as run-chat checks it). */
  promptBound: number;
  promptExact: () => number;
};

export function needsOf(req: AutoRequest): Needs {
  let vision = false;
  let toolHistory = false;
  for (const m of req.messages) {
    if (m.role === "tool") toolHistory = true;
    else if (m.role === "user" && typeof m.content !== "string" && m.content.some((p) => p.type === "image_url")) vision = true;
  }
  let exact: number | undefined;
  return {
    vision,
    tools: toolHistory || (req.tools !== undefined && req.tools.length > 0 && req.tool_choice !== "none"),
    json: req.response_format !== undefined && req.response_format.type !== "text",
    maxTokens: req.max_tokens,
    promptBound: promptTokensUpperBound(req.messages, req.tools),
    promptExact: () => (exact ??= countPromptTokens(req.messages, req.tools)),
  };
}

function fits(e: CatalogEntry, needs: Needs): boolean {
  if (needs.vision && !e.capabilities.includes("vision")) return false;
  if (needs.tools && !e.capabilities.includes("tools")) return false;
  if (needs.json && !e.capabilities.includes("json")) return false;
  if (needs.maxTokens !== undefined && needs.maxTokens > e.maxOutputTokens) return false;
  return needs.promptBound < e.contextWindow || needs.promptExact() < e.contextWindow;
}

/** Models the key may use here for `auto`, before looking at the request. */
export function eligibleModels(key: KeyView): Candidate[] {
  const allowed = (e: CatalogEntry) => key.allowedModels.length === 0 || key.allowedModels.includes(e.id);
  const out: Candidate[] = [];
  for (const entry of deploymentServableModels()) {
    if (DEMO_SIMULATORS.has(entry.id) || !allowed(entry)) continue;
    // The account's own key wins over the platform's (resolve-chain.ts): its breaker is the account's.
    out.push({ entry, price: getPrice(entry)!, byok: servedByOwnKey(entry, key.byok) });
  }
  if (key.byok && key.byok.size > 0) {
    for (const entry of listModels()) {
      if (!key.byok.has(entry.provider) || !entry.capabilities.includes("chat") || !allowed(entry)) continue;
      const price = getPrice(entry);
      // The platform serves it already (listed above), or it cannot be billed: resolve-chain refuses it.
      if (!price || deploymentAvailability(entry).available || !servedByOwnKey(entry, key.byok)) continue;
      out.push({ entry, price, byok: true });
    }
  }
  return out;
}

/** The eligible models able to take this request. */
export function capableModels(eligible: readonly Candidate[], needs: Needs): Candidate[] {
  return eligible.filter((c) => fits(c.entry, needs));
}

/** What the request needs, in words, for the error when no model can take it. */
export function describeNeeds(needs: Needs): string {
  const parts: string[] = [];
  if (needs.vision) parts.push("image input");
  if (needs.tools) parts.push("tool calls");
  if (needs.json) parts.push("JSON output");
  if (needs.maxTokens !== undefined) parts.push(`max_tokens ${needs.maxTokens}`);
  parts.push(`a context window above ${needs.promptBound < 100_000 ? "its prompt" : `${needs.promptExact()} tokens`}`);
  return parts.join(", ");
}
