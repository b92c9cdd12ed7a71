"use client";

import { startTransition, useActionState, useEffect, useRef, useState, type FormEvent } from "react";
import { createKeyAction, type CreateKeyState } from "@/app/dashboard/keys/actions";
import type { ModelOption } from "@/lib/api-keys/key-rows";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { KeySettingsFields } from "@/components/dashboard/keys/key-settings-fields";
import { NewKeyPanel } from "@/components/dashboard/keys/new-key-panel";
import type { FirstCallSetup } from "@/components/dashboard/keys/first-call-snippet";

const MAX_NAME = 64;
const initial: CreateKeyState = { status: "idle" };

/** A name is enough; "Limits and settings" opens every other setting of the new key. */
export function CreateKeyForm({ models, firstCall = null }: { models: ModelOption[]; firstCall?: FirstCallSetup | null }) {
  const [state, formAction, pending] = useActionState(createKeyAction, initial);
  const [name, setName] = useState("");
  const [showSettings, setShowSettings] = useState(false);
  const [localError, setLocalError] = useState<string | null>(null);
  const [dismissedNonce, setDismissedNonce] = useState<number | null>(null);
  const [seen, setSeen] = useState(state);
  const input = useRef<HTMLInputElement>(null);
  const form = useRef<HTMLFormElement>(null);

  // A successful create clears the form; a failed one keeps what was typed.
  if (state !== seen) {
    setSeen(state);
    if (state.status === "created") {
      setName("");
      setShowSettings(false);
    }
  }

  const serverError = state.status === "error" ? { field: state.field, message: state.message } : null;
  const fieldError = localError ?? (serverError?.field === "name" ? serverError.message : null);
  const settingsError = serverError && serverError.field !== "name" && showSettings && serverError.field ? serverError : null;
  const formError = serverError && serverError.field !== "name" && !settingsError ? serverError.message : null;

  useEffect(() => {
    if (state.status === "error" && state.field === "name") input.current?.focus();
    else if (state.status === "error" && state.field) document.getElementById(`new-key-${state.field}`)?.focus();
    if (state.status === "created") form.current?.reset();
  }, [state]);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const trimmed = name.trim();
    const problem = !trimmed ? "Give the key a name." : trimmed.length > MAX_NAME ? `Key names are at most ${MAX_NAME} characters.` : null;
    setLocalError(problem);
    if (problem) {
      input.current?.focus();
      return;
    }
    const data = new FormData(e.currentTarget);
    // Calling the action ourselves (instead of <form action>) keeps React from resetting the
    // fields, so a rejected value stays editable.
    startTransition(() => formAction(data));
  }

  const showPanel = state.status === "created" && dismissedNonce !== state.nonce;

  return (
    <div className="flex flex-col gap-5">
      {showPanel ? (
        <NewKeyPanel name={state.name} apiKey={state.key} allowedModels={state.allowedModels} firstCall={firstCall}
          onDismiss={() => setDismissedNonce(state.nonce)} />
      ) : null}
      <form ref={form} onSubmit={onSubmit} noValidate className="flex flex-col gap-5" aria-label="Create a key">
        <div className="flex flex-col gap-3 sm:flex-row sm:items-start">
          <Input
            ref={input}
            id="key-name"
            name="name"
            label="Key name"
            placeholder="e.g. production-backend"
            autoComplete="off"
            required
            maxLength={MAX_NAME}
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              if (localError) setLocalError(null);
            }}
            error={fieldError}
            hint={fieldError ? undefined : "A label to tell your keys apart, up to 64 characters."}
            className="flex-1"
          />
          <Button type="submit" pending={pending} className="sm:mt-[26px]">
            Create key
          </Button>
        </div>
        <div>
          <Button variant="ghost" size="sm" aria-expanded={showSettings} aria-controls="new-key-settings"
            onClick={() => setShowSettings((s) => !s)} className="-ml-3">
            <span aria-hidden="true" className={showSettings ? "rotate-90 transition-transform" : "transition-transform"}>›</span>
            Limits and settings
          </Button>
          {!showSettings ? (
            <p className="text-xs text-zinc-400">Rate limits, budgets, allowed models, expiry, test mode, key management.</p>
          ) : null}
        </div>
        {showSettings ? (
          <div id="new-key-settings" className="rounded-lg border border-line p-4 sm:p-5">
            <KeySettingsFields prefix="new-key" kind="create" initial={null} models={models} error={settingsError} />
          </div>
        ) : null}
      </form>
      {formError ? <Alert>{formError}</Alert> : null}
    </div>
  );
}
