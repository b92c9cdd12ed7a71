// One replay item, claimed by the worker: the candidate answers the logged request, then the
// judge (if any) scores the original answer against the candidate's. Money rules:
// - before anything runs, the item's worst case (candidate + judge) joins the run's committed
//   total only if that stays within max_credits; the judge's exact worst case is committed
//   again before it runs. So a run never spends past max_credits;
// - each call is logged (and charged) under a deterministic request id (ids.ts); an item
//   resumed after a crash first looks for those logs and reuses what they say instead of
//   calling again, and a log written twice is charged once: never a double charge.
import type { CachedKey } from "@/lib/api-keys/key-cache";
import { withMarkup } from "@/lib/billing/settlement/markup";
import { findModel, getPrice, worstCaseCost } from "@/lib/catalog";
import { isAppError } from "@/lib/errors";
import { isPolicyModel } from "@/lib/policies/resolve";
import type { ParsedChatRequest } from "@/lib/gateway/formats/types";
import {
  completeReplayItem, failReplayRun, findLoggedCall, releaseReplayItem, replayRunStatus, reserveItemBudget, stopReplayRunForBudget,
  type ClaimedItem,
} from "@/lib/sql/replays";
import { planReplayCall, runReplayCall, type ReplayCallResult } from "./call";
import { JUDGE_MAX_TOKENS, judgePromptTokens } from "./estimate";
import { candidateRequestId, judgeRequestId } from "./ids";
import { itemVerdict, judgeRequest, type ItemVerdict } from "./judge-item";
import { answerText, parseStoredRequest } from "./stored-request";

/** Attempts at a valid verdict, as POST /judge: the first and one retry. */
const JUDGE_ATTEMPTS = 2;
/** Without max_tokens in the original, the candidate may write this many times the original's answer (at least MIN). */
const OUTPUT_ALLOWANCE = 4;
const MIN_OUTPUT_TOKENS = 256;
/** A policy candidate's pick is made per request: its output bound before the pick is known (the router keeps models that take it). */
const POLICY_OUTPUT_TOKENS = 8_192;

type Original = { model: string; input_tokens: number; output_tokens: number; cost_units: string; latency_ms: number; answer: string };
type StoredRequest = { endpoint: string; body: unknown };

export type CandidateCall = {
  request_id: string; model: string; status: number; answer: string; input_tokens: number; output_tokens: number;
  cost_units: string; latency_ms: number; error: string | null;
};

/** The candidate's request: the original one on the candidate model alone, whole answer, bounded output. */
export function candidateRequest(original: ParsedChatRequest, candidate: string, originalOutputTokens: number): ParsedChatRequest {
  const maxOut = findModel(candidate)?.maxOutputTokens ?? (isPolicyModel(candidate) ? POLICY_OUTPUT_TOKENS : MIN_OUTPUT_TOKENS);
  const bound = Math.min(maxOut, Math.max(MIN_OUTPUT_TOKENS, originalOutputTokens * OUTPUT_ALLOWANCE));
  const canonical = { ...original.canonical, stream: false, max_tokens: Math.min(original.canonical.max_tokens ?? bound, maxOut) };
  return { models: [candidate], canonical, includeUsage: true };
}

function fromCall(requestId: string, model: string, r: ReplayCallResult): CandidateCall {
  return {
    request_id: requestId, model, status: r.status, answer: r.text, input_tokens: r.usage?.prompt_tokens ?? 0,
    output_tokens: r.usage?.completion_tokens ?? 0, cost_units: r.charged.toString(), latency_ms: r.latencyMs, error: r.error,
  };
}

/** A call an earlier attempt at this item made and billed (its log row), or null. */
async function loggedCall(userId: string, requestId: string, model: string): Promise<CandidateCall | null> {
  const l = await findLoggedCall(userId, requestId);
  if (!l) return null;
  return {
    request_id: requestId, model, status: l.status, answer: answerText(l.responseBody) ?? "", input_tokens: l.inputTokens,
    output_tokens: l.outputTokens, cost_units: l.costUnits.toString(), latency_ms: l.latencyMs,
    error: l.status === 200 ? null : `failed with status ${l.status}`,
  };
}

function judgeWorstEstimate(judge: string | null, o: Original, candidateMax: number): bigint {
  const entry = judge === null ? undefined : findModel(judge);
  const price = entry ? getPrice(entry) : null;
  if (!price) return 0n;
  return withMarkup(worstCaseCost(price, judgePromptTokens({ inputTokens: o.input_tokens, outputTokens: o.output_tokens }, candidateMax), JUDGE_MAX_TOKENS));
}

