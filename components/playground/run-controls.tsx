"use client";

// The row under a mode's form: Run (Ctrl/Cmd+Enter), Stop while running, Copy as code, and the
// run's total cost once known.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { CodeTabs } from "@/components/ui/code-tabs";
import { costText } from "@/components/playground/format";
import { codeSamples } from "@/lib/playground/code-samples";
import type { PlaygroundMode } from "@/lib/playground/modes";

export function RunControls({
  mode, running, canRun, blocker, onRun, onStop, body, apiBase, totalUnits, runLabel = "Run",
}: {
  mode: PlaygroundMode;
  running: boolean;
  canRun: boolean;
  /** Why Run is disabled (shown next to it). */
  blocker: string | null;
  onRun: () => void;
  onStop: () => void;
  body: Record<string, unknown>;
  apiBase: string;
  totalUnits: string | null;
  runLabel?: string;
}) {
  const [showCode, setShowCode] = useState(false);
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-2">
        {running ? (
          <Button key="stop" variant="danger" onClick={onStop} data-testid="stop-all">
            <StopGlyph /> Stop all
          </Button>
        ) : (
          <Button key="run" onClick={onRun} disabled={!canRun} data-testid="run">
            <PlayGlyph /> {runLabel}
            <kbd className="ml-1 hidden rounded border border-zinc-950/20 px-1 font-sans text-[10px] font-semibold opacity-70 sm:inline">Ctrl ↵</kbd>
          </Button>
        )}
        <Button variant="secondary" aria-expanded={showCode} onClick={() => setShowCode((s) => !s)}>
          <CodeGlyph /> {showCode ? "Hide code" : "Copy as code"}
        </Button>
        {blocker && !running ? <span className="text-xs text-amber-300">{blocker}</span> : null}
        {totalUnits !== null ? (
          <span className="ml-auto text-sm text-zinc-400">
            Total <span className="font-medium text-zinc-100 tabular-nums" data-testid="run-total">{costText(totalUnits)}</span>
          </span>
        ) : null}
      </div>
      {showCode ? (
        <div className="flex flex-col gap-1.5">
          <p className="text-xs text-zinc-400">
            The same request with your own API key: set <code className="font-mono text-zinc-300">SWITCHYARD_API_KEY</code> to a key from{" "}
            <a href="/dashboard/keys" className="text-brand-300 underline underline-offset-2">API keys</a>.
          </p>
          <CodeTabs samples={codeSamples(mode, body, apiBase)} />
        </div>
      ) : null}
    </div>
  );
}

function PlayGlyph() {
  return <svg viewBox="0 0 20 20" aria-hidden="true" className="size-3.5"><path d="M6 4.5v11l9-5.5-9-5.5Z" fill="currentColor" /></svg>;
}
function StopGlyph() {
  return <svg viewBox="0 0 20 20" aria-hidden="true" className="size-3.5"><rect x="5" y="5" width="10" height="10" rx="1.5" fill="currentColor" /></svg>;
}
function CodeGlyph() {
  return (
    <svg viewBox="0 0 20 20" aria-hidden="true" className="size-4">
      <path d="m7 6-4 4 4 4m6-8 4 4-4 4" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

