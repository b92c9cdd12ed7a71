"use client";

import { useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { AlertIcon } from "@/components/ui/icons";
import { FirstCallSnippet, type FirstCallSetup } from "@/components/dashboard/keys/first-call-snippet";

/** The one and only time a full key is on screen, with a first call that uses it. */
export function NewKeyPanel({ name, apiKey, allowedModels, firstCall, onDismiss }: {
  name: string; apiKey: string; allowedModels: readonly string[]; firstCall: FirstCallSetup | null; onDismiss: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, [apiKey]);

  return (
    <section
      aria-labelledby="new-key-heading"
      className="min-w-0 rounded-xl border border-brand-500/40 bg-brand-500/[0.06] p-4 sm:p-5"
    >
      <h3 id="new-key-heading" ref={heading} tabIndex={-1} className="font-semibold text-zinc-50 focus:outline-none">
        Your new key “{name}” is ready
      </h3>
      <p className="mt-2 flex items-start gap-2 text-sm text-amber-200">
        <AlertIcon className="mt-0.5 size-4 shrink-0 text-amber-400" />
        Copy it now and store it somewhere safe. For your security it won’t be shown again.
      </p>
      <div className="mt-4 flex flex-col gap-2 sm:flex-row sm:items-center">
        <code
          data-testid="new-api-key"
          className="min-w-0 flex-1 rounded-lg border border-line-strong bg-zinc-950 px-3 py-2 font-mono text-sm break-all text-zinc-100 select-all"
        >
          {apiKey}
        </code>
        <CopyButton text={apiKey} label="Copy" variant="solid" className="shrink-0 justify-center" />
      </div>
      {firstCall ? (
        <div className="mt-5 border-t border-brand-500/20 pt-5">
          <FirstCallSnippet setup={firstCall} apiKey={apiKey} allowedModels={allowedModels} />
        </div>
      ) : null}
      <div className="mt-4 flex justify-end">
        <Button variant="ghost" size="sm" onClick={onDismiss}>
          Done, I’ve saved it
        </Button>
      </div>
    </section>
  );
}
