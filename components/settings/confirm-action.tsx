"use client";

// A destructive action guarded by typing a confirmation word (or the account email).
import { useId, useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/app/dashboard/settings/actions";

export function ConfirmAction({
  buttonLabel, confirmLabel, expected, inputLabel, action, onDone,
}: {
  buttonLabel: string; confirmLabel: string; expected: string; inputLabel: string;
  action: (typed: string) => Promise<ActionResult>; onDone?: (r: ActionResult) => void;
}) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const [result, setResult] = useState<ActionResult | null>(null);
  const [pending, start] = useTransition();
  if (!open) {
    return (
      <div className="flex flex-col items-start gap-3">
        <Button variant="danger" size="sm" onClick={() => { setOpen(true); setResult(null); }}>{buttonLabel}</Button>
        {result ? <Alert tone={result.ok ? "info" : "danger"}>{result.message}</Alert> : null}
      </div>
    );
  }
  return (
    <form
      className="flex flex-col gap-3"
      onKeyDown={(e) => { if (e.key === "Escape" && !pending) setOpen(false); }}
      onSubmit={(e) => {
        e.preventDefault();
        start(async () => {
          const r = await action(typed);
          setResult(r);
          if (r.ok) { setOpen(false); setTyped(""); }
          onDone?.(r);
        });
      }}
    >
      <label htmlFor={id} className="text-sm text-zinc-300">{inputLabel}</label>
      <input id={id} autoFocus value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false}
        className="h-9 w-full max-w-sm rounded-lg border border-line-strong bg-canvas px-3 text-sm text-zinc-100 focus-visible:outline-2 focus-visible:outline-red-400" />
      <div className="flex gap-2">
        <Button type="submit" variant="danger" size="sm" pending={pending} disabled={typed.trim().toLowerCase() !== expected.toLowerCase()}>{confirmLabel}</Button>
        <Button type="button" variant="ghost" size="sm" disabled={pending} onClick={() => setOpen(false)}>Cancel</Button>
      </div>
      {result && !result.ok ? <Alert>{result.message}</Alert> : null}
    </form>
  );
}
