"use client";

// "Replay 50 requests" and "Apply" for one recommendation (server actions in
// app/dashboard/optimization/actions.ts). Each shows its own outcome next to the buttons.
import Link from "next/link";
import { useState, useTransition } from "react";
import { applyRecommendationAction, replayRecommendationAction } from "@/app/dashboard/optimization/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";

export type RecommendationTarget = {
  kind: "cheaper" | "faster";
  candidate: string;
  current: string;
  apiKeyId: string;
  endpoint: string;
  /** The use case's request class: the replay samples only it. */
  requestClass: string;
  days: number;
  policyName: string;
  /** A replay of this candidate on this use case already exists. */
  replayed: boolean;
};

type Outcome =
  | { kind: "replay"; runId: string }
  | { kind: "apply"; model: string }
  | { kind: "error"; message: string }
  | null;

export function RecommendationActions({ target, sample }: { target: RecommendationTarget; sample: number }) {
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [pending, start] = useTransition();
  const [busy, setBusy] = useState<"replay" | "apply" | null>(null);

  const replay = () => {
    setBusy("replay");
    start(async () => {
      const r = await replayRecommendationAction({
        candidate: target.candidate, current: target.current, apiKeyId: target.apiKeyId, endpoint: target.endpoint,
        requestClass: target.requestClass, days: target.days,
      });
      setOutcome(r.ok ? { kind: "replay", runId: r.runId } : { kind: "error", message: r.message });
      setBusy(null);
    });
  };
  const apply = () => {
    setBusy("apply");
    start(async () => {
      const r = await applyRecommendationAction({
        kind: target.kind, candidate: target.candidate, current: target.current, policyName: target.policyName,
      });
      setOutcome(r.ok ? { kind: "apply", model: r.model } : { kind: "error", message: r.message });
      setBusy(null);
    });
  };

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap gap-2">
        <Button size="sm" variant={target.replayed ? "secondary" : "primary"} pending={busy === "replay"} disabled={pending} onClick={replay}>
          {target.replayed ? `Replay ${sample} again` : `Replay ${sample} requests`}
        </Button>
        <Button size="sm" variant="secondary" pending={busy === "apply"} disabled={pending} onClick={apply}>
          Apply as policy
        </Button>
      </div>
      <div aria-live="polite">
        {outcome?.kind === "replay" ? (
          <p className="text-sm text-zinc-300" data-testid="replay-started">
            Replay started.{" "}
            <Link className="font-medium text-brand-300 underline-offset-4 hover:underline" href={`/dashboard/replay?run=${encodeURIComponent(outcome.runId)}`}>
              Watch it in the replay lab
            </Link>
          </p>
        ) : null}
        {outcome?.kind === "apply" ? (
          <div className="flex flex-wrap items-center gap-2 text-sm text-zinc-300" data-testid="policy-applied">
            <span>Policy saved. Send</span>
            <code className="rounded bg-white/5 px-1.5 py-0.5 font-mono text-xs text-zinc-100">model: &quot;{outcome.model}&quot;</code>
            <CopyButton text={outcome.model} label="Copy name" />
            <span className="text-zinc-400">or make it the key&apos;s default on the API keys page.</span>
          </div>
        ) : null}
        {outcome?.kind === "error" ? <Alert>{outcome.message}</Alert> : null}
      </div>
    </div>
  );
}
