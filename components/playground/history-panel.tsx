"use client";

// The account's last 50 runs in a slide-over: reopen one (its form and result) or run it again;
// each links to its request log (multi-model runs: the parent row, whose page lists the calls).
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { Button, Spinner } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { relativeTime } from "@/components/playground/format";
import { fetchDashboard } from "@/lib/queries/fetch-dashboard";
import type { HistoryItem, HistoryRun } from "@/lib/playground/history";
import { playgroundKeys } from "@/lib/playground/query-keys";

const MODE_LABEL = { chat: "Chat", compare: "Compare", blend: "Blend", judge: "Judge" } as const;

export function HistoryPanel({
  open, onClose, onOpenRun, zeroRetention, nameOf,
}: {
  open: boolean;
  onClose: () => void;
  onOpenRun: (run: HistoryRun, rerun: boolean) => void;
  zeroRetention: boolean;
  nameOf: (id: string) => string;
}) {
  const history = useQuery({
    queryKey: playgroundKeys.history,
    queryFn: ({ signal }) => fetchDashboard<{ data: HistoryItem[] }>("/api/dashboard/playground/history", signal),
  });
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const closeButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    closeButton.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open, onClose]);

  async function openRun(item: HistoryItem, rerun: boolean) {
    setBusy(item.id);
    setError(null);
    try {
      onOpenRun(await fetchDashboard<HistoryRun>(`/api/dashboard/playground/history/${encodeURIComponent(item.id)}`), rerun);
      onClose();
    } catch (err) {
      setError(err instanceof Error ? err.message : "This run could not be opened.");
    } finally {
      setBusy(null);
    }
  }

  if (!open) return null;
  const items = history.data?.data ?? [];
  return (
    <div className="fixed inset-0 z-40 flex justify-end">
      <button type="button" aria-label="Close history" tabIndex={-1} onClick={onClose} className="absolute inset-0 bg-black/50" />
      <aside role="dialog" aria-modal="true" aria-labelledby="history-title" className="relative flex h-full w-full max-w-md flex-col border-l border-line bg-surface shadow-2xl">
        <div className="flex items-center justify-between border-b border-line px-5 py-4">
          <div>
            <h2 id="history-title" className="text-base font-semibold text-zinc-100">History</h2>
            <p className="text-xs text-zinc-400">Your last 50 runs. Reopen one, or run it again.</p>
          </div>
          <button ref={closeButton} type="button" onClick={onClose} className="inline-flex size-8 items-center justify-center rounded-lg text-zinc-400 hover:bg-white/5 hover:text-zinc-100 focus-visible:outline-2 focus-visible:outline-brand-400">
            <span aria-hidden="true">×</span>
            <span className="sr-only">Close</span>
          </button>
        </div>
        {zeroRetention ? (
          <p className="border-b border-line bg-amber-500/10 px-5 py-2.5 text-xs text-amber-200">
            Zero retention is on: new runs are not kept. Change it under <Link href="/dashboard/settings" className="underline">Settings</Link>.
          </p>
        ) : null}
        {error ? <p role="alert" className="border-b border-line bg-red-500/10 px-5 py-2.5 text-xs text-red-200">{error}</p> : null}
        <div className="flex-1 overflow-y-auto">
          {history.isPending ? (
            <div className="flex items-center gap-2 px-5 py-6 text-sm text-zinc-400"><Spinner /> Loading…</div>
          ) : history.isError ? (
            <p className="px-5 py-6 text-sm text-red-300">{history.error.message}</p>
          ) : items.length === 0 ? (
            <EmptyState title="No runs yet">Runs you make in the playground appear here.</EmptyState>
          ) : (
            <ul className="divide-y divide-line" data-testid="history-list">
              {items.map((item) => (
                <li key={item.id} className="px-5 py-3">
                  <div className="flex items-center gap-2">
                    <Badge tone="neutral">{MODE_LABEL[item.mode]}</Badge>
                    <span className="ml-auto text-xs text-zinc-400">{relativeTime(item.createdAt)}</span>
                  </div>
                  <p className="mt-1.5 line-clamp-2 text-sm text-zinc-100">{item.title || "(no prompt)"}</p>
                  <p className="mt-0.5 truncate text-xs text-zinc-400">{item.models.map(nameOf).join(" · ")}</p>
                  <div className="mt-2 flex flex-wrap items-center gap-2">
                    <Button size="sm" variant="secondary" pending={busy === item.id} onClick={() => void openRun(item, false)}>Open</Button>
                    <Button size="sm" variant="ghost" disabled={busy !== null} onClick={() => void openRun(item, true)}>Re-run</Button>
                    {item.requestId ? (
                      <Link href={`/dashboard/logs/${item.requestId}`} className="ml-auto text-xs text-zinc-400 underline underline-offset-2 hover:text-zinc-200">
                        Request log
                      </Link>
                    ) : null}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </div>
      </aside>
    </div>
  );
}
