"use client";

// Judge: 2–4 contestants answer, a judge model (never one of them) scores them on your criteria;
// the contestants stream side by side, then the verdict: rank, score and reasoning, winner first.
import { useEffect, useId, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Spinner } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { CallColumns } from "@/components/playground/call-columns";
import { STARTER_PROMPT } from "@/components/playground/compare-view";
import { costText } from "@/components/playground/format";
import { modelName, type ModeProps } from "@/components/playground/mode-types";
import { ModelPicker, MultiModelPicker } from "@/components/playground/model-picker";
import { PromptField } from "@/components/playground/prompt-field";
import { RunControls } from "@/components/playground/run-controls";
import { RunErrorAlert } from "@/components/playground/run-error";
import { SettingsFields } from "@/components/playground/settings-fields";
import { usePlaygroundRun } from "@/components/playground/use-playground-run";
import { useRunShortcut } from "@/components/playground/use-run-shortcut";
import { DEFAULT_SETTINGS, judgeBody, judgeForm, type JudgeForm } from "@/lib/playground/forms";
import { runChargedUnits, type RunState, type Verdict } from "@/lib/playground/run-state";

export function JudgeView({ models, apiBase, active, loaded, initial }: ModeProps & { initial: { contestants: string[]; judge: string } }) {
  const id = useId();
  const [form, setForm] = useState<JudgeForm>({
    contestants: initial.contestants, judge: initial.judge, criteria: "accuracy\nclarity\nbrevity", prompt: STARTER_PROMPT, settings: DEFAULT_SETTINGS,
  });
  const pg = usePlaygroundRun("judge");
  const { run } = pg;

  useEffect(() => {
    if (!loaded) return;
    const f = judgeForm(loaded.request);
    setForm(f);
    if (loaded.rerun) void pg.start(judgeBody(f));
    else pg.load(loaded.run);
    // Only a new load (its nonce) resets the form.
  }, [loaded?.nonce]);

  const body = judgeBody(form);
  const blocker = form.contestants.length < 2 ? "Pick at least 2 contestants."
    : !form.judge ? "Pick a judge." : form.contestants.includes(form.judge) ? "The judge cannot be a contestant."
    : !form.prompt.trim() ? "Write a prompt." : null;
  const start = () => {
    if (!blocker && !pg.running) void pg.start(body);
  };
  useRunShortcut(active, start);

  const calls = run.order.map((k) => run.calls[k]!);
  const contestants = calls.filter((c) => c.stage === "source");
  const total = run.status === "idle" || run.status === "running" || !calls.length ? null : runChargedUnits(run).toString();
  return (
    <div className="flex flex-col gap-6">
      <Card className="flex flex-col gap-4 p-4 sm:p-5">
        <div className="grid gap-4 lg:grid-cols-2">
          <MultiModelPicker
            label="Contestants"
            models={models}
            value={form.contestants}
            onChange={(contestants) => setForm({ ...form, contestants })}
            min={2}
            max={4}
            blocked={(m) => (m === form.judge ? "This model is the judge." : null)}
            testId="judge-contestants"
          />
          <div className="flex flex-col gap-4">
            <ModelPicker
              label="Judge"
              models={models}
              value={form.judge}
              onChange={(judge) => setForm({ ...form, judge })}
              blocked={(m) => (form.contestants.includes(m) ? "A contestant cannot judge." : null)}
              testId="judge-model"
            />
            <div className="flex flex-col gap-1.5">
              <label htmlFor={`${id}-criteria`} className="text-sm font-medium text-zinc-200">Criteria <span className="font-normal text-zinc-400">(one per line)</span></label>
              <textarea
                id={`${id}-criteria`}
                rows={3}
                value={form.criteria}
                onChange={(e) => setForm({ ...form, criteria: e.target.value })}
                placeholder={"accuracy\ncompleteness\nclarity"}
                className="w-full resize-y rounded-lg border border-line-strong bg-canvas px-3 py-2 text-sm text-zinc-100 placeholder:text-zinc-500 focus-visible:outline-2 focus-visible:outline-brand-400"
              />
            </div>
          </div>
        </div>
        <PromptField value={form.prompt} onChange={(prompt) => setForm({ ...form, prompt })} />
        <SettingsFields value={form.settings} onChange={(settings) => setForm({ ...form, settings })} />
        <RunControls
          mode="judge" running={pg.running} canRun={!blocker} blocker={blocker} onRun={start} onStop={pg.stopAll}
          body={body} apiBase={apiBase} totalUnits={total} runLabel="Run and judge"
        />
      </Card>
      {run.error ? <RunErrorAlert error={run.error} /> : null}
      {contestants.length ? (
        <section aria-label="Contestants" className="flex flex-col gap-4">
          <CallColumns
            label="Contestants"
            calls={contestants}
            titleOf={(c) => modelName(models, c.model)}
            badgesOf={(c) => ({ winner: run.verdict?.winner === c.model })}
            onStop={pg.running ? pg.stopCall : undefined}
          />
          <VerdictCard run={run} models={models} />
        </section>
      ) : run.status === "idle" ? (
        <Card>
          <EmptyState title="Let a model be the judge" icon={<TrophyGlyph />}>
            The contestants answer side by side; then the judge scores each answer from 0 to 10 on your criteria and names a winner.
          </EmptyState>
        </Card>
      ) : null}
    </div>
  );
}

