"use client";

// One model's answer in a run: its live text, its status, and — once done — TTFT, latency,
// tokens in/out and the exact cost from its done event. A failed model shows its error and
// whether it was refunded.
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Spinner } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Markdown } from "@/components/playground/markdown";
import { costText, msText, tokensText } from "@/components/playground/format";
import type { CallState } from "@/lib/playground/run-state";

export type CallBadges = { fastest?: boolean; cheapest?: boolean; winner?: boolean };

function StatusLine({ call }: { call: CallState }) {
  switch (call.status) {
    case "waiting":
      return <span className="inline-flex items-center gap-1.5 text-xs text-zinc-400"><Spinner className="size-3" /> Waiting</span>;
    case "streaming":
      return (
        <span className="inline-flex items-center gap-1.5 text-xs text-brand-300">
          <span className="size-1.5 animate-pulse rounded-full bg-brand-400" aria-hidden="true" /> Streaming
        </span>
      );
    case "done":
      return <span className="text-xs text-zinc-400">Done</span>;
    case "error":
      return <span className="text-xs text-red-300">Failed</span>;
    case "stopped":
      return <span className="text-xs text-amber-300">Stopped</span>;
  }
}

function Stat({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-[11px] tracking-wide text-zinc-400 uppercase">{label}</dt>
      <dd className="text-sm whitespace-nowrap text-zinc-100 tabular-nums">{children}</dd>
    </div>
  );
}

export function CallCard({
  call, title, subtitle, badges = {}, onStop, className, bodyClassName, testId = "column",
}: {
  call: CallState;
  title: string;
  subtitle?: string;
  badges?: CallBadges;
  onStop?: () => void;
  className?: string;
  bodyClassName?: string;
  testId?: string;
}) {
  const live = call.status === "waiting" || call.status === "streaming";
  const stats = call.latencyMs !== null || call.error !== null;
  return (
    <article
      data-testid={testId}
      data-model={call.model}
      data-status={call.status}
      data-first-token-ms={call.firstTokenMs === null ? undefined : Math.round(call.firstTokenMs)}
      aria-label={title}
      aria-busy={live || undefined}
      className={cn(
        "flex min-w-0 flex-col rounded-xl border bg-surface shadow-sm shadow-black/20",
        badges.winner ? "border-brand-500/60 ring-1 ring-brand-500/30" : "border-line",
        className,
      )}
    >
      <header className="flex items-start gap-2 border-b border-line px-4 py-3">
        <div className="min-w-0 flex-1">
          <h3 className="truncate text-sm font-semibold text-zinc-100" title={call.model}>{title}</h3>
          <div className="mt-0.5 flex flex-wrap items-center gap-x-2 gap-y-1">
            <StatusLine call={call} />
            {subtitle ? <span className="truncate font-mono text-[11px] text-zinc-400">{subtitle}</span> : null}
            {badges.winner ? <Badge tone="brand">Winner</Badge> : null}
            {badges.fastest ? <Badge tone="success">Fastest</Badge> : null}
            {badges.cheapest ? <Badge tone="brand">Cheapest</Badge> : null}
          </div>
        </div>
        <div className="flex shrink-0 items-center">
          {onStop && live ? (
            <button
              type="button"
              onClick={onStop}
              className="inline-flex h-6 items-center rounded-md border border-line-strong px-2 text-xs text-zinc-300 hover:border-zinc-500 hover:text-zinc-100 focus-visible:outline-2 focus-visible:outline-brand-400"
            >
              Stop<span className="sr-only"> {title}</span>
            </button>
          ) : null}
        </div>
      </header>
      {/* A labelled, focusable region: a long answer scrolls inside the card, and keyboard users
          must be able to scroll it too (axe: scrollable-region-focusable). */}
      <div
        role="region"
        aria-label={`${title}: answer`}
        tabIndex={0}
        className={cn("min-h-40 flex-1 overflow-y-auto px-4 py-3 focus-visible:outline-offset-[-2px]", bodyClassName)}
        data-testid="column-text"
      >
        {call.error ? (
          <div role="status" className="rounded-lg border border-red-500/40 bg-red-500/10 px-3 py-2.5 text-sm text-red-200">
            <p className="font-medium">{call.error.status ? `Error ${call.error.status}` : "Error"}</p>
            <p className="mt-1 break-words text-red-200/90">{call.error.message}</p>
            <p className="mt-2 text-xs font-medium text-red-100/80">
              {call.error.refunded ? "Refunded — nothing was charged." : `Charged for what was generated: ${costText(call.chargedUnits)}.`}
            </p>
          </div>
        ) : null}
        {call.text ? <Markdown text={call.text} /> : null}
        {call.status === "waiting" ? (
          <div className="space-y-2 pt-1" aria-hidden="true">
            <div className="h-3 w-11/12 animate-pulse rounded bg-white/[0.06]" />
            <div className="h-3 w-9/12 animate-pulse rounded bg-white/[0.06]" />
            <div className="h-3 w-10/12 animate-pulse rounded bg-white/[0.06]" />
          </div>
        ) : null}
        {call.status === "streaming" ? <span className="ml-0.5 inline-block h-4 w-1.5 animate-pulse bg-brand-400/80 align-text-bottom" aria-hidden="true" /> : null}
        {call.status === "stopped" ? (
          <p className="mt-3 text-xs text-amber-300/90">
            {call.chargedUnits !== null
              ? `Stopped in this view; the model had finished on the server and was billed ${costText(call.chargedUnits)}.`
              : "Stopped. Billed only for the tokens generated before the stop (see the request log)."}
          </p>
        ) : null}
        {call.truncated ? <p className="mt-3 text-xs text-zinc-400">Shortened in history; the request log keeps the full answer.</p> : null}
      </div>
      <dl className={cn("flex flex-wrap justify-between gap-x-4 gap-y-2 border-t border-line px-4 py-2.5", stats ? "" : "opacity-60")} data-testid="column-stats">
        <Stat label="TTFT">{msText(call.ttftMs)}</Stat>
        <Stat label="Latency">{msText(call.latencyMs)}</Stat>
        <Stat label="Tokens">{call.promptTokens === null ? "—" : `${tokensText(call.promptTokens)}/${tokensText(call.completionTokens)}`}</Stat>
        <Stat label="Cost"><span data-testid="column-cost">{costText(call.chargedUnits)}</span></Stat>
      </dl>
    </article>
  );
}
