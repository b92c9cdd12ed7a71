"use client";

import { startTransition, useActionState, useState, type FormEvent } from "react";
import { saveProviderKeyAction, type ProviderKeyState } from "@/app/dashboard/providers/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

const initial: ProviderKeyState = { status: "idle" };

export function AddProviderKeyForm({ providers }: { providers: Array<{ id: string; name: string }> }) {
  const [state, formAction, pending] = useActionState(saveProviderKeyAction, initial);
  const [key, setKey] = useState("");
  const [seen, setSeen] = useState(state);
  if (state !== seen) {
    setSeen(state);
    if (state.status === "saved") setKey("");
  }

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    startTransition(() => formAction(data));
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <div className="grid gap-4 sm:grid-cols-[minmax(0,14rem)_minmax(0,1fr)_auto] sm:items-end">
        <div className="flex min-w-0 flex-col gap-1.5">
          <label htmlFor="byok-provider" className="text-sm font-medium text-zinc-200">Provider</label>
          <select id="byok-provider" name="provider" className="h-10 rounded-lg border border-line-strong bg-canvas px-3 text-sm text-zinc-100 focus-visible:outline-2 focus-visible:outline-brand-400">
            {providers.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
          </select>
        </div>
        <Input id="byok-key" name="key" type="password" label="API key" autoComplete="off" spellCheck={false}
          placeholder="Paste the provider's API key" value={key} onChange={(e) => setKey(e.target.value)} />
        <Button type="submit" pending={pending} disabled={!key.trim()}>{pending ? "Checking with the provider…" : "Save key"}</Button>
      </div>
      <p className="text-xs text-zinc-400">The key is checked with the provider before it is saved; a key the provider refuses is not stored.</p>
      {state.status === "error" ? <Alert>{state.message}</Alert> : null}
      {state.status === "saved" ? <Alert tone={state.verified ? "info" : "warning"}>{state.message}</Alert> : null}
    </form>
  );
}
