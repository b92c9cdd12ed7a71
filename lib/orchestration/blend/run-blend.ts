// POST /blend (SPEC §2, issue #19 point 5): several models answer, a synthesizer merges their
// answers by one of six strategies (strategies.ts). Stage by stage: each stage's sub-calls are
// reserved for when the stage starts (the first stage's 402 comes before anything runs; a later
// stage that can no longer be covered ends the call with an `error` event naming the stage),
// run concurrently through the chat pipeline, and stream as `chunk` events tagged with their
// model, index and stage (`source` / `layer_N`, then `synthesis`). A source that fails is
// refunded and left out; a stage with no answer at all ends the call. A closing `blend` event
// names the final synthesis and carries its text and the call's totals.
import type { CachedKey } from "@/lib/api-keys/key-cache";
import { moneyFields } from "@/lib/billing/money";
import { env } from "@/lib/env";
import { AppError, isAppError } from "@/lib/errors";
import type { ApiRequest, ApiResponse } from "@/lib/gateway/http/types";
import { parseOrchestrationBody } from "@/lib/orchestration/body";
import { OrchestrationContext } from "@/lib/orchestration/context";
import type { Stage } from "@/lib/orchestration/events";
import type { PreparedSubCall, SubCallResult, SubCallSpec } from "@/lib/orchestration/sub-call";
import { checkLaterStageModel } from "./model-check";
import { blendFields, resolveBlendOptions, type BlendOptions } from "./options";
import { blendOutline, nextBlendStage, type CompletedStage, type StageSpec } from "./strategies";

type StageReport = { stage: Stage; step?: number; calls: number; answered: number };

function specsOf(stage: StageSpec, opts: BlendOptions): SubCallSpec[] {
  return stage.calls.map((c) => ({
    model: c.model, index: c.index, stage: c.stage, messages: c.messages, emit: true,
    ...(c.temperature !== undefined ? { temperature: c.temperature } : {}),
    param: c.stage === "synthesis" ? "synthesizer" : opts.strategy === "self_moa" ? "models[0]" : `models[${c.index}]`,
  }));
}

/** The stage's name as a person reads it in an error ("synthesis step 2 of 3", "layer_2"). */
function stageName(stage: StageSpec): string {
  return stage.step !== undefined && stage.steps !== undefined && stage.steps > 1
    ? `${stage.stage} step ${stage.step} of ${stage.steps}` : stage.stage;
}

/** A later stage's refusal, named after the stage; the answers so far are already paid for. */
function laterStageFailure(err: unknown, stage: StageSpec): AppError {
  if (!isAppError(err)) throw err;
  return new AppError(err.code, `The blend stopped before its ${stageName(stage)} stage: ${err.message}`, err.param, err.headers);
}

/** Every call of the blend as planned, for the `route` event. */
function plannedCalls(opts: BlendOptions): Array<{ model: string; index: number; stage: Stage }> {
  let step = 0;
  return blendOutline(opts).flatMap((s) =>
    s.models.map((model, i) => ({ model, stage: s.stage, index: s.stage === "synthesis" ? step++ : i })));
}

export async function orchestrateBlend(req: ApiRequest, res: ApiResponse, key: CachedKey, body: unknown): Promise<void> {
  const resolved: { options?: BlendOptions } = {};
  const { chat, stream } = parseOrchestrationBody(body, blendFields, (own) => {
    // The strategy's counting rules come before the shared fields, so their 400 names the rule.
    resolved.options = resolveBlendOptions(own, env().DEFAULT_SYNTHESIZER);
    return resolved.options.models[0]!;
  });
  const options = resolved.options!;
  checkLaterStageModel(options.synthesizer, key.allowedModels, "synthesizer");
  const ctx = new OrchestrationContext(req, res, key, body, "blend", { chat, stream });
  const messages = chat.canonical.messages;

  const done: CompletedStage[] = [];
  const reports: StageReport[] = [];
  let last: SubCallResult | null = null;
  let charged = 0n;
  for (let stage = nextBlendStage(options, messages, done); stage; stage = nextBlendStage(options, messages, done)) {
    if (req.signal.aborted) break;
    let prepared: PreparedSubCall[];
    if (done.length === 0) {
      prepared = await ctx.prepare(specsOf(stage, options));
      ctx.route({
        strategy: options.strategy,
        reason: `blend '${options.strategy}': ${options.strategy === "self_moa" ? `${options.samples} samples of ${options.models[0]}` : `${options.models.length} models`}, synthesized by ${options.synthesizer}`,
        models: plannedCalls(options),
      });
    } else {
      try {
        prepared = await ctx.prepare(specsOf(stage, options));
      } catch (err) {
        return ctx.finish({ failure: laterStageFailure(err, stage) });
      }
    }
    const results = await Promise.all(prepared.map((p) => ctx.runSubCall(p)));
    for (const r of results) charged += r.creditsCharged;
    const answers = results.filter((r) => !r.error && r.text.trim().length > 0);
    reports.push({ stage: stage.stage, ...(stage.step !== undefined ? { step: stage.step } : {}), calls: results.length, answered: answers.length });
    if (answers.length === 0) {
      if (req.signal.aborted || !ctx.started) return ctx.finish();
      const cause = results.find((r) => r.error)?.error;
      return ctx.finish({ failure: new AppError(cause?.code ?? "upstream_error",
        `Every model of the blend's ${stageName(stage)} stage failed${cause ? `: ${cause.message}` : " to answer"}`) });
    }
    done.push({ stage: stage.stage, answers: answers.map((r) => ({ model: r.model, index: r.index, text: r.text })) });
    if (stage.final) last = answers[0]!;
  }
  if (last && !req.signal.aborted) {
    const remaining = await ctx.remaining();
    ctx.emit({
      event: "blend", strategy: options.strategy,
      synthesis: { model: last.model, index: last.index, stage: last.stage },
      stages: reports, content: last.text,
      ...moneyFields("charged", charged), ...(remaining === null ? {} : moneyFields("remaining", remaining)),
    });
  }
  await ctx.finish();
}
