"use client";

import { startTransition, useActionState, useEffect, useRef, useState, type FormEvent } from "react";
import { createKeyAction, type CreateKeyState } from "@/app/dashboard/keys/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { NewKeyPanel } from "@/components/dashboard/keys/new-key-panel";

const MAX_NAME = 64;
const initial: CreateKeyState = { status: "idle" };

export function CreateKeyForm() {
  const [state, formAction, pending] = useActionState(createKeyAction, initial);
  const [name, setName] = useState("");
  const [localError, setLocalError] = useState<string | null>(null);
  const [dismissedNonce, setDismissedNonce] = useState<number | null>(null);
  const [seen, setSeen] = useState(state);
  const input = useRef<HTMLInputElement>(null);

  // A successful create clears the field; a failed one keeps what was typed.
  if (state !== seen) {
    setSeen(state);
    if (state.status === "created") setName("");
  }

  const serverFieldError = state.status === "error" && state.field === "name" ? state.message : null;
  const fieldError = localError ?? serverFieldError;
  const formError = state.status === "error" && state.field !== "name" ? state.message : null;

  useEffect(() => {
    if (state.status === "error" && state.field === "name") input.current?.focus();
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
    // field, so a rejected name stays editable.
    startTransition(() => formAction(data));
  }

  const showPanel = state.status === "created" && dismissedNonce !== state.nonce;

  return (
    <div className="flex flex-col gap-5">
      {showPanel ? (
        <NewKeyPanel name={state.name} apiKey={state.key} onDismiss={() => setDismissedNonce(state.nonce)} />
      ) : null}
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3 sm:flex-row sm:items-start">
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
      </form>
      {formError ? <Alert>{formError}</Alert> : null}
    </div>
  );
}
