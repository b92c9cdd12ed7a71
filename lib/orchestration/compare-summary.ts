// Compare's final `summary` event: which model was fastest (total latency), cheapest (charged)
// and longest (completion tokens) among those that answered, and every model's totals.
import { moneyFields } from "@/lib/billing/money";
import type { CustomEvent } from "@/lib/orchestration/events";
import type { SubCallResult } from "@/lib/orchestration/sub-call";

type ModelRef = { model: string; index: number };

function best(results: SubCallResult[], better: (a: SubCallResult, b: SubCallResult) => boolean): SubCallResult | null {
  let top: SubCallResult | null = null;
  for (const r of results) if (top === null || better(r, top)) top = r;
  return top;
}

const pick = (r: SubCallResult): ModelRef => ({ model: r.model, index: r.index });

export function compareSummary(results: SubCallResult[], remaining: bigint | null): CustomEvent {
  const ok = results.filter((r) => r.error === null);
  const fastest = best(ok, (a, b) => a.latencyMs < b.latencyMs);
  const cheapest = best(ok, (a, b) => a.creditsCharged < b.creditsCharged);
  const longest = best(ok, (a, b) => (a.usage?.completion_tokens ?? 0) > (b.usage?.completion_tokens ?? 0));
  let total = 0n;
  for (const r of results) total += r.creditsCharged;
  return {
    event: "summary",
    fastest: fastest && { ...pick(fastest), latency_ms: fastest.latencyMs },
    cheapest: cheapest && { ...pick(cheapest), ...moneyFields("charged", cheapest.creditsCharged) },
    longest: longest && { ...pick(longest), completion_tokens: longest.usage?.completion_tokens ?? 0 },
    models: results.map((r) => ({
      ...pick(r), stage: r.stage, status: r.error ? "error" : "ok", resolved_model: r.resolvedModel,
      latency_ms: r.latencyMs, ttft_ms: r.ttftMs, prompt_tokens: r.usage?.prompt_tokens ?? 0,
      completion_tokens: r.usage?.completion_tokens ?? 0, ...moneyFields("charged", r.creditsCharged),
      ...(r.error ? { refunded: r.refunded } : {}),
    })),
    succeeded: ok.length,
    failed: results.length - ok.length,
    ...moneyFields("total_charged", total),
    ...(remaining === null ? {} : moneyFields("remaining", remaining)),
  };
}