function VerdictCard({ run, models }: { run: RunState; models: ModeProps["models"] }) {
  const judging = run.order.map((k) => run.calls[k]!).filter((c) => c.stage === "judge");
  const judgeCost = judging.reduce((t, c) => t + BigInt(c.chargedUnits ?? "0"), 0n);
  const v: Verdict | null = run.verdict;
  if (!v) {
    if (run.status !== "running") return null;
    const judge = judging[0]?.model;
    return (
      <Card className="flex items-center gap-3 px-5 py-4 text-sm text-zinc-300" role="status">
        <Spinner />
        {judge ? <>The judge, {modelName(models, judge)}, scores the answers once they are in…</> : "Waiting for the contestants…"}
      </Card>
    );
  }
  return (
    <Card data-testid="verdict">
      <CardHeader
        title={<span className="flex flex-wrap items-center gap-2">Verdict <Badge tone="brand">Winner: {modelName(models, v.winner)}</Badge></span>}
        description={<>Judged by {modelName(models, v.judge)} · {judging.length > 1 ? `${judging.length} attempts · ` : ""}{costText(judgeCost.toString())}</>}
      />
      <ol className="divide-y divide-line sm:hidden">
        {v.scores.map((s) => (
          <li key={s.model} data-winner={s.model === v.winner || undefined} className={cn("px-4 py-3", s.model === v.winner ? "bg-brand-500/10" : "")}>
            <div className="flex items-baseline gap-2">
              <span className="font-semibold text-zinc-100 tabular-nums">#{s.rank}</span>
              <span className="min-w-0 flex-1 truncate font-medium text-zinc-100">{modelName(models, s.model)}</span>
              <span className="tabular-nums"><span className="font-semibold text-zinc-100">{s.score}</span><span className="text-zinc-400">/10</span></span>
            </div>
            <p className="mt-1 text-sm text-zinc-300">{s.reasoning}</p>
          </li>
        ))}
      </ol>
      <div className="hidden overflow-x-auto sm:block">
        <table className="w-full text-left text-sm">
          <thead className="text-xs text-zinc-400 uppercase">
            <tr>
              <th scope="col" className="px-5 py-2 font-medium">Rank</th>
              <th scope="col" className="px-3 py-2 font-medium">Model</th>
              <th scope="col" className="px-3 py-2 font-medium">Score</th>
              <th scope="col" className="px-5 py-2 font-medium">Reasoning</th>
            </tr>
          </thead>
          <tbody>
            {v.scores.map((s) => {
              const winner = s.model === v.winner;
              return (
                <tr key={s.model} data-winner-row={winner || undefined} className={cn("border-t border-line align-top", winner ? "bg-brand-500/10" : "")}>
                  <td className="px-5 py-3 font-semibold text-zinc-100 tabular-nums">#{s.rank}</td>
                  <td className="px-3 py-3">
                    <span className="font-medium text-zinc-100">{modelName(models, s.model)}</span>
                    {winner ? <span className="ml-2"><Badge tone="brand">Winner</Badge></span> : null}
                  </td>
                  <td className="px-3 py-3 tabular-nums">
                    <span className="font-semibold text-zinc-100">{s.score}</span><span className="text-zinc-400">/10</span>
                    <div className="mt-1 h-1.5 w-16 rounded-full bg-white/[0.06]" aria-hidden="true">
                      <div className={cn("h-full rounded-full", winner ? "bg-brand-400" : "bg-zinc-400")} style={{ width: `${Math.max(0, Math.min(10, s.score)) * 10}%` }} />
                    </div>
                  </td>
                  <td className="px-5 py-3 text-zinc-300">{s.reasoning}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {v.overall || v.unanswered.length ? (
        <div className="border-t border-line px-5 py-3 text-sm text-zinc-300">
          {v.overall}
          {v.unanswered.length ? <p className="mt-1 text-xs text-amber-300">No answer from {v.unanswered.join(", ")} (refunded).</p> : null}
        </div>
      ) : null}
    </Card>
  );
}

function TrophyGlyph() {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true" className="size-5">
      <path d="M8 4h8v5a4 4 0 0 1-8 0V4Zm0 2H5a3 3 0 0 0 3 4m8-4h3a3 3 0 0 1-3 4m-4 3v4m-3 3h6" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
