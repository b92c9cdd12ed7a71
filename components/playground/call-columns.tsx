"use client";

// Calls side by side: a grid on wider screens; on a phone, swipeable tabs — the columns sit in
// a horizontally snapping track (the page itself never scrolls sideways) with a tab per model.
import { useEffect, useRef, useState } from "react";
import { cn } from "@/components/ui/cn";
import { CallCard, type CallBadges } from "@/components/playground/call-card";
import type { CallState } from "@/lib/playground/run-state";

export function CallColumns({
  calls, titleOf, badgesOf = () => ({}), onStop, label,
}: {
  calls: CallState[];
  titleOf: (c: CallState) => string;
  badgesOf?: (c: CallState) => CallBadges;
  onStop?: (key: string) => void;
  label: string;
}) {
  const track = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const count = calls.length;

  useEffect(() => {
    if (active >= count) setActive(0);
  }, [active, count]);

  function show(i: number) {
    const el = track.current;
    const card = el?.children[i] as HTMLElement | undefined;
    if (!el || !card) return;
    el.scrollTo({ left: card.offsetLeft - el.offsetLeft, behavior: "smooth" });
    setActive(i);
  }

  function onScroll() {
    const el = track.current;
    if (!el || el.scrollWidth <= el.clientWidth) return;
    const i = Math.round(el.scrollLeft / el.clientWidth);
    if (i !== active && i >= 0 && i < count) setActive(i);
  }

  const grid = count === 2 || count === 4 ? "sm:grid-cols-2" : "sm:grid-cols-2 lg:grid-cols-3";
  return (
    <div className="flex min-w-0 flex-col gap-2">
      <div role="tablist" aria-label={label} className="-mx-1 flex gap-1 overflow-x-auto px-1 pb-1 sm:hidden">
        {calls.map((c, i) => (
          <button
            key={c.key}
            type="button"
            role="tab"
            aria-selected={i === active}
            aria-controls={`col-${c.key}`}
            onClick={() => show(i)}
            className={cn(
              "flex shrink-0 items-center gap-1.5 rounded-full border px-3 py-1 text-xs font-medium transition-colors",
              i === active ? "border-brand-500/60 bg-brand-500/15 text-brand-200" : "border-line text-zinc-400",
            )}
          >
            <span
              aria-hidden="true"
              className={cn("size-1.5 rounded-full", c.status === "streaming" ? "animate-pulse bg-brand-400" : c.status === "error" ? "bg-red-400" : c.status === "done" ? "bg-zinc-400" : "bg-zinc-600")}
            />
            {titleOf(c)}
          </button>
        ))}
      </div>
      <div
        ref={track}
        onScroll={onScroll}
        role="region"
        aria-label={`${label}: answers`}
        tabIndex={0}
        className={cn("flex snap-x snap-mandatory gap-3 overflow-x-auto [scrollbar-width:none] sm:grid sm:overflow-visible", grid)}
      >
        {calls.map((c) => (
          <div key={c.key} id={`col-${c.key}`} className="w-full shrink-0 snap-start sm:w-auto">
            <CallCard
              call={c}
              title={titleOf(c)}
              subtitle={c.resolvedModel && c.resolvedModel !== c.model ? `→ ${c.resolvedModel}` : c.model}
              badges={badgesOf(c)}
              onStop={onStop ? () => onStop(c.key) : undefined}
              className="h-full"
              bodyClassName="sm:max-h-[26rem]"
            />
          </div>
        ))}
      </div>
    </div>
  );
}
