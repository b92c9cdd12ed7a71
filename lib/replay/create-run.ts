// POST /replays: sample the account's logs, estimate, and either answer the estimate (mode
// "estimate": synchronous, spends nothing) or store the run for the worker (mode "run": 202,
// refused with 402 before anything is spent when the estimate exceeds the balance or
// max_credits; 400 under zero retention, since items would store prompts and answers).
import type { CachedKey } from "@/lib/api-keys/key-cache";
import { accountBalance } from "@/lib/billing/balance";
import { moneyFields } from "@/lib/billing/money";
import { markupBps } from "@/lib/billing/settlement/markup";
import { findModel, getPrice, type PriceSnapshot } from "@/lib/catalog";
import { AppError } from "@/lib/errors";
import { publishInvalidation } from "@/lib/invalidation/publish";
import { logger } from "@/lib/observability/logger";
import { insertReplayRun } from "@/lib/sql/replays";
import { sampleLogs } from "@/lib/sql/replay-sample";
import { estimateItem, sumEstimates } from "./estimate";
import { newReplayRunId, replayItemId } from "./ids";
import type { ReplayOptions } from "./options";
import { classifyLog, type Replayable, type SkipReason } from "./stored-request";
import { policyPricer, type PolicyPricer } from "./policy-candidate";
import { filtersView } from "./report";

function priceOf(model: string, param: string): PriceSnapshot {
  const entry = findModel(model);
  const price = entry ? getPrice(entry) : null;
  if (!price) throw new AppError("invalid_request", `The model '${model}' has no price and cannot be billed.`, param);
  return price;
}

function checkAllowed(key: CachedKey, model: string, param: string): void {
  if (key.allowedModels.length > 0 && !key.allowedModels.includes(model)) {
    throw new AppError("permission_denied", `This key may not use '${model}' (its allowed models: ${key.allowedModels.join(", ")}).`, param);
  }
}

type Sampled = { replayable: Replayable[]; sampled: number; skipped: Record<SkipReason, number> };

async function sample(key: CachedKey, o: ReplayOptions, policy: PolicyPricer | null): Promise<Sampled> {
  const logs = await sampleLogs(key.userId, o.days, o.sampleSize, o.filters);
  const skipped: Record<SkipReason, number> = { zero_retention: 0, truncated: 0, missing_answer: 0, unsupported: 0 };
  const replayable: Replayable[] = [];
  for (const log of logs) {
    const c = classifyLog(log);
    if (!c.ok) skipped[c.reason]++;
    else if (policy && !policy.priceFor(c.value.parsed)) skipped.unsupported++; // the policy routes it nowhere
    else replayable.push(c.value);
  }
  return { replayable, sampled: logs.length, skipped };
}

export type ReplayCreated =
  | { kind: "estimate"; report: Record<string, unknown> }
  | { kind: "run"; id: string; status: string; estimatedUnits: bigint };

export async function createReplay(key: CachedKey, o: ReplayOptions): Promise<ReplayCreated> {
  // A policy: the models it may pick are already limited to the key's (lib/policies/resolve.ts).
  const policy = await policyPricer(key, o.candidate);
  if (!policy) checkAllowed(key, o.candidate, "candidate");
  if (o.judge !== null) checkAllowed(key, o.judge, "judge");
  if (o.mode === "run" && key.zeroRetention) {
    throw new AppError("invalid_request",
      "Zero retention is on for this account: a replay run stores prompts and answers, so it cannot be created. " +
        "Estimates (mode \"estimate\") still work; turn zero retention off in the dashboard's settings to run one.", "mode");
  }
  const candidatePrice = policy ? null : priceOf(o.candidate, "candidate");
  const judgePrice = o.judge === null ? null : priceOf(o.judge, "judge");
  const s = await sample(key, o, policy);
  const bps = markupBps();
  const priceFor = (r: Replayable) => candidatePrice ?? policy!.priceFor(r.parsed)!;
  const estimates = s.replayable.map((r) => ({ r, originalUnits: r.log.costUnits, ...estimateItem(r.log, priceFor(r), judgePrice, bps) }));
  const totals = sumEstimates(estimates);

  if (o.mode === "estimate") {
    return {
      kind: "estimate",
      report: {
        object: "replay.estimate", mode: "estimate", candidate: o.candidate, judge: o.judge, days: o.days, sample_size: o.sampleSize,
        filters: filtersView(o.filters), sampled: s.sampled, replayable: s.replayable.length, skipped: s.skipped,
        ...moneyFields("original_cost", totals.originalUnits), ...moneyFields("candidate_cost", totals.candidateUnits),
        ...moneyFields("judge_cost", totals.judgeUnits), ...moneyFields("estimated", totals.totalUnits),
        items: estimates.map((e) => ({
          request_id: e.r.log.id, endpoint: e.r.log.endpoint, model: e.r.log.model, input_tokens: e.r.log.inputTokens,
          output_tokens: e.r.log.outputTokens, ...moneyFields("original_cost", e.originalUnits),
          ...moneyFields("candidate_cost", e.candidateUnits), ...moneyFields("judge_cost", e.judgeUnits),
        })),
      },
    };
  }

  const balance = await accountBalance(key.userId);
  if (!balance) throw new AppError("invalid_api_key", "The account for this key no longer exists.");
  if (o.maxUnits !== null && totals.totalUnits > o.maxUnits) {
    throw new AppError("insufficient_credits", `This replay is estimated at ${moneyFields("e", totals.totalUnits).e_credits} credits, ` +
      `more than max_credits (${moneyFields("m", o.maxUnits).m_credits}). Raise max_credits or lower sample_size.`, "max_credits");
  }
  if (totals.totalUnits > balance.balance) {
    throw new AppError("insufficient_credits", `This replay is estimated at ${moneyFields("e", totals.totalUnits).e_credits} credits, ` +
      `more than your balance (${moneyFields("b", balance.balance).b_credits}). Add credits or lower sample_size.`);
  }
  const id = newReplayRunId();
  await insertReplayRun({
    id, userId: key.userId, apiKeyId: key.keyId, candidate: o.candidate, judge: o.judge, days: o.days, sampleSize: o.sampleSize,
    filters: o.filters, maxUnits: o.maxUnits, estimatedUnits: totals.totalUnits, skipped: s.skipped,
    items: s.replayable.map((r, position) => ({
      id: replayItemId(id, position), position, sourceLogId: r.log.id,
      request: { endpoint: r.log.endpoint, body: r.log.requestBody },
      original: {
        model: r.log.model, input_tokens: r.log.inputTokens, output_tokens: r.log.outputTokens, cost_units: r.log.costUnits.toString(),
        latency_ms: r.log.latencyMs, answer: r.answer,
      },
    })),
  });
  // Every process's replay worker looks for the items now (lib/invalidation; the run may have
  // been created in the Next process, which runs none). Lost, the run waits for a poll (≤ 10 s).
  if (s.replayable.length > 0) {
    await publishInvalidation({ kind: "replay-work" })
      .catch((err: unknown) => logger().warn({ err: String(err), run: id }, "replay: wake-up not published; the workers' poll will find the run"));
  }
  return { kind: "run", id, status: s.replayable.length === 0 ? "completed" : "queued", estimatedUnits: totals.totalUnits };
}
