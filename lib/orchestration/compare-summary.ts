// Compare's final `summary` event: which model was fastest (total latency), cheapest (charged)
// and longest (completion tokens) among those that answered, and every model's totals.
//
// Objects here are written out key by key, not spread (`{ ...pick(r), x }`) or built with
// moneyFields: in V8 an object literal that starts with a spread and then gains properties, or
// takes computed keys, leaves the fast path (each such object cost ~4 µs, ~40 µs per summary
// of three models, measured in bench/experiments/profile-compare.ts). The key order is the
// wire format: wire-shapes.test.ts pins it.
import { unitsToCredits } from "@/lib/billing/money";
import type { CustomEvent } from "@/lib/orchestration/events";
import type { SubCallResult } from "@/lib/orchestration/sub-call";

function best(results: SubCallResult[], better: (a: SubCallResult, b: SubCallResult) => boolean): SubCallResult | null {
  let top: SubCallResult | null = null;
  for (const r of results) if (top === null || better(r, top)) top = r;
  return top;
}

function modelTotals(r: SubCallResult): Record<string, unknown> {
  const row: Record<string, unknown> = {
    model: r.model, index: r.index, stage: r.stage, status: r.error ? "error" : "ok", resolved_model: r.resolvedModel,
    latency_ms: r.latencyMs, ttft_ms: r.ttftMs, prompt_tokens: r.usage?.prompt_tokens ?? 0,
    completion_tokens: r.usage?.completion_tokens ?? 0, charged_credits: unitsToCredits(r.creditsCharged),
    charged_units: r.creditsCharged.toString(),
  };
  if (r.error) row.refunded = r.refunded;
  return row;
}

export function compareSummary(results: SubCallResult[], remaining: bigint | null): CustomEvent {
  const ok = results.filter((r) => r.error === null);
  const fastest = best(ok, (a, b) => a.latencyMs < b.latencyMs);
  const cheapest = best(ok, (a, b) => a.creditsCharged < b.creditsCharged);
  const longest = best(ok, (a, b) => (a.usage?.completion_tokens ?? 0) > (b.usage?.completion_tokens ?? 0));
  let total = 0n;
  for (const r of results) total += r.creditsCharged;
  const summary: CustomEvent = {
    event: "summary",
    fastest: fastest && { model: fastest.model, index: fastest.index, latency_ms: fastest.latencyMs },
    cheapest: cheapest && {
      model: cheapest.model, index: cheapest.index, charged_credits: unitsToCredits(cheapest.creditsCharged),
      charged_units: cheapest.creditsCharged.toString(),
    },
    longest: longest && { model: longest.model, index: longest.index, completion_tokens: longest.usage?.completion_tokens ?? 0 },
    models: results.map(modelTotals),
    succeeded: ok.length,
    failed: results.length - ok.length,
    total_charged_credits: unitsToCredits(total),
    total_charged_units: total.toString(),
  };
  if (remaining !== null) {
    summary.remaining_credits = unitsToCredits(remaining);
    summary.remaining_units = remaining.toString();
  }
  return summary;
}
