// What the optimization page shows (issue #22.6): pure data, BigInt money in units.
import type { Savings } from "./savings";

/** A group needs this many logged requests in the window before it gets a recommendation. */
export const MIN_GROUP_REQUESTS = 20;
export const DEFAULT_WINDOW_DAYS = 30;
export const WINDOW_CHOICES = [7, 30, 90] as const;

/** One use case: an API key × endpoint × the auto router's request class. */
export type UseCase = {
  /** `<key id>|<endpoint>|<class>`: stable across page loads. */
  id: string;
  apiKeyId: string;
  keyName: string;
  /** The key's display form (prefix…suffix); "—" for a deleted key. */
  keyDisplay: string;
  keyDeleted: boolean;
  endpoint: string;
  requestClass: string;
  /** The model that answered most of its requests. */
  currentModel: string;
  /** Its share of the group's requests (0–1). */
  currentShare: number;
  requests: number;
  inputTokens: number;
  outputTokens: number;
  /** What the group was charged in the window. */
  costUnits: bigint;
  /** Days the group has been logging (1 … window). */
  spanDays: number;
};

export type Evidence =
  | { kind: "none" }
  | { kind: "running"; runId: string; status: string; done: number; total: number }
  | {
    kind: "replayed";
    runId: string;
    finishedAt: Date | null;
    replayed: number;
    judged: number;
    candidateMeanScore: number | null;
    originalMeanScore: number | null;
    wins: number;
    ties: number;
    losses: number;
    /** The candidate's error rate in the replay (0–1). */
    errorRate: number | null;
  };

export type RecommendationKind = "cheaper" | "faster";

export type Recommendation = {
  /** `<use case id>|<kind>|<candidate>`. */
  id: string;
  useCase: UseCase;
  kind: RecommendationKind;
  candidate: string;
  candidateName: string;
  savings: Savings;
  /** Measured latency (ms): recent p50, else the mean of the rollups; null = not measured. */
  latency: { currentMs: number | null; candidateMs: number | null; changeMs: number | null };
  evidence: Evidence;
  /** The policy "Apply" creates or updates. */
  policyName: string;
};

/** A use case with too little data: how much there is and how much is needed. */
export type PendingUseCase = { useCase: UseCase; needed: number };

export type OptimizationReport = {
  windowDays: number;
  minRequests: number;
  recommendations: Recommendation[];
  /** Enough data, and no capable model is cheaper or clearly faster. */
  optimal: UseCase[];
  pending: PendingUseCase[];
};
