"use client";

// Chat: a streaming multi-turn conversation with one model or `auto` (the route event says which
// model auto picked and why). Answers render as safe Markdown.
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Markdown } from "@/components/playground/markdown";
import { costText, msText, tokensText } from "@/components/playground/format";
import { modelName, type ModeProps } from "@/components/playground/mode-types";
import { ModelPicker } from "@/components/playground/model-picker";
import { RunControls } from "@/components/playground/run-controls";
import { RunErrorAlert } from "@/components/playground/run-error";
import { SettingsFields } from "@/components/playground/settings-fields";
import { usePlaygroundRun } from "@/components/playground/use-playground-run";
import { useRunShortcut } from "@/components/playground/use-run-shortcut";
import { chatBody, chatForm, DEFAULT_SETTINGS, type ChatTurn, type GenSettings } from "@/lib/playground/forms";
import type { CallState, RunState } from "@/lib/playground/run-state";

type Entry = { role: "user"; content: string } | { role: "assistant"; content: string; run: RunState };

function replyOf(run: RunState): CallState | null {
  return run.calls["source:0"] ?? null;
}

export function ChatView({ models, apiBase, active, loaded, initialModel }: ModeProps & { initialModel: string }) {
  const [model, setModel] = useState(initialModel);
  const [settings, setSettings] = useState<GenSettings>(DEFAULT_SETTINGS);
  const [entries, setEntries] = useState<Entry[]>([]);
  const [draft, setDraft] = useState("");
  const pg = usePlaygroundRun("chat");
  const bottom = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLTextAreaElement>(null);

  const turns = (list: Entry[]): ChatTurn[] => list.map((e) => ({ role: e.role, content: e.content }));

  async function send(text: string, base: Entry[] = entries, m: string = model, s: GenSettings = settings) {
    if (!text.trim() || !m || pg.running) return;
    const next: Entry[] = [...base, { role: "user", content: text }];
    setEntries(next);
    setDraft("");
    const run = await pg.start(chatBody({ model: m, turns: turns(next), settings: s }));
    const reply = replyOf(run);
    // A run that failed before any answer stays on screen as the pending reply, with its error.
    if (!reply?.text && run.status === "error") return;
    setEntries([...next, { role: "assistant", content: reply?.text ?? "", run }]);
    pg.reset();
  }

  useEffect(() => {
    if (!loaded) return;
    const f = chatForm(loaded.request);
    setModel(f.model || initialModel);
    setSettings(f.settings);
    const restored: Entry[] = f.turns.map((t) => (t.role === "user" ? { role: "user", content: t.content } : { role: "assistant", content: t.content, run: loaded.run }));
    if (loaded.rerun) {
      const last = restored.at(-1);
      if (last?.role === "user") void send(last.content, restored.slice(0, -1), f.model || initialModel, f.settings);
      return;
    }
    const reply = replyOf(loaded.run);
    setEntries(reply ? [...restored, { role: "assistant", content: reply.text, run: loaded.run }] : restored);
    // Only a new load (its nonce) resets the form.
  }, [loaded?.nonce]);

  useEffect(() => {
    bottom.current?.scrollIntoView({ block: "nearest" });
  }, [entries.length, pg.run]);

  useRunShortcut(active, () => void send(draft));

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === "Enter" && !e.shiftKey && !e.ctrlKey && !e.metaKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void send(draft);
    }
  }

  const pending = pg.running || pg.run.status === "error" ? pg.run : null;
  const body = chatBody({ model, turns: turns([...entries, ...(draft.trim() ? [{ role: "user" as const, content: draft }] : [])]), settings });
  return (
    <div className="flex flex-col gap-4">
      <Card className="flex flex-col gap-4 p-4 sm:p-5">
        <div className="grid gap-4 sm:grid-cols-[1fr_auto] sm:items-end">
          <ModelPicker label="Model" models={models} value={model} onChange={setModel} allowAuto testId="chat-model" />
          <Button variant="ghost" onClick={() => { setEntries([]); pg.reset(); input.current?.focus(); }} disabled={pg.running || entries.length === 0}>
            New chat
          </Button>
        </div>
        <SettingsFields value={settings} onChange={setSettings} />
      </Card>

      <Card className="flex min-h-[22rem] flex-col">
        <div className="flex-1 space-y-5 overflow-y-auto px-4 py-5 sm:px-6" aria-live="polite" data-testid="chat-log">
          {entries.length === 0 && !pending ? (
            <EmptyState title="Start a conversation" icon={<ChatGlyph />}>
              Pick a model — or <span className="font-mono text-zinc-300">auto</span> to let the gateway choose per message — and say hello.
            </EmptyState>
          ) : null}
          {entries.map((e, i) => (e.role === "user" ? <UserBubble key={i} text={e.content} /> : <AssistantBubble key={i} text={e.content} run={e.run} models={models} />))}
          {pending ? <AssistantBubble text={replyOf(pending)?.text ?? ""} run={pending} models={models} live /> : null}
          <div ref={bottom} />
        </div>
        <div className="border-t border-line p-3 sm:p-4">
          <label htmlFor="chat-input" className="sr-only">Message</label>
          <textarea
            id="chat-input"
            ref={input}
            rows={2}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={onKeyDown}
            placeholder="Message… (Enter to send, Shift+Enter for a new line)"
            data-testid="prompt"
            className="w-full resize-y rounded-lg border border-line-strong bg-canvas px-3 py-2.5 text-sm text-zinc-100 placeholder:text-zinc-500 focus-visible:outline-2 focus-visible:outline-brand-400"
          />
          <div className="mt-3">
            <RunControls
              mode="chat" running={pg.running} canRun={Boolean(draft.trim() && model)} blocker={model ? null : "Pick a model."}
              onRun={() => void send(draft)} onStop={pg.stopAll} body={body} apiBase={apiBase} totalUnits={null} runLabel="Send"
            />
          </div>
        </div>
      </Card>
    </div>
  );
}

