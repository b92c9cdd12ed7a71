"use client";

import { useId, useRef, useState, type KeyboardEvent } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { CodePre } from "@/components/ui/code-block";
import { cn } from "@/components/ui/cn";

export type CodeSample = { id: string; label: string; code: string };

/** Several code samples (curl / Python / TypeScript) behind an ARIA tab list. */
export function CodeTabs({ samples, className }: { samples: CodeSample[]; className?: string }) {
  const [active, setActive] = useState(0);
  const baseId = useId();
  const tabs = useRef<Array<HTMLButtonElement | null>>([]);
  const current = samples[active] ?? samples[0];

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const last = samples.length - 1;
    let next: number | null = null;
    if (e.key === "ArrowRight") next = active === last ? 0 : active + 1;
    if (e.key === "ArrowLeft") next = active === 0 ? last : active - 1;
    if (e.key === "Home") next = 0;
    if (e.key === "End") next = last;
    if (next === null) return;
    e.preventDefault();
    setActive(next);
    tabs.current[next]?.focus();
  }

  if (!current) return null;
  return (
    <div className={cn("overflow-hidden rounded-xl border border-line bg-zinc-950", className)}>
      <div className="flex items-center justify-between gap-2 border-b border-line bg-white/[0.02] pr-2">
        {/* On a phone the tabs scroll inside their bar rather than push the copy button out of the box. */}
        <div role="tablist" aria-label="Code language" className="flex min-w-0 overflow-x-auto" onKeyDown={onKeyDown}>
          {samples.map((s, i) => (
            <button
              key={s.id}
              ref={(el) => {
                tabs.current[i] = el;
              }}
              type="button"
              role="tab"
              id={`${baseId}-tab-${s.id}`}
              aria-selected={i === active}
              aria-controls={`${baseId}-panel`}
              tabIndex={i === active ? 0 : -1}
              onClick={() => setActive(i)}
              className={cn(
                "-mb-px h-10 shrink-0 border-b-2 px-3 text-xs font-medium transition-colors sm:px-4",
                "focus-visible:outline-2 focus-visible:outline-offset-[-2px] focus-visible:outline-brand-400",
                i === active ? "border-brand-400 text-zinc-100" : "border-transparent text-zinc-400 hover:text-zinc-200",
              )}
            >
              {s.label}
            </button>
          ))}
        </div>
        <CopyButton text={current.code} className="shrink-0" />
      </div>
      <div role="tabpanel" id={`${baseId}-panel`} aria-labelledby={`${baseId}-tab-${current.id}`}>
        <CodePre code={current.code} />
      </div>
    </div>
  );
}
