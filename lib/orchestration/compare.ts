// POST /compare (SPEC §2): 2–9 models answer the same messages concurrently; their events are
// interleaved as they come, each tagged with its model, index and stage ("source"). Each model
// ends with its own `done` (or `error`, refunded), then one `summary` compares them. Every
// worst case is reserved before any model starts (402 when the balance cannot cover them all);
// each sub-call settles on its own. A model that fails does not stop the others; when all
// fail before answering, the call is a plain JSON error and nothing is charged.
import { z } from "zod";
import type { CachedKey } from "@/lib/api-keys/key-cache";
import type { ApiRequest, ApiResponse } from "@/lib/gateway/http/types";
import { parseOrchestrationBody } from "@/lib/orchestration/body";
import { compareSummary } from "@/lib/orchestration/compare-summary";
import { OrchestrationContext } from "@/lib/orchestration/context";
import type { SubCallSpec } from "@/lib/orchestration/sub-call";

export const COMPARE_MIN_MODELS = 2;
export const COMPARE_MAX_MODELS = 9;

const compareFields = {
  models: z.array(z.string().min(1).max(200)).min(COMPARE_MIN_MODELS).max(COMPARE_MAX_MODELS),
};

/** `signalFor`: a signal per model that stops that model alone (the dashboard playground's per-column stop). */
export async function orchestrateCompare(
  req: ApiRequest, res: ApiResponse, key: CachedKey, body: unknown, opts: { signalFor?: (index: number) => AbortSignal } = {},
): Promise<void> {
  const { own, chat, stream } = parseOrchestrationBody(body, compareFields, (o) => o.models[0]!);
  const ctx = new OrchestrationContext(req, res, key, body, "compare", { chat, stream });
  const specs: SubCallSpec[] = own.models.map((model, index) => ({
    model, index, stage: "source", emit: true, param: `models[${index}]`, ...(opts.signalFor ? { signal: opts.signalFor(index) } : {}),
  }));
  const prepared = await ctx.prepare(specs);
  ctx.route({
    reason: `compare: ${specs.length} models answer the same messages concurrently`,
    models: specs.map((s) => ({ model: s.model!, index: s.index, stage: s.stage })),
  });
  const results = await Promise.all(prepared.map((p) => ctx.runSubCall(p)));
  if (ctx.started && !req.signal.aborted) ctx.emit(compareSummary(results, await ctx.remaining()));
  await ctx.finish();
}
