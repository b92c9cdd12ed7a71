// POST /judge (SPEC §2, issue #19 point 6): 2–4 contestants answer the same messages
// concurrently (streamed, tagged `stage: "source"`), then a judge model — never one of them —
// scores the answers. The judge is asked for JSON (json_schema where the catalog says the
// model does JSON, else json_object with the schema in its instructions), and what it writes
// is checked with zod (verdict.ts). Invalid: one retry, told what was wrong; invalid again: a
// terminal `error` event. The judge's tokens are charged either way — the criteria are the
// client's words, so refunding bad JSON would make it a way to get tokens for free.
import type { CachedKey } from "@/lib/api-keys/key-cache";
import { findModel } from "@/lib/catalog";
import { AppError } from "@/lib/errors";
import type { ApiRequest, ApiResponse } from "@/lib/gateway/http/types";
import type { ChatMessage } from "@/lib/providers/types";
import { parseOrchestrationBody } from "@/lib/orchestration/body";
import { OrchestrationContext } from "@/lib/orchestration/context";
import type { SubCallResult, SubCallSpec } from "@/lib/orchestration/sub-call";
import { withStageInstructions } from "@/lib/orchestration/blend/prompts";
import { checkLaterStageModel } from "@/lib/orchestration/blend/model-check";
import { judgeFields, resolveJudgeOptions, type JudgeOptions } from "./options";
import { judgeInstructions, judgeResponseFormat, type ContestantAnswer } from "./prompt";
import { checkVerdict, type Verdict } from "./verdict";

/** Attempts at a valid verdict: the first and one retry. */
export const JUDGE_ATTEMPTS = 2;

function judgeSpec(opts: JudgeOptions, conversation: ChatMessage[], answers: ContestantAnswer[], attempt: number, previousFault: string | null): SubCallSpec {
  const format = judgeResponseFormat(findModel(opts.judge)?.capabilities ?? [], answers.map((a) => a.model));
  let text = judgeInstructions(answers, opts.criteria, format.type !== "json_schema");
  if (previousFault) {
    text += `\n\nYour previous reply was rejected: ${previousFault}. Reply again with the JSON object only, exactly as specified.`;
  }
  return {
    model: opts.judge, index: attempt, stage: "judge", messages: withStageInstructions(conversation, text),
    response_format: format, emit: false, param: "judge",
  };
}

export async function orchestrateJudge(req: ApiRequest, res: ApiResponse, key: CachedKey, body: unknown): Promise<void> {
  const resolved: { options?: JudgeOptions } = {};
  const { chat, stream } = parseOrchestrationBody(body, judgeFields, (own) => {
    resolved.options = resolveJudgeOptions(own, (name) => findModel(name)?.id ?? name);
    return resolved.options.contestants[0]!;
  });
  const opts = resolved.options!;
  checkLaterStageModel(opts.judge, key.allowedModels, "judge");
  const ctx = new OrchestrationContext(req, res, key, body, "judge", { chat, stream });

  const specs: SubCallSpec[] = opts.contestants.map((model, index) => ({
    model, index, stage: "source", emit: true, param: `contestants[${index}]`,
  }));
  const prepared = await ctx.prepare(specs);
  ctx.route({
    reason: `judge: ${opts.contestants.length} contestants answer, ${opts.judge} scores them`,
    models: [...specs.map((s) => ({ model: s.model!, index: s.index, stage: s.stage })), { model: opts.judge, index: 0, stage: "judge" }],
  });
  const results = await Promise.all(prepared.map((p) => ctx.runSubCall(p)));
  const answered = results.filter((r) => !r.error && r.text.trim().length > 0);
  if (answered.length === 0 || req.signal.aborted) return ctx.finish();

  const answers = answered.map((r) => ({ model: r.model, text: r.text }));
  const conversation = chat.canonical.messages;
  let fault: string | null = null;
  for (let attempt = 0; attempt < JUDGE_ATTEMPTS; attempt++) {
    let judged: SubCallResult;
    try {
      judged = await ctx.runSubCall(judgeSpec(opts, conversation, answers, attempt, fault));
    } catch (err) {
      // Preparing the judge failed (credits, limits): the contestants' answers stand.
      if (!(err instanceof AppError)) throw err;
      return ctx.finish({ failure: new AppError(err.code, `The judge could not run: ${err.message}`, err.param, err.headers) });
    }
    if (req.signal.aborted) return ctx.finish();
    if (judged.error) {
      return ctx.finish({ failure: new AppError(judged.error.code, `The judge '${opts.judge}' failed: ${judged.error.message}`) });
    }
    const check = checkVerdict(judged.text, answers.map((a) => a.model));
    if (check.ok) {
      ctx.emit(verdictEvent(opts, check.verdict, results, judged));
      return ctx.finish();
    }
    fault = check.reason;
  }
  await ctx.finish({
    failure: new AppError("upstream_error",
      `The judge '${opts.judge}' did not return a valid verdict in ${JUDGE_ATTEMPTS} attempts (${fault}). Its tokens are charged.`),
  });
}

function verdictEvent(opts: JudgeOptions, v: Verdict, contestants: SubCallResult[], judged: SubCallResult) {
  const missing = contestants.filter((r) => r.error || r.text.trim().length === 0).map((r) => r.model);
  return {
    event: "verdict", judge: opts.judge, index: judged.index, stage: "judge", winner: v.winner, scores: v.scores, overall: v.overall,
    ...(opts.criteria.length > 0 ? { criteria: opts.criteria } : {}),
    ...(missing.length > 0 ? { unanswered: missing } : {}),
  };
}
