"use client";

// The replay lab (issue #22.4): settings → estimate (nothing spent) → confirm → a live run →
// its report; past runs below, each reopenable (?run=<id> keeps the open run across reloads).
import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import type { ModelOption } from "@/lib/playground/model-options";
import type { FilterOptions } from "@/lib/usage/get-filter-options";
import { postReplay, ReplayApiError } from "./api";
import { EstimatePanel } from "./estimate-panel";
import { PastRuns } from "./past-runs";
import { ReplayForm, replayBody, type ReplayFormState } from "./replay-form";
import { replayKeys, RunPanel } from "./run-panel";
import type { ReplayEstimate, ReplaySummary } from "./types";

function setRunParam(id: string | null): void {
  const url = new URL(window.location.href);
  if (id) url.searchParams.set("run", id);
  else url.searchParams.delete("run");
  window.history.replaceState(null, "", url);
}

export function ReplayLab({ models, policies = [], options, requestClasses, defaults, runs, initialRun, zeroRetention }: {
  models: ModelOption[];
  policies?: ModelOption[];
  options: FilterOptions;
  requestClasses: readonly string[];
  defaults: { candidate: string; judge: string };
  runs: ReplaySummary[];
  initialRun: string | null;
  zeroRetention: boolean;
}) {
  const client = useQueryClient();
  const [form, setForm] = useState<ReplayFormState>({
    days: "7", sampleSize: "50", model: "", keyId: "", endpoint: "", requestClass: "", candidate: defaults.candidate, judgeOn: false, judge: defaults.judge, maxCredits: "",
  });
  const [estimate, setEstimate] = useState<ReplayEstimate | null>(null);
  const [estimating, setEstimating] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [runError, setRunError] = useState<string | null>(null);
  const [openRun, setOpenRun] = useState<string | null>(initialRun);

  const keyName = (keyId: string) => options.keys.find((k) => k.id === keyId)?.name ?? keyId;
  const open = (id: string | null) => {
    setOpenRun(id);
    setRunParam(id);
  };
  const change = (patch: Partial<ReplayFormState>) => {
    setForm((f) => ({ ...f, ...patch }));
    setEstimate(null); // an estimate describes the settings it was made with
    setRunError(null);
  };

  async function onEstimate(e: FormEvent) {
    e.preventDefault();
    const built = replayBody(form, "estimate");
    if ("error" in built) return setFormError(built.error);
    setFormError(null);
    setRunError(null);
    setEstimating(true);
    try {
      setEstimate(await postReplay<ReplayEstimate>("/api/dashboard/replay", built.body));
    } catch (err) {
      setEstimate(null);
      setFormError(err instanceof Error ? err.message : String(err));
    } finally {
      setEstimating(false);
    }
  }

  async function onRun() {
    const built = replayBody(form, "run");
    if ("error" in built) return setRunError(built.error);
    setStarting(true);
    setRunError(null);
    try {
      const created = await postReplay<{ id: string }>("/api/dashboard/replay", built.body);
      setEstimate(null);
      open(created.id);
      await client.invalidateQueries({ queryKey: replayKeys.list });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      setRunError(err instanceof ReplayApiError && err.status === 402 ? `Not started — not enough credits: ${message}` : message);
    } finally {
      setStarting(false);
    }
  }

  return (
    <div className="grid min-w-0 gap-6">
      {options.models.length === 0 ? (
        <Alert tone="info">No logged requests in this account yet — make some calls first (API or playground), then replay them here.</Alert>
      ) : null}
      <Card className="min-w-0">
        <CardHeader title="New replay" description="Re-run a sample of your logged requests on another model and compare cost, latency and quality." />
        <CardBody>
          <form onSubmit={(e) => void onEstimate(e)} aria-label="Replay settings" noValidate className="grid min-w-0 gap-5">
            <ReplayForm state={form} onChange={change} models={models} policies={policies} options={options} requestClasses={requestClasses} />
            {formError ? <Alert>{formError}</Alert> : null}
            <div><Button type="submit" pending={estimating}>Estimate</Button></div>
          </form>
        </CardBody>
      </Card>
      {estimate ? <EstimatePanel estimate={estimate} onRun={() => void onRun()} running={starting} runError={runError} zeroRetention={zeroRetention} /> : null}
      {openRun ? <RunPanel key={openRun} id={openRun} onClose={() => open(null)} keyName={keyName} /> : null}
      <PastRuns initial={runs} openId={openRun} onOpen={open} />
    </div>
  );
}
