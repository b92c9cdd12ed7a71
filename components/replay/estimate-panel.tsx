"use client";

// The estimate report (nothing spent): how many logged requests were sampled and can be
// replayed, why the others cannot, and what the originals cost vs what the candidate (and the
// judge) would. "Run" asks for confirmation with the estimated credits first.
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button, ButtonLink } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { cost, credits, skippedText } from "./format";
import { SKIP_LABELS, type ReplayEstimate } from "./types";

function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="min-w-0 rounded-lg border border-line bg-canvas/40 px-4 py-3">
      <dt className="text-xs text-zinc-400">{label}</dt>
      <dd className="mt-1 text-lg font-semibold break-words text-zinc-50 tabular-nums" data-testid={testId}>{value}</dd>
    </div>
  );
}

export function EstimatePanel({ estimate, onRun, running, runError, zeroRetention }: {
  estimate: ReplayEstimate;
  onRun: () => void;
  running: boolean;
  runError: string | null;
  zeroRetention: boolean;
}) {
  const [confirming, setConfirming] = useState(false);
  if (estimate.sampled === 0) {
    return (
      <Card data-testid="replay-empty">
        <EmptyState title="No logged requests in this window yet" action={<ButtonLink href="/dashboard/playground" variant="secondary">Open the playground</ButtonLink>}>
          Make some calls first (through the API or the playground), or widen the window and filters.
        </EmptyState>
      </Card>
    );
  }
  const skipped = skippedText(estimate.skipped, SKIP_LABELS);
  return (
    <Card data-testid="replay-estimate">
      <CardHeader title="Estimate" description={`${estimate.candidate}${estimate.judge ? `, judged by ${estimate.judge}` : ""} · nothing has been spent`} />
      <CardBody className="grid gap-4">
        <dl className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          <Figure label="Requests to replay" value={`${estimate.replayable} of ${estimate.sampled}`} testId="estimate-replayable" />
          <Figure label="Original cost" value={cost(estimate.original_cost_units)} />
          <Figure label="Candidate cost (estimated)" value={cost(estimate.candidate_cost_units)} />
          <Figure label="Judge cost (estimated)" value={estimate.judge ? cost(estimate.judge_cost_units) : "No judge"} />
        </dl>
        {skipped ? <p className="text-sm text-zinc-400" data-testid="estimate-skipped">Skipped: {skipped}.</p> : null}
        <p className="text-sm text-zinc-300">
          Running it is estimated at <strong className="text-zinc-50" data-testid="estimate-credits">{credits(estimate.estimated_units)} credits</strong>,
          billed like any call (logged as source “replay”).
        </p>
        {zeroRetention ? (
          <Alert tone="warning">Zero retention is on: a run stores prompts and answers, so only estimates work. Turn it off in Settings to run.</Alert>
        ) : null}
        {runError ? <Alert>{runError}</Alert> : null}
        {estimate.replayable === 0 ? null : confirming ? (
          <div className="flex flex-wrap items-center gap-3 rounded-lg border border-brand-500/30 bg-brand-500/5 px-4 py-3" role="group" aria-label="Confirm the run">
            <span className="text-sm text-zinc-200">Replay {estimate.replayable} requests for about {credits(estimate.estimated_units)} credits?</span>
            <Button onClick={onRun} pending={running} autoFocus>Confirm run</Button>
            <Button variant="ghost" onClick={() => setConfirming(false)} disabled={running}>Back</Button>
          </div>
        ) : (
          <div><Button onClick={() => setConfirming(true)} disabled={zeroRetention}>Run replay…</Button></div>
        )}
      </CardBody>
    </Card>
  );
}
