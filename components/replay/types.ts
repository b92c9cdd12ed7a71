// The shapes the replay route handlers answer (lib/replay/report.ts, lib/replay/create-run.ts):
// money as `<name>_credits` (decimal string) + `<name>_units` (integer string of 10⁻¹² USD).
export type SkipCounts = Record<string, number>;

export type ReplayEstimate = {
  candidate: string;
  judge: string | null;
  days: number;
  sample_size: number;
  sampled: number;
  replayable: number;
  skipped: SkipCounts;
  original_cost_units: string;
  candidate_cost_units: string;
  judge_cost_units: string;
  estimated_units: string;
  estimated_credits: string;
  items: Array<{ request_id: string; endpoint: string; model: string; input_tokens: number; output_tokens: number;
    original_cost_units: string; candidate_cost_units: string; judge_cost_units: string }>;
};

export type ReplayStatus = "queued" | "running" | "completed" | "failed" | "cancelled";

/** What the run sampled, in the API's names (only those set). */
export type ReplayFilters = { model?: string; key_id?: string; endpoint?: string; request_class?: string };

export type ReplaySummary = {
  id: string;
  status: ReplayStatus;
  candidate: string;
  judge: string | null;
  days: number;
  sample_size: number;
  filters: ReplayFilters;
  progress: { done: number; total: number };
  estimated_units: string;
  estimated_credits: string;
  spent_units: string;
  skipped: SkipCounts;
  stopped_reason: string | null;
  error: string | null;
  created_at: string;
  finished_at: string | null;
};

export type ReplayItem = {
  position: number;
  source_request_id: string;
  status: string;
  skip_reason: string | null;
  original: { model: string | null; answer: string | null; output_tokens: number; cost_units: string; latency_ms: number | null };
  candidate: null | {
    model: string | null; status: number | null; answer: string | null; output_tokens: number; cost_units: string;
    latency_ms: number | null; error: string | null;
  };
  judge: null | { winner: string | null; original_score: number | null; candidate_score: number | null; reasoning: string | null; error: string | null };
};

export type ReplayReport = {
  replayed: number;
  skipped: SkipCounts;
  cost: { original_units: string; candidate_units: string; judge_units: string; difference_units: string };
  latency_ms: { original: { p50: number | null; p95: number | null }; candidate: { p50: number | null; p95: number | null } };
  error_rate: { original: number; candidate: number | null };
  quality: { judged: number; candidate_mean_score: number | null; original_mean_score: number | null; wins: number; ties: number; losses: number };
};

export type ReplayDetail = ReplaySummary & { report: ReplayReport | null; items: ReplayItem[] };

export const FINISHED: ReadonlySet<ReplayStatus> = new Set(["completed", "failed", "cancelled"]);

export const SKIP_LABELS: Record<string, string> = {
  zero_retention: "body not stored (zero retention)",
  truncated: "body truncated",
  missing_answer: "answer not stored",
  unsupported: "body no longer parses",
  max_credits: "stopped at max credits",
  cancelled: "cancelled",
};
