"use client";

import { startTransition, useActionState, useEffect, useRef, useState, useTransition, type FormEvent } from "react";
import { createPortal } from "react-dom";
import { setKeyDisabledAction, updateKeyAction, type UpdateKeyState } from "@/app/dashboard/keys/actions";
import type { KeyRow, ModelOption } from "@/lib/api-keys/key-rows";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { KeySettingsFields } from "@/components/dashboard/keys/key-settings-fields";
import { RevokeButton } from "@/components/dashboard/keys/revoke-button";

const idle: UpdateKeyState = { status: "idle" };

/**
 * The edit dialog: a native <dialog> (focus stays inside, Escape closes, focus returns to "Edit"),
 * portalled to <body> so it does not depend on the table or card it was opened from (one of
 * which is hidden at each width).
 */
function EditKeyDialog({ row, models, onClose }: { row: KeyRow; models: ModelOption[]; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [state, formAction, pending] = useActionState(updateKeyAction, idle);
  const prefix = `edit-${row.id}`;

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);
  useEffect(() => {
    if (state.status === "saved") dialog.current?.close();
    else if (state.status === "error" && state.field) {
      document.getElementById(state.field === "name" ? `${prefix}-name` : `${prefix}-${state.field}`)?.focus();
    }
  }, [state, prefix]);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    startTransition(() => formAction(data));
  }

  const error = state.status === "error" ? { field: state.field, message: state.message } : null;
  return createPortal(
    <dialog ref={dialog} onClose={onClose} aria-labelledby={`${prefix}-title`}
      className="m-auto max-h-[92dvh] w-[min(100%-1.5rem,46rem)] rounded-xl border border-line bg-surface p-0 text-left text-zinc-100 shadow-2xl backdrop:bg-black/70">
      <form onSubmit={onSubmit} noValidate className="flex flex-col">
        <div className="flex items-start justify-between gap-3 border-b border-line px-5 py-4">
          <div className="min-w-0">
            <h2 id={`${prefix}-title`} className="text-base font-semibold">Edit “{row.name}”</h2>
            <p className="mt-0.5 font-mono text-xs text-zinc-400">{row.display}</p>
          </div>
          <Button variant="ghost" size="sm" onClick={() => dialog.current?.close()} aria-label="Close">✕</Button>
        </div>
        <div className="flex flex-col gap-6 px-5 py-5">
          <input type="hidden" name="key_id" value={row.id} />
          <Input id={`${prefix}-name`} name="name" label="Key name" defaultValue={row.name} maxLength={64} autoComplete="off"
            error={error?.field === "name" ? error.message : null} />
          <KeySettingsFields prefix={prefix} kind="update" initial={row} models={models} error={error} />
          {error && (!error.field || error.field === "mode" || error.field === "can_manage") ? <Alert>{error.message}</Alert> : null}
        </div>
        <div className="sticky bottom-0 flex justify-end gap-2 border-t border-line bg-surface px-5 py-3">
          <Button variant="ghost" onClick={() => dialog.current?.close()}>Cancel</Button>
          <Button type="submit" pending={pending}>Save changes</Button>
        </div>
      </form>
    </dialog>,
    document.body,
  );
}

/** Edit, disable/enable and revoke, for one row of the keys table. */
export function KeyActions({ row, models }: { row: KeyRow; models: ModelOption[] }) {
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const editButton = useRef<HTMLButtonElement>(null);
  if (row.revokedAt) return null;
  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex flex-wrap items-start justify-end gap-2 md:flex-nowrap">
        <Button ref={editButton} variant="secondary" size="sm" onClick={() => setEditing(true)} aria-label={`Edit ${row.name}`}>
          Edit
        </Button>
        <Button variant="ghost" size="sm" pending={pending} aria-label={`${row.disabled ? "Enable" : "Disable"} ${row.name}`}
          onClick={() => start(async () => {
            const r = await setKeyDisabledAction(row.id, !row.disabled);
            setError(r.ok ? null : r.message);
          })}>
          {row.disabled ? "Enable" : "Disable"}
        </Button>
        <RevokeButton keyId={row.id} keyName={row.name} />
      </div>
      {error ? <p role="alert" className="text-xs text-red-400">{error}</p> : null}
      {editing ? (
        <EditKeyDialog row={row} models={models} onClose={() => {
          setEditing(false);
          editButton.current?.focus();
        }} />
      ) : null}
    </div>
  );
}
