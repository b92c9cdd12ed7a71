"use client";

import { useEffect, useRef, useState, useTransition } from "react";
import { revokeKeyAction } from "@/app/dashboard/keys/actions";
import { Button } from "@/components/ui/button";

/** Two-step revoke: "Revoke" reveals "Confirm revoke" and "Cancel" in place. */
export function RevokeButton({ keyId, keyName }: { keyId: string; keyName: string }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const cancelRef = useRef<HTMLButtonElement>(null);
  const revokeRef = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);

  // Move focus into the confirm step, and back to "Revoke" when it is cancelled.
  useEffect(() => {
    if (confirming) cancelRef.current?.focus();
    else if (wasConfirming.current) revokeRef.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  function confirm() {
    setError(null);
    startTransition(async () => {
      const result = await revokeKeyAction(keyId);
      if (!result.ok) setError(result.message);
      setConfirming(false);
    });
  }

  return (
    <div className="flex flex-col items-end gap-1">
      {confirming || pending ? (
        <div
          className="flex items-center gap-2"
          role="group"
          aria-label={`Revoke key ${keyName}?`}
          onKeyDown={(e) => {
            if (e.key === "Escape" && !pending) setConfirming(false);
          }}
        >
          <Button ref={cancelRef} variant="ghost" size="sm" disabled={pending} onClick={() => setConfirming(false)}>
            Cancel
          </Button>
          <Button variant="danger" size="sm" pending={pending} onClick={confirm}>
            Confirm revoke
          </Button>
        </div>
      ) : (
        <Button ref={revokeRef} variant="secondary" size="sm" onClick={() => setConfirming(true)}>
          Revoke
        </Button>
      )}
      {error ? (
        <p role="alert" className="text-xs text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}
