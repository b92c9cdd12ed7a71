// One recommendation: the use case, current model → candidate, savings per month, latency
// change, the replay evidence, and the actions. Rendered on the server (money is BigInt).
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { formatUsd } from "@/lib/billing/money";
import type { Evidence, Recommendation } from "@/lib/optimization/types";
import { classLabel, endpointLabel, latencyChange, percent } from "./format";
import { RecommendationActions } from "./recommendation-actions";

function Fact({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-zinc-400">{label}</dt>
      <dd className="mt-0.5 text-sm font-medium text-zinc-100 tabular-nums" data-testid={testId}>{children}</dd>
    </div>
  );
}

function EvidenceLine({ e, sample }: { e: Evidence; sample: number }) {
  if (e.kind === "none") {
    return <p className="text-sm text-zinc-400" data-testid="evidence">Quality: not yet tested — replay {sample} requests to compare answers.</p>;
  }
  const link = (
    <Link href={`/dashboard/replay?run=${encodeURIComponent(e.runId)}`} className="font-medium text-brand-300 underline-offset-4 hover:underline">
      {e.kind === "running" ? "watch" : "report"}
    </Link>
  );
  if (e.kind === "running") {
    return <p className="text-sm text-zinc-300" data-testid="evidence">Quality: replay {e.status} ({e.done} of {e.total}) — {link}</p>;
  }
  const quality = e.judged > 0 && e.candidateMeanScore !== null
    ? `judged ${e.candidateMeanScore}/10 vs ${e.originalMeanScore ?? "—"}/10 for the original · ${e.wins} wins, ${e.ties} ties, ${e.losses} losses`
    : "answers not judged";
  const errors = e.errorRate !== null && e.errorRate > 0 ? ` · ${percent(e.errorRate)} errors` : "";
  return (
    <p className="text-sm text-zinc-300" data-testid="evidence">
      Quality: replayed {e.replayed} requests — {quality}{errors} — {link}
    </p>
  );
}

export function RecommendationCard({ r, days, sample }: { r: Recommendation; days: number; sample: number }) {
  const u = r.useCase;
  const s = r.savings;
  const saves = s.savingsUnits > 0n;
  const share = s.currentUnits > 0n ? Number((s.savingsUnits * 1000n) / s.currentUnits) / 10 : null;
  return (
    <Card className="p-5" data-testid="recommendation" data-candidate={r.candidate} data-use-case={u.id}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="text-xs text-zinc-400">
            {u.keyName} <span className="font-mono">{u.keyDisplay}</span> · {endpointLabel(u.endpoint)}
          </p>
          <h3 className="mt-1 flex flex-wrap items-center gap-2 text-base font-semibold text-zinc-50">
            {classLabel(u.requestClass)}
            <Badge tone={r.kind === "cheaper" ? "success" : "brand"}>{r.kind === "cheaper" ? "Cheaper" : "Faster"}</Badge>
          </h3>
          <p className="mt-1 text-sm break-words text-zinc-300">
            <span className="font-mono">{u.currentModel}</span>
            {u.currentShare < 1 ? <span className="text-zinc-400"> ({percent(u.currentShare)} of calls)</span> : null}
            <span aria-hidden="true"> → </span><span className="sr-only"> to </span>
            <span className="font-mono text-zinc-50" data-testid="candidate">{r.candidate}</span>
          </p>
        </div>
        <div className="sm:text-right">
          <p className={saves ? "text-2xl font-semibold text-emerald-300 tabular-nums" : "text-2xl font-semibold text-zinc-200 tabular-nums"}
            data-testid="monthly-savings">
            {saves ? formatUsd(s.monthlySavingsUnits) : `+${formatUsd(-s.monthlySavingsUnits)}`}
          </p>
          <p className="text-xs text-zinc-400">{saves ? `saved per month${share !== null ? ` (${share}%)` : ""}` : "more per month"}</p>
        </div>
      </div>
      <dl className="mt-4 grid grid-cols-2 gap-4 sm:grid-cols-4">
        <Fact label={`Requests (${u.spanDays} ${u.spanDays === 1 ? "day" : "days"})`}>{u.requests.toLocaleString("en-US")}</Fact>
        <Fact label="Spend now, per month">{formatUsd(s.monthlyCurrentUnits)}</Fact>
        <Fact label="With the candidate">{formatUsd(s.monthlyCandidateUnits)}</Fact>
        <Fact label="Latency change" testId="latency-change">{latencyChange(r.latency.changeMs)}</Fact>
      </dl>
      <div className="mt-4 flex flex-col gap-3 border-t border-line pt-4">
        <EvidenceLine e={r.evidence} sample={sample} />
        <RecommendationActions sample={sample} target={{
          kind: r.kind, candidate: r.candidate, current: u.currentModel, apiKeyId: u.apiKeyId, endpoint: u.endpoint,
          requestClass: u.requestClass, days,
          policyName: r.policyName, replayed: r.evidence.kind !== "none",
        }} />
      </div>
    </Card>
  );
}