/** What a planning failure means for the item: wait and retry, stop the run, or fail the item. */
async function onPlanError(item: ClaimedItem, err: unknown, spent: bigint, candidate: CandidateCall | null): Promise<void> {
  if (!isAppError(err)) throw err;
  if (err.code === "rate_limit_exceeded" || err.code === "service_unavailable") {
    const after = Number(err.headers?.["retry-after"] ?? 5);
    if (candidate === null) return void (await releaseReplayItem(item.runId, item.id, Math.min(60, Math.max(1, after)) * 1000));
  }
  if (["insufficient_credits", "budget_exhausted", "key_disabled", "permission_denied", "invalid_api_key"].includes(err.code)) {
    await completeReplayItem(item.runId, item.id, candidate ? "done" : "failed", candidate, null, spent, candidate ? null : err.code);
    await failReplayRun(item.runId, err.message);
    return;
  }
  await completeReplayItem(item.runId, item.id, candidate ? "done" : "failed", candidate ?? { status: err.status, error: err.message }, null, spent);
}

export async function runReplayItem(item: ClaimedItem, key: CachedKey, signal: AbortSignal): Promise<void> {
  const stored = item.request as StoredRequest;
  const original = item.original as Original;
  const parsedOriginal = parseStoredRequest(stored.endpoint, stored.body);
  if (!parsedOriginal) return void (await completeReplayItem(item.runId, item.id, "skipped", null, null, 0n, "unsupported"));
  const parsed = candidateRequest(parsedOriginal, item.candidate, original.output_tokens);
  const candId = candidateRequestId(item.id);

  // 1. The candidate: its earlier call if this item ran before, else planned, budgeted and run.
  let candidate = await loggedCall(item.userId, candId, item.candidate);
  if (candidate === null) {
    let plan;
    try {
      plan = await planReplayCall(key, parsed);
    } catch (err) {
      return onPlanError(item, err, 0n, null);
    }
    const worst = plan.worst + judgeWorstEstimate(item.judge, original, parsed.canonical.max_tokens ?? 0);
    if (!(await reserveItemBudget(item.runId, item.id, worst))) return stopItem(item, 0n, null);
    const body = { replay_of: item.sourceLogId, run_id: item.runId, model: item.candidate, request: stored.body };
    candidate = fromCall(candId, item.candidate, await runReplayCall(key, parsed, plan, candId, body, signal));
  }
  let spent = BigInt(candidate.cost_units);
  if (item.judge === null || candidate.status !== 200) {
    return void (await completeReplayItem(item.runId, item.id, "done", candidate, null, spent));
  }

  // 2. The judge, with one retry for an invalid verdict (each attempt its own id and charge).
  let fault: string | null = null;
  let verdict: ItemVerdict | { error: string } = { error: "not judged" };
  for (let attempt = 0; attempt < JUDGE_ATTEMPTS; attempt++) {
    const id = judgeRequestId(item.id, attempt);
    let judged = await loggedCall(item.userId, id, item.judge);
    if (judged === null) {
      if ((await replayRunStatus(item.runId)) !== "running" || signal.aborted) return stopItem(item, spent, candidate);
      const request = judgeRequest(item.judge, parsedOriginal.canonical.messages, original.answer, candidate.answer, fault);
      let plan;
      try {
        plan = await planReplayCall(key, request);
      } catch (err) {
        return onPlanError(item, err, spent, candidate);
      }
      if (!(await reserveItemBudget(item.runId, item.id, spent + plan.worst))) return stopItem(item, spent, candidate);
      judged = fromCall(id, item.judge, await runReplayCall(key, request, plan, id, { replay_of: item.id, stage: "judge", model: item.judge }, signal));
    }
    spent += BigInt(judged.cost_units);
    if (judged.status !== 200) {
      verdict = { error: `the judge failed: ${judged.error ?? judged.status}` };
      break;
    }
    const v = itemVerdict(judged.answer);
    if (v.ok) {
      verdict = v.verdict;
      break;
    }
    fault = v.reason;
    verdict = { error: v.reason };
  }
  await completeReplayItem(item.runId, item.id, "done", candidate, { ...verdict, judge: item.judge, cost_units: (spent - BigInt(candidate.cost_units)).toString() }, spent);
}

/** The run was cancelled, or this item does not fit in max_credits: it ends with what it spent. */
async function stopItem(item: ClaimedItem, spent: bigint, candidate: CandidateCall | null): Promise<void> {
  const status = await replayRunStatus(item.runId);
  if (status === "running") await stopReplayRunForBudget(item.runId);
  const reason = status === "running" ? "max_credits" : "cancelled";
  await completeReplayItem(item.runId, item.id, candidate ? "done" : "skipped", candidate, null, spent, candidate ? null : reason);
}
