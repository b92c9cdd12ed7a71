"use client";

// The playground: Chat, Compare, Blend and Judge in tabs (the tab is kept in the URL), each
// calling its orchestration endpoint through the session; a history slide-over reopens runs.
// Every mode stays mounted, so switching tabs keeps its form and its last result.
import { useCallback, useRef, useState, type KeyboardEvent } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { PageHeader } from "@/components/dashboard/page-header";
import { BlendView } from "@/components/playground/blend-view";
import { ChatView } from "@/components/playground/chat-view";
import { CompareView } from "@/components/playground/compare-view";
import { HistoryPanel } from "@/components/playground/history-panel";
import { JudgeView } from "@/components/playground/judge-view";
import { modelName, type LoadedRun } from "@/components/playground/mode-types";
import type { HistoryRun } from "@/lib/playground/history";
import type { ModelOption, PlaygroundDefaults } from "@/lib/playground/model-options";
import { PLAYGROUND_MODES, type PlaygroundMode } from "@/lib/playground/modes";

const LABELS: Record<PlaygroundMode, { label: string; help: string }> = {
  chat: { label: "Chat", help: "One model — or auto — in a conversation." },
  compare: { label: "Compare", help: "The same prompt to 2–9 models, side by side." },
  blend: { label: "Blend", help: "Several answers merged into one by a synthesizer." },
  judge: { label: "Judge", help: "Contestants answer; a judge model scores them." },
};

export function Playground({
  models, defaults, apiBase, initialMode, zeroRetention,
}: {
  models: ModelOption[];
  defaults: PlaygroundDefaults;
  apiBase: string;
  initialMode: PlaygroundMode;
  zeroRetention: boolean;
}) {
  const [mode, setMode] = useState<PlaygroundMode>(initialMode);
  const [historyOpen, setHistoryOpen] = useState(false);
  const [loaded, setLoaded] = useState<{ mode: PlaygroundMode; run: LoadedRun } | null>(null);
  const tabs = useRef<Array<HTMLButtonElement | null>>([]);
  const nonce = useRef(0);

  const select = useCallback((m: PlaygroundMode) => {
    setMode(m);
    const url = new URL(window.location.href);
    url.searchParams.set("mode", m);
    window.history.replaceState(null, "", url);
  }, []);

  function onTabKey(e: KeyboardEvent<HTMLDivElement>) {
    const i = PLAYGROUND_MODES.indexOf(mode);
    const last = PLAYGROUND_MODES.length - 1;
    const next = e.key === "ArrowRight" ? (i === last ? 0 : i + 1) : e.key === "ArrowLeft" ? (i === 0 ? last : i - 1)
      : e.key === "Home" ? 0 : e.key === "End" ? last : null;
    if (next === null) return;
    e.preventDefault();
    select(PLAYGROUND_MODES[next]!);
    tabs.current[next]?.focus();
  }

  const openRun = useCallback((r: HistoryRun, rerun: boolean) => {
    select(r.mode);
    setLoaded({ mode: r.mode, run: { request: r.request, run: { ...r.run, mode: r.mode }, nonce: ++nonce.current, rerun } });
  }, [select]);

  const nameOf = useCallback((id: string) => modelName(models, id), [models]);
  const noModels = !models.some((m) => m.available);
  const props = (m: PlaygroundMode) => ({ models, apiBase, active: mode === m && !historyOpen, loaded: loaded?.mode === m ? loaded.run : null });

  return (
    <>
      <PageHeader
        title="Playground"
        description="Every model and mode of the API, no key needed — billed and logged like API calls."
        actions={<Button variant="secondary" onClick={() => setHistoryOpen(true)} data-testid="history-button"><ClockGlyph /> History</Button>}
      />
      {noModels ? (
        <p role="status" className="mb-6 rounded-lg border border-amber-500/40 bg-amber-500/10 px-3.5 py-2.5 text-sm text-amber-100">
          No model can run on this deployment yet. Add a provider key under <a className="underline" href="/dashboard/providers">Providers</a>.
        </p>
      ) : null}
      <div role="tablist" aria-label="Playground mode" onKeyDown={onTabKey} className="flex gap-1 overflow-x-auto border-b border-line">
        {PLAYGROUND_MODES.map((m, i) => (
          <button
            key={m}
            ref={(el) => {
              tabs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`pg-tab-${m}`}
            aria-selected={mode === m}
            aria-controls={`pg-panel-${m}`}
            tabIndex={mode === m ? 0 : -1}
            onClick={() => select(m)}
            className={cn(
              "-mb-px shrink-0 border-b-2 px-4 pt-1 pb-2.5 text-sm font-medium transition-colors focus-visible:outline-2 focus-visible:outline-offset-[-2px] focus-visible:outline-brand-400",
              mode === m ? "border-brand-400 text-zinc-50" : "border-transparent text-zinc-400 hover:text-zinc-200",
            )}
          >
            {LABELS[m].label}
          </button>
        ))}
      </div>
      <p className="mt-3 mb-6 text-sm text-zinc-400">{LABELS[mode].help}</p>
      {PLAYGROUND_MODES.map((m) => (
        <div key={m} role="tabpanel" id={`pg-panel-${m}`} aria-labelledby={`pg-tab-${m}`} hidden={mode !== m}>
          {m === "chat" ? <ChatView {...props(m)} initialModel={defaults.chat} />
            : m === "compare" ? <CompareView {...props(m)} initialModels={defaults.compare} />
            : m === "blend" ? <BlendView {...props(m)} initial={defaults.blend} />
            : <JudgeView {...props(m)} initial={defaults.judge} />}
        </div>
      ))}
      <HistoryPanel open={historyOpen} onClose={() => setHistoryOpen(false)} onOpenRun={openRun} zeroRetention={zeroRetention} nameOf={nameOf} />
    </>
  );
}

function ClockGlyph() {
  return (
    <svg viewBox="0 0 20 20" aria-hidden="true" className="size-4">
      <circle cx="10" cy="10" r="7" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <path d="M10 6v4l2.5 2" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
    </svg>
  );
}
