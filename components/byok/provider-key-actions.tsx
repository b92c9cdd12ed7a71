"use client";

import { useState, useTransition } from "react";
import { deleteProviderKeyAction, verifyProviderKeyAction, type ProviderActionResult } from "@/app/dashboard/providers/actions";
import { Button } from "@/components/ui/button";

export function ProviderKeyActions({ provider, name }: { provider: string; name: string }) {
  const [pending, start] = useTransition();
  const [result, setResult] = useState<ProviderActionResult | null>(null);
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="flex items-center justify-end gap-2">
      {result ? (
        <span role="status" className={result.ok ? "text-xs text-brand-300" : result.tone === "warning" ? "text-xs text-amber-200" : "text-xs text-red-300"}>
          {result.message}
        </span>
      ) : null}
      <Button size="sm" variant="secondary" pending={pending && !confirming} onClick={() => start(async () => setResult(await verifyProviderKeyAction(provider)))}>
        Verify<span className="sr-only"> {name} key</span>
      </Button>
      {confirming ? (
        <Button size="sm" variant="danger" pending={pending} onClick={() => start(async () => { setResult(await deleteProviderKeyAction(provider)); setConfirming(false); })}>
          Confirm remove
        </Button>
      ) : (
        <Button size="sm" variant="ghost" onClick={() => setConfirming(true)}>Remove<span className="sr-only"> {name} key</span></Button>
      )}
    </div>
  );
}
