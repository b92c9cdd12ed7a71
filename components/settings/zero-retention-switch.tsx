"use client";

import { useState, useTransition } from "react";
import { setZeroRetentionAction } from "@/app/dashboard/settings/actions";
import { Alert } from "@/components/ui/alert";
import { cn } from "@/components/ui/cn";

export function ZeroRetentionSwitch({ initial }: { initial: boolean }) {
  const [on, setOn] = useState(initial);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();
  return (
    <div className="flex flex-col gap-3">
      <div className="flex items-center justify-between gap-4">
        <span id="zr-label" className="text-sm text-zinc-200">Zero retention</span>
        <button
          type="button"
          role="switch"
          aria-checked={on}
          aria-labelledby="zr-label"
          disabled={pending}
          onClick={() => start(async () => {
            const r = await setZeroRetentionAction(!on);
            if (r.ok) setOn(!on);
            setMsg({ ok: r.ok, text: r.message });
          })}
          className={cn(
            "relative inline-flex h-6 w-11 shrink-0 items-center rounded-full transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-400 disabled:opacity-60",
            on ? "bg-brand-500" : "bg-zinc-700",
          )}
        >
          <span className={cn("inline-block size-5 rounded-full bg-white shadow transition-transform", on ? "translate-x-5" : "translate-x-0.5")} />
        </button>
      </div>
      {msg ? <Alert tone={msg.ok ? "info" : "danger"}>{msg.text}</Alert> : null}
    </div>
  );
}
