"use client";

// One model (Chat's model, Blend's synthesizer, Judge's judge) or a list of models (Compare's
// columns, Blend's sources, Judge's contestants), both on the searchable catalog combobox.
import { ModelCombobox } from "@/components/playground/model-combobox";
import { AUTO_MODEL, type ModelOption } from "@/lib/playground/model-options";

const AUTO_OPTION: ModelOption = {
  id: AUTO_MODEL, name: "Auto — the gateway picks per request", provider: "switchyard", providerName: "Switchyard",
  inputPerM: null, outputPerM: null, contextWindow: 0, capabilities: ["routing"], simulated: false, available: true, reason: null,
};

function nameOf(models: ModelOption[], id: string): string {
  if (id === AUTO_MODEL) return "auto";
  return models.find((m) => m.id === id)?.name ?? id;
}

export function ModelPicker({
  label, models, value, onChange, allowAuto = false, blocked, testId,
}: {
  label: string;
  models: ModelOption[];
  value: string;
  onChange: (id: string) => void;
  allowAuto?: boolean;
  /** Models that cannot be picked here, and why (e.g. the judge cannot be a contestant). */
  blocked?: (id: string) => string | null;
  testId?: string;
}) {
  return (
    <div className="flex min-w-0 flex-col gap-1.5">
      <span className="text-sm font-medium text-zinc-200">{label}</span>
      <ModelCombobox
        label={label}
        models={models}
        extra={allowAuto ? [AUTO_OPTION] : []}
        display={value ? `${nameOf(models, value)}${value === AUTO_MODEL ? "" : `  ·  ${value}`}` : ""}
        placeholder="Pick a model…"
        isSelected={(id) => id === value}
        blockedReason={blocked}
        onPick={onChange}
        testId={testId}
      />
    </div>
  );
}

export function MultiModelPicker({
  label, models, value, onChange, min, max, hint, blocked, testId,
}: {
  label: string;
  models: ModelOption[];
  value: string[];
  onChange: (ids: string[]) => void;
  min: number;
  max: number;
  hint?: string;
  blocked?: (id: string) => string | null;
  testId?: string;
}) {
  const full = value.length >= max;
  const toggle = (id: string) => onChange(value.includes(id) ? value.filter((v) => v !== id) : full ? value : [...value, id]);
  return (
    <div className="flex min-w-0 flex-col gap-1.5">
      <div className="flex items-baseline justify-between gap-2">
        <span className="text-sm font-medium text-zinc-200">{label}</span>
        <span className={value.length < min ? "text-xs text-amber-300" : "text-xs text-zinc-400"}>
          {value.length} of {min}–{max}
        </span>
      </div>
      {value.length ? (
        <ul className="flex flex-wrap gap-1.5" aria-label={`${label}: selected`}>
          {value.map((id) => (
            <li key={id} className="inline-flex max-w-full items-center gap-1 rounded-full border border-line-strong bg-surface-raised py-0.5 pr-1 pl-2.5 text-xs text-zinc-200">
              <span className="truncate" title={id}>{nameOf(models, id)}</span>
              <button
                type="button"
                onClick={() => onChange(value.filter((v) => v !== id))}
                className="inline-flex size-5 shrink-0 items-center justify-center rounded-full text-zinc-400 hover:bg-white/10 hover:text-zinc-100 focus-visible:outline-2 focus-visible:outline-brand-400"
              >
                <span aria-hidden="true">×</span>
                <span className="sr-only">Remove {id}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <ModelCombobox
        label={`Add to ${label.toLowerCase()}`}
        models={models}
        placeholder={full ? `At most ${max} — remove one to add another` : "Add a model…"}
        isSelected={(id) => value.includes(id)}
        blockedReason={(id) => blocked?.(id) ?? (full && !value.includes(id) ? `At most ${max} models.` : null)}
        onPick={toggle}
        closeOnPick={false}
        testId={testId}
      />
      {hint ? <p className="text-xs text-zinc-400">{hint}</p> : null}
    </div>
  );
}
