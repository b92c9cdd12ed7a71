"use client";

// A searchable combobox over the catalog (ARIA 1.2 combobox + listbox): type to filter by name,
// id or provider; arrows move, Enter picks, Escape closes. Each option shows its provider,
// price per million tokens in/out, context window and capabilities; models this deployment
// cannot serve are listed disabled with the reason (e.g. where to add a provider key).
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { contextText, priceText } from "@/components/playground/format";
import type { ModelOption } from "@/lib/playground/model-options";

export type ComboboxProps = {
  models: ModelOption[];
  onPick: (id: string) => void;
  isSelected: (id: string) => boolean;
  /** Why an otherwise available model cannot be picked here (null = it can). */
  blockedReason?: (id: string) => string | null;
  label: string;
  /** Text shown in the field while closed (the current choice). */
  display?: string;
  placeholder?: string;
  /** Extra options before the catalog (e.g. `auto`). */
  extra?: ModelOption[];
  closeOnPick?: boolean;
  testId?: string;
};

function matches(m: ModelOption, terms: string[]): boolean {
  const hay = `${m.id} ${m.name} ${m.providerName}`.toLowerCase();
  return terms.every((t) => hay.includes(t));
}

export function ModelCombobox({
  models, onPick, isSelected, blockedReason, label, display = "", placeholder = "Search models…", extra = [], closeOnPick = true, testId,
}: ComboboxProps) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const root = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLUListElement>(null);

  const options = useMemo(() => {
    const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
    return [...extra, ...models].filter((m) => matches(m, terms)).slice(0, 200);
  }, [models, extra, query]);

  const reasonOf = (m: ModelOption): string | null => (!m.available ? m.reason ?? "Not available here." : blockedReason?.(m.id) ?? null);
  const enabled = (i: number) => options[i] !== undefined && reasonOf(options[i]!) === null;

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", onDown);
    return () => document.removeEventListener("mousedown", onDown);
  }, [open]);

  useEffect(() => {
    list.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView({ block: "nearest" });
  }, [active]);

  function move(step: number) {
    for (let n = 1; n <= options.length; n++) {
      const i = (active + step * n + options.length * n) % options.length;
      if (enabled(i)) return setActive(i);
    }
  }

  function pick(i: number) {
    const m = options[i];
    if (!m || !enabled(i)) return;
    onPick(m.id);
    setQuery("");
    if (closeOnPick) setOpen(false);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (!open) setOpen(true);
      move(e.key === "ArrowDown" ? 1 : -1);
    } else if (e.key === "Enter" && open && !(e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      pick(active);
    } else if (e.key === "Escape" && open) {
      e.preventDefault();
      setOpen(false);
      setQuery("");
    } else if (e.key === "Tab") {
      setOpen(false);
    }
  }

  const listId = `${id}-list`;
  return (
    <div ref={root} className="relative">
      <label htmlFor={`${id}-input`} className="sr-only">{label}</label>
      <div className="relative">
        <SearchGlyph />
        <input
          id={`${id}-input`}
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open && options[active] ? `${id}-opt-${active}` : undefined}
          data-testid={testId}
          autoComplete="off"
          spellCheck={false}
          value={open ? query : display}
          placeholder={open || !display ? placeholder : undefined}
          onChange={(e) => {
            setQuery(e.target.value);
            setOpen(true);
            setActive(0);
          }}
          onFocus={() => {
            setOpen(true);
            const first = options.findIndex((_, i) => enabled(i));
            setActive(first < 0 ? 0 : first);
          }}
          onClick={() => setOpen(true)}
          onKeyDown={onKeyDown}
          className={cn(
            "h-10 w-full rounded-lg border border-line-strong bg-canvas pr-8 pl-9 text-sm text-zinc-100 placeholder:text-zinc-500",
            "transition-colors hover:border-zinc-500 focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-brand-400",
          )}
        />
        <svg viewBox="0 0 20 20" aria-hidden="true" className="pointer-events-none absolute top-1/2 right-2.5 size-4 -translate-y-1/2 text-zinc-400">
          <path d="m6 8 4 4 4-4" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      </div>
      {open ? (
        <ul
          ref={list}
          id={listId}
          role="listbox"
          aria-label={label}
          className="absolute z-30 mt-1 max-h-80 w-full min-w-0 overflow-y-auto rounded-lg border border-line-strong bg-surface-raised p-1 shadow-xl shadow-black/40 sm:min-w-[26rem]"
        >
          {options.length === 0 ? <li className="px-3 py-6 text-center text-sm text-zinc-400">No model matches “{query}”.</li> : null}
          {options.map((m, i) => {
            const reason = reasonOf(m);
            return (
              <li
                key={m.id}
                id={`${id}-opt-${i}`}
                data-index={i}
                role="option"
                aria-selected={isSelected(m.id)}
                aria-disabled={reason !== null || undefined}
                data-model={m.id}
                onMouseDown={(e) => e.preventDefault()}
                onMouseEnter={() => reason === null && setActive(i)}
                onClick={() => pick(i)}
                className={cn(
                  "rounded-md px-3 py-2",
                  reason !== null ? "cursor-not-allowed opacity-60" : "cursor-pointer",
                  i === active && reason === null ? "bg-white/[0.07]" : "",
                )}
              >
                <OptionBody m={m} selected={isSelected(m.id)} reason={reason} />
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}

function OptionBody({ m, selected, reason }: { m: ModelOption; selected: boolean; reason: string | null }) {
  const meta: ReactNode[] = [<span key="p">{m.providerName}</span>];
  if (m.inputPerM !== null) meta.push(<span key="$">{priceText(m.inputPerM)} / {priceText(m.outputPerM)} per 1M</span>);
  if (m.contextWindow > 0) meta.push(<span key="c">{contextText(m.contextWindow)} context</span>);
  return (
    <div className="min-w-0">
      <div className="flex items-center gap-2">
        <span className={cn("size-3.5 shrink-0", selected ? "text-brand-400" : "text-transparent")} aria-hidden="true">
          <svg viewBox="0 0 20 20" fill="none"><path d="m4.5 10.5 3.5 3.5 7.5-8" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" /></svg>
        </span>
        <span className="truncate text-sm font-medium text-zinc-100">{m.name}</span>
        <span className="ml-auto hidden shrink-0 font-mono text-[11px] text-zinc-400 sm:inline">{m.id}</span>
      </div>
      <div className="mt-0.5 flex flex-wrap items-center gap-x-2 gap-y-1 pl-5.5 text-xs text-zinc-400">
        {meta.map((x, i) => (
          <span key={i} className="flex items-center gap-2">
            {i > 0 ? <span aria-hidden="true" className="text-zinc-600">·</span> : null}
            {x}
          </span>
        ))}
        {m.capabilities.map((c) => (
          <span key={c} className="rounded bg-white/[0.06] px-1.5 py-px text-[10.5px] text-zinc-300">{c}</span>
        ))}
      </div>
      {reason ? <p className="mt-1 line-clamp-2 pl-5.5 text-xs text-amber-300/90" title={reason}>{reason}</p> : null}
    </div>
  );
}

function SearchGlyph() {
  return (
    <svg viewBox="0 0 20 20" aria-hidden="true" className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-zinc-400">
      <circle cx="9" cy="9" r="5.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <path d="m13.5 13.5 3 3" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
    </svg>
  );
}