function UserBubble({ text }: { text: string }) {
  return (
    <div className="flex justify-end">
      <div className="max-w-[85%] rounded-2xl rounded-br-md bg-brand-500/15 px-4 py-2.5 text-sm whitespace-pre-wrap text-zinc-100 ring-1 ring-brand-500/25">{text}</div>
    </div>
  );
}

function AssistantBubble({ text, run, models, live = false }: { text: string; run: RunState; models: ModeProps["models"]; live?: boolean }) {
  const call = replyOf(run);
  const picked = run.route?.strategy === "auto";
  return (
    <div className="flex flex-col gap-1.5" data-testid="assistant-message">
      {run.route ? (
        <p className="text-xs text-zinc-400" data-testid="route-info">
          {picked ? (
            <>
              <span className="font-mono text-brand-300">auto</span> → <span className="text-zinc-300">{modelName(models, run.route.model ?? "")}</span>
              {run.route.reason ? <> — {run.route.reason}</> : null}
            </>
          ) : (
            <span className="text-zinc-400">{modelName(models, call?.resolvedModel ?? run.route.model ?? "")}</span>
          )}
        </p>
      ) : null}
      <div className="max-w-full rounded-2xl rounded-bl-md border border-line bg-surface-raised/60 px-4 py-3">
        {text ? <Markdown text={text} /> : live && !run.error ? <span className="text-sm text-zinc-400">Thinking…</span> : null}
        {live && call?.status === "streaming" ? <span className="ml-0.5 inline-block h-4 w-1.5 animate-pulse bg-brand-400/80 align-text-bottom" aria-hidden="true" /> : null}
        {call?.error ? <p className="mt-2 text-sm text-red-300">{call.error.message} {call.error.refunded ? "(refunded)" : ""}</p> : null}
        {run.error ? <div className="mt-2"><RunErrorAlert error={run.error} /></div> : null}
      </div>
      {call && call.latencyMs !== null ? (
        <p className="text-[11px] text-zinc-400 tabular-nums">
          TTFT {msText(call.ttftMs)} · {msText(call.latencyMs)} · {tokensText(call.promptTokens)} in / {tokensText(call.completionTokens)} out · {costText(call.chargedUnits)}
        </p>
      ) : null}
    </div>
  );
}

function ChatGlyph() {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true" className="size-5">
      <path d="M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.5 4v-4h0A2.5 2.5 0 0 1 4 13.5v-8Z" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" />
    </svg>
  );
}
