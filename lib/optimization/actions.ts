// The optimization page's two actions (issue #22.6), as lib functions the server actions call:
// "Replay 50 requests" creates a replay run of the candidate on the use case's traffic (its key,
// endpoint, current model and request class) through the replay lab's own create function
// (lib/replay), and "Apply" creates or updates the use case's policy (lib/policies
// upsertPolicy). Inputs come from the browser: parsed here.
import { z } from "zod";
import { findModel } from "@/lib/catalog";
import { AppError } from "@/lib/errors";
import { playgroundKey } from "@/lib/playground/playground-key";
import { playgroundModels } from "@/lib/playground/models";
import { upsertPolicy } from "@/lib/policies/store";
import { POLICY_NAME_PATTERN } from "@/lib/policies/types";
import { createReplay } from "@/lib/replay";
import { DEMO_SIMULATORS } from "@/lib/routing/auto/candidates";
import { REQUEST_CLASSES, type RequestClass } from "@/lib/routing/auto/classify";
import { OPTIMIZABLE_ENDPOINTS } from "@/lib/sql/optimization";

/** How many logged requests the one-click replay samples. */
export const QUICK_REPLAY_SAMPLE = 50;

const modelName = z.string().min(1).max(200);

/** The class rollup's name for rows without a class (lib/sql/optimization.ts). */
const UNCLASSIFIED = "unclassified";

function knownModel(name: string, param: string): string {
  const entry = findModel(name);
  if (!entry) throw new AppError("invalid_request", `Unknown model '${name}'.`, param);
  return entry.id;
}

function invalid(err: z.ZodError): AppError {
  const issue = err.issues[0];
  const path = issue?.path.map(String).join(".") ?? "";
  return new AppError("invalid_request", `Invalid '${path || "input"}': ${issue?.message ?? "bad value"}`, path || null);
}

const replaySchema = z.strictObject({
  candidate: modelName,
  current: modelName,
  /** "" = a deleted key: not filtered by key. */
  apiKeyId: z.string().max(100),
  endpoint: z.enum(OPTIMIZABLE_ENDPOINTS),
  /** The use case's class; "unclassified" = rows logged before the classifier (no class to filter by). */
  requestClass: z.enum([...REQUEST_CLASSES, UNCLASSIFIED]),
  days: z.int().min(1).max(90),
});

/** A judge for the quick replay: available, neither side of the comparison, a real model and JSON-capable when possible. */
async function pickJudge(userId: string, exclude: readonly string[]): Promise<string | null> {
  const usable = (await playgroundModels(userId)).filter((m) => m.available && !DEMO_SIMULATORS.has(m.id) && !exclude.includes(m.id));
  const rank = (m: (typeof usable)[number]) => (m.simulated ? 2 : 0) + (m.capabilities.includes("json") ? 0 : 1);
  return [...usable].sort((a, b) => rank(a) - rank(b))[0]?.id ?? null;
}

export type QuickReplay = { runId: string; status: string; judge: string | null };

export async function replayRecommendation(userId: string, input: unknown): Promise<QuickReplay> {
  const r = replaySchema.safeParse(input);
  if (!r.success) throw invalid(r.error);
  const candidate = knownModel(r.data.candidate, "candidate");
  const current = findModel(r.data.current)?.id ?? r.data.current;
  const judge = await pickJudge(userId, [candidate, current]);
  const filters: { keyId?: string; endpoint: string; model: string; requestClass?: RequestClass } = { endpoint: r.data.endpoint, model: current };
  if (r.data.apiKeyId !== "") filters.keyId = r.data.apiKeyId;
  // Only the use case's class: otherwise the 50 requests come from the key's other classes too,
  // and the run is not this use case's evidence (evidence.ts). Unclassified rows have no class
  // to ask for: they are sampled with the key's other traffic, as before the classifier.
  if (r.data.requestClass !== UNCLASSIFIED) filters.requestClass = r.data.requestClass;
  const created = await createReplay(await playgroundKey(userId), {
    candidate, days: r.data.days, sampleSize: QUICK_REPLAY_SAMPLE, mode: "run", judge, maxUnits: null, filters,
  });
  if (created.kind !== "run") throw new AppError("internal_error", "The replay was not created.");
  return { runId: created.id, status: created.status, judge };
}

const applySchema = z.strictObject({
  kind: z.enum(["cheaper", "faster"]),
  candidate: modelName,
  current: modelName,
  policyName: z.string().regex(POLICY_NAME_PATTERN).startsWith("opt-"),
});

export type Applied = { policyName: string; model: string; allowedModels: string[] };

/**
 * The use case's policy: the candidate first, the current model as its one fallback (a cheaper
 * candidate under goal "cost", a faster one under "latency", so the ranker keeps choosing it).
 */
export async function applyRecommendation(userId: string, input: unknown): Promise<Applied> {
  const r = applySchema.safeParse(input);
  if (!r.success) throw invalid(r.error);
  const candidate = knownModel(r.data.candidate, "candidate");
  const current = findModel(r.data.current)?.id;
  const allowedModels = current && current !== candidate ? [candidate, current] : [candidate];
  const policy = await upsertPolicy(userId, {
    name: r.data.policyName, goal: r.data.kind === "cheaper" ? "cost" : "latency", allowedModels,
    maxFallbacks: allowedModels.length - 1, maxCostPerRequest: null, maxLatencyMs: null,
  });
  return { policyName: policy.name, model: `policy/${policy.name}`, allowedModels: policy.allowedModels };
}
