"use client";

// Blend: several models answer, a synthesizer merges them by a strategy. The source answers
// stream into collapsible panels; the synthesis streams below them.
import { useEffect, useId, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { CallCard } from "@/components/playground/call-card";
import { STARTER_PROMPT } from "@/components/playground/compare-view";
import { costText, msText } from "@/components/playground/format";
import { Markdown } from "@/components/playground/markdown";
import { modelName, type ModeProps } from "@/components/playground/mode-types";
import { ModelPicker, MultiModelPicker } from "@/components/playground/model-picker";
import { PromptField } from "@/components/playground/prompt-field";
import { RunControls } from "@/components/playground/run-controls";
import { RunErrorAlert } from "@/components/playground/run-error";
import { SettingsFields } from "@/components/playground/settings-fields";
import { usePlaygroundRun } from "@/components/playground/use-playground-run";
import { useRunShortcut } from "@/components/playground/use-run-shortcut";
import { BLEND_STRATEGIES, blendBody, blendForm, DEFAULT_SETTINGS, type BlendForm } from "@/lib/playground/forms";
import { runChargedUnits, type CallState } from "@/lib/playground/run-state";

function stageLabel(stage: string): string {
  if (stage === "source") return "Source answers";
  const layer = /^layer_(\d+)$/.exec(stage);
  return layer ? `Layer ${layer[1]}` : stage;
}

export function BlendView({ models, apiBase, active, loaded, initial }: ModeProps & { initial: { models: string[]; synthesizer: string } }) {
  const id = useId();
  const [form, setForm] = useState<BlendForm>({
    models: initial.models, strategy: "consensus", synthesizer: initial.synthesizer, layers: 2, samples: 4, prompt: STARTER_PROMPT, settings: DEFAULT_SETTINGS,
  });
  const pg = usePlaygroundRun("blend");
  const { run } = pg;

  useEffect(() => {
    if (!loaded) return;
    const f = blendForm(loaded.request);
    setForm(f);
    if (loaded.rerun) void pg.start(blendBody(f));
    else pg.load(loaded.run);
    // Only a new load (its nonce) resets the form.
  }, [loaded?.nonce]);

  const selfMoa = form.strategy === "self_moa";
  const [min, max] = selfMoa ? [1, 1] : [2, 6];
  const body = blendBody(form);
  const blocker = form.models.length < min ? `Pick ${selfMoa ? "one model" : "at least 2 models"}.`
    : form.models.length > max ? (selfMoa ? "Self-MoA samples exactly one model." : "At most 6 models.")
    : !form.prompt.trim() ? "Write a prompt." : null;
  const start = () => {
    if (!blocker && !pg.running) void pg.start(body);
  };
  useRunShortcut(active, start);

  const calls = run.order.map((k) => run.calls[k]!);
  const sources = calls.filter((c) => c.stage !== "synthesis");
  const synthesis = calls.filter((c) => c.stage === "synthesis");
  const finalKey = run.blend?.synthesisKey ?? synthesis.at(-1)?.key ?? null;
  const final = finalKey ? run.calls[finalKey] ?? null : null;
  const steps = synthesis.filter((c) => c.key !== finalKey);
  const stages = [...new Set(sources.map((c) => c.stage))];
  const total = run.status === "idle" || run.status === "running" || !calls.length ? null : runChargedUnits(run).toString();
  const strategy = BLEND_STRATEGIES.find((s) => s.id === form.strategy)!;

  return (
    <div className="flex flex-col gap-6">
      <Card className="flex flex-col gap-4 p-4 sm:p-5">
        <fieldset>
          <legend className="mb-1.5 text-sm font-medium text-zinc-200">Strategy</legend>
          <div className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
            {BLEND_STRATEGIES.map((s) => (
              <label
                key={s.id}
                className={cn(
                  "flex cursor-pointer gap-2.5 rounded-lg border px-3 py-2.5 transition-colors has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-400",
                  form.strategy === s.id ? "border-brand-500/60 bg-brand-500/10" : "border-line hover:border-line-strong",
                )}
              >
                <input
                  type="radio"
                  name={`${id}-strategy`}
                  value={s.id}
                  checked={form.strategy === s.id}
                  onChange={() => setForm({ ...form, strategy: s.id, models: s.id === "self_moa" ? form.models.slice(0, 1) : form.models })}
                  className="mt-0.5 accent-brand-500"
                />
                <span className="min-w-0">
                  <span className="block text-sm font-medium text-zinc-100">{s.label}</span>
                  <span className="block text-xs text-zinc-400">{s.help}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="grid gap-4 lg:grid-cols-2">
          <MultiModelPicker
            label={selfMoa ? "Model to sample" : "Source models"}
            models={models}
            value={form.models}
            onChange={(ids) => setForm({ ...form, models: ids })}
            min={min}
            max={max}
            testId="blend-models"
          />
          <div className="flex flex-col gap-4">
            <ModelPicker label="Synthesizer" models={models} value={form.synthesizer} onChange={(synthesizer) => setForm({ ...form, synthesizer })} testId="blend-synthesizer" />
            {form.strategy === "moa" || selfMoa ? (
              <div className="flex flex-col gap-1.5">
                <label htmlFor={`${id}-count`} className="text-sm font-medium text-zinc-200">{selfMoa ? "Samples" : "Layers"}</label>
                <select
                  id={`${id}-count`}
                  value={selfMoa ? form.samples : form.layers}
                  onChange={(e) => setForm(selfMoa ? { ...form, samples: Number(e.target.value) } : { ...form, layers: Number(e.target.value) })}
                  className="h-10 rounded-lg border border-line-strong bg-canvas px-3 text-sm text-zinc-100 focus-visible:outline-2 focus-visible:outline-brand-400"
                >
                  {(selfMoa ? [2, 3, 4, 5, 6, 7, 8] : [1, 2, 3]).map((n) => <option key={n} value={n}>{n}</option>)}
                </select>
              </div>
            ) : null}
          </div>
        </div>
        <PromptField value={form.prompt} onChange={(prompt) => setForm({ ...form, prompt })} />
        <SettingsFields value={form.settings} onChange={(settings) => setForm({ ...form, settings })} />
        <RunControls
          mode="blend" running={pg.running} canRun={!blocker} blocker={blocker} onRun={start} onStop={pg.stopAll}
          body={body} apiBase={apiBase} totalUnits={total} runLabel={`Blend · ${strategy.label}`}
        />
      </Card>
      {run.error ? <RunErrorAlert error={run.error} /> : null}
      {calls.length ? (
        <section aria-label="Blend" className="flex flex-col gap-4">
          {stages.map((stage) => (
            <div key={stage} className="flex flex-col gap-2">
              <h3 className="text-sm font-semibold text-zinc-300">{stageLabel(stage)}</h3>
              {sources.filter((c) => c.stage === stage).map((c) => <SourcePanel key={c.key} call={c} title={modelName(models, c.model)} open={pg.running} />)}
            </div>
          ))}
          {steps.length ? (
            <div className="flex flex-col gap-2">
              <h3 className="text-sm font-semibold text-zinc-300">Chain steps</h3>
              {steps.map((c) => <SourcePanel key={c.key} call={c} title={`Step ${c.index + 1} · ${modelName(models, c.model)}`} open={false} />)}
            </div>
          ) : null}
          {final ? (
            <div className="flex flex-col gap-2">
              <h3 className="text-sm font-semibold text-zinc-300">Synthesis</h3>
              <CallCard call={final} title={`${modelName(models, final.model)} · ${strategy.label}`} subtitle={final.model} testId="synthesis" />
            </div>
          ) : pg.running ? <p className="text-sm text-zinc-400" role="status">The synthesis starts when the sources have answered…</p> : null}
        </section>
      ) : run.status === "idle" ? (
        <Card>
          <EmptyState title="Many answers, one synthesis" icon={<BlendGlyph />}>
            {strategy.help} The sources stream first, then the synthesizer writes the answer.
          </EmptyState>
        </Card>
      ) : null}
    </div>
  );
}

function SourcePanel({ call, title, open }: { call: CallState; title: string; open: boolean }) {
  return (
    <details open={open || undefined} className="group rounded-xl border border-line bg-surface" data-testid="source-panel" data-status={call.status}>
      <summary className="flex cursor-pointer list-none flex-wrap items-center gap-2 px-4 py-2.5 focus-visible:outline-2 focus-visible:outline-brand-400 [&::-webkit-details-marker]:hidden">
        <svg viewBox="0 0 20 20" aria-hidden="true" className="size-4 text-zinc-400 transition-transform group-open:rotate-90">
          <path d="m8 5 5 5-5 5" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        <span className="truncate text-sm font-medium text-zinc-100">{title}</span>
        {call.status === "streaming" ? <Badge tone="brand">Streaming</Badge> : call.status === "error" ? <Badge tone="danger">{call.error?.refunded ? "Failed · refunded" : "Failed"}</Badge> : null}
        <span className="ml-auto text-xs text-zinc-400 tabular-nums">{msText(call.latencyMs)} · {costText(call.chargedUnits)}</span>
      </summary>
      <div className="border-t border-line px-4 py-3">
        {call.error ? <p className="text-sm text-red-300">{call.error.message}</p> : call.text ? <Markdown text={call.text} /> : <p className="text-sm text-zinc-400">Waiting…</p>}
      </div>
    </details>
  );
}

function BlendGlyph() {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true" className="size-5">
      <path d="M5 5v4a5 5 0 0 0 5 5h4M19 5v4a5 5 0 0 1-5 5M12 14v6" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
    </svg>
  );
}
