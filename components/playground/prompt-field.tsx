"use client";

import { useId, type Ref } from "react";

export function PromptField({
  value, onChange, label = "Prompt", placeholder, rows = 3, ref,
}: {
  value: string;
  onChange: (v: string) => void;
  label?: string;
  placeholder?: string;
  rows?: number;
  ref?: Ref<HTMLTextAreaElement>;
}) {
  const id = useId();
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-sm font-medium text-zinc-200">{label}</label>
      <textarea
        id={id}
        ref={ref}
        rows={rows}
        value={value}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
        data-testid="prompt"
        className="w-full resize-y rounded-lg border border-line-strong bg-canvas px-3 py-2.5 text-sm leading-relaxed text-zinc-100 placeholder:text-zinc-500 transition-colors hover:border-zinc-500 focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-brand-400"
      />
    </div>
  );
}
