"use client";

// Compare: 2–9 models answer the same prompt side by side, streaming live; each column ends with
// its TTFT, latency, tokens and exact cost, and the summary marks the fastest and the cheapest.
import { useEffect, useState } from "react";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { CallColumns } from "@/components/playground/call-columns";
import { modelName, type ModeProps } from "@/components/playground/mode-types";
import { MultiModelPicker } from "@/components/playground/model-picker";
import { PromptField } from "@/components/playground/prompt-field";
import { RunControls } from "@/components/playground/run-controls";
import { RunErrorAlert } from "@/components/playground/run-error";
import { SettingsFields } from "@/components/playground/settings-fields";
import { usePlaygroundRun } from "@/components/playground/use-playground-run";
import { useRunShortcut } from "@/components/playground/use-run-shortcut";
import { compareBody, compareForm, DEFAULT_SETTINGS, type CompareForm } from "@/lib/playground/forms";
import { runChargedUnits } from "@/lib/playground/run-state";

export const STARTER_PROMPT = "Explain the CAP theorem in three sentences, with one real-world example.";

export function CompareView({ models, apiBase, active, loaded, initialModels }: ModeProps & { initialModels: string[] }) {
  const [form, setForm] = useState<CompareForm>({ models: initialModels, prompt: STARTER_PROMPT, settings: DEFAULT_SETTINGS });
  const pg = usePlaygroundRun("compare");
  const { run } = pg;

  useEffect(() => {
    if (!loaded) return;
    const f = compareForm(loaded.request);
    setForm(f);
    if (loaded.rerun) void pg.start(compareBody(f));
    else pg.load(loaded.run);
    // Only a new load (its nonce) resets the form.
  }, [loaded?.nonce]);

  const body = compareBody(form);
  const blocker = form.models.length < 2 ? "Pick at least 2 models." : !form.prompt.trim() ? "Write a prompt." : null;
  const start = () => {
    if (!blocker && !pg.running) void pg.start(body);
  };
  useRunShortcut(active, start);

  const calls = run.order.map((k) => run.calls[k]!);
  const total = run.status === "idle" || run.status === "running" || !calls.length ? null : runChargedUnits(run).toString();
  return (
    <div className="flex flex-col gap-6">
      <Card className="flex flex-col gap-4 p-4 sm:p-5">
        <MultiModelPicker
          label="Models"
          models={models}
          value={form.models}
          onChange={(ids) => setForm({ ...form, models: ids })}
          min={2}
          max={9}
          hint="Each model answers the same messages at once; every one is billed for its own tokens."
          testId="compare-models"
        />
        <PromptField value={form.prompt} onChange={(prompt) => setForm({ ...form, prompt })} placeholder="Ask all models the same thing…" />
        <SettingsFields value={form.settings} onChange={(settings) => setForm({ ...form, settings })} />
        <RunControls
          mode="compare" running={pg.running} canRun={!blocker} blocker={blocker} onRun={start} onStop={pg.stopAll}
          body={body} apiBase={apiBase} totalUnits={total} runLabel={`Compare ${form.models.length} models`}
        />
      </Card>
      {run.error ? <RunErrorAlert error={run.error} /> : null}
      {calls.length ? (
        <section aria-label="Answers" className="flex flex-col gap-3">
          {run.requestId && run.status !== "running" ? (
            <p className="text-xs text-zinc-400">
              Logged as <a className="font-mono text-zinc-400 underline underline-offset-2 hover:text-zinc-200" href={`/dashboard/logs/${run.requestId}`}>{run.requestId}</a>
            </p>
          ) : null}
          <CallColumns
            label="Models"
            calls={calls}
            titleOf={(c) => modelName(models, c.model)}
            badgesOf={(c) => ({ fastest: run.compare?.fastest === c.key, cheapest: run.compare?.cheapest === c.key })}
            onStop={pg.running ? pg.stopCall : undefined}
          />
        </section>
      ) : run.status === "idle" ? (
        <Card>
          <EmptyState title="Side by side, token by token" icon={<ColumnsGlyph />}>
            Run the prompt to watch {form.models.length || "several"} models answer at once — with time to first token, latency,
            tokens and the exact cost of each. Press <kbd className="rounded border border-line-strong px-1 text-xs">Ctrl</kbd>+
            <kbd className="rounded border border-line-strong px-1 text-xs">Enter</kbd> to run.
          </EmptyState>
        </Card>
      ) : run.status === "running" ? (
        <p className="text-sm text-zinc-400" role="status">Starting {form.models.length} models…</p>
      ) : null}
    </div>
  );
}

function ColumnsGlyph() {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true" className="size-5">
      <rect x="3" y="4" width="5" height="16" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <rect x="9.5" y="4" width="5" height="16" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <rect x="16" y="4" width="5" height="16" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
    </svg>
  );
}
