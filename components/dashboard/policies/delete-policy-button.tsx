"use client";

import { useEffect, useRef, useState, useTransition } from "react";
import { deletePolicyAction } from "@/app/dashboard/policies/actions";
import { Button } from "@/components/ui/button";

/** Two-step delete: "Delete" reveals "Confirm delete" and "Cancel" in place (Escape cancels). */
export function DeletePolicyButton({ name, keys }: { name: string; keys: number }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const cancelRef = useRef<HTMLButtonElement>(null);
  const deleteRef = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);

  useEffect(() => {
    if (confirming) cancelRef.current?.focus();
    else if (wasConfirming.current) deleteRef.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  function confirm() {
    setError(null);
    startTransition(async () => {
      const result = await deletePolicyAction(name);
      if (!result.ok) setError(result.message);
      setConfirming(false);
    });
  }

  return (
    <div className="flex flex-col items-end gap-1">
      {confirming || pending ? (
        <div className="flex flex-wrap items-center justify-end gap-2" role="group" aria-label={`Delete policy ${name}?`}
          onKeyDown={(e) => {
            if (e.key === "Escape" && !pending) setConfirming(false);
          }}>
          {keys > 0 ? <span className="text-xs text-zinc-400">{keys === 1 ? "1 key goes" : `${keys} keys go`} back to plain auto.</span> : null}
          <Button ref={cancelRef} variant="ghost" size="sm" disabled={pending} onClick={() => setConfirming(false)}>Cancel</Button>
          <Button variant="danger" size="sm" pending={pending} onClick={confirm}>Confirm delete</Button>
        </div>
      ) : (
        <Button ref={deleteRef} variant="secondary" size="sm" onClick={() => setConfirming(true)} aria-label={`Delete policy ${name}`}>
          Delete
        </Button>
      )}
      {error ? <p role="alert" className="text-xs text-red-400">{error}</p> : null}
    </div>
  );
}
