"use client";

// The account's alerts with a dismiss button each (hidden at once; the server action records
// the dismissal for the alert's window). `compact` is the overview's strip.
import Link from "next/link";
import { useState, useTransition } from "react";
import { dismissAlertAction } from "@/app/dashboard/optimization/actions";
import { cn } from "@/components/ui/cn";
import { AlertIcon, CloseIcon } from "@/components/ui/icons";

export type AlertItem = {
  key: string;
  severity: "warning" | "danger";
  title: string;
  detail: string;
  /** ISO start of the window the alert fired in. */
  windowStart: string;
};

const tones = {
  warning: "border-amber-500/40 bg-amber-500/10 text-amber-100",
  danger: "border-red-500/40 bg-red-500/10 text-red-100",
};

export function AlertList({ alerts, compact = false }: { alerts: AlertItem[]; compact?: boolean }) {
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [, start] = useTransition();
  const id = (a: AlertItem) => `${a.key}@${a.windowStart}`;
  const shown = alerts.filter((a) => !hidden.has(id(a)));
  if (shown.length === 0 && !error) return null;

  const dismiss = (a: AlertItem) => {
    setHidden((h) => new Set(h).add(id(a)));
    start(async () => {
      const r = await dismissAlertAction({ key: a.key, windowStart: a.windowStart });
      if (!r.ok) {
        setError(r.message);
        setHidden((h) => {
          const next = new Set(h);
          next.delete(id(a));
          return next;
        });
      }
    });
  };

  return (
    <div className={cn("flex flex-col", compact ? "gap-2" : "gap-3")} data-testid="alerts">
      {shown.map((a) => (
        <div key={id(a)} role={a.severity === "danger" ? "alert" : "status"} data-alert={a.key}
          className={cn("flex items-start gap-3 rounded-lg border", compact ? "px-3 py-2" : "px-4 py-3", tones[a.severity])}>
          <AlertIcon className="mt-0.5 size-4 shrink-0" />
          <div className="min-w-0 flex-1">
            <p className="text-sm font-medium">{a.title}</p>
            <p className={cn("text-sm opacity-90", compact && "sm:truncate")}>{a.detail}</p>
          </div>
          {compact ? (
            <Link href="/dashboard/optimization" className="shrink-0 self-center text-sm font-medium underline-offset-4 hover:underline">
              Details
            </Link>
          ) : null}
          <button type="button" onClick={() => dismiss(a)} aria-label={`Dismiss: ${a.title}`}
            className="-m-1 inline-flex size-7 shrink-0 items-center justify-center rounded-md opacity-80 hover:bg-white/10 hover:opacity-100">
            <CloseIcon className="size-4" />
          </button>
        </div>
      ))}
      {error ? <p role="alert" className="text-sm text-red-300">{error}</p> : null}
    </div>
  );
}
