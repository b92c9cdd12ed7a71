"use client";

import { useEffect } from "react";
import { Button, ButtonLink } from "@/components/ui/button";
import { AlertIcon } from "@/components/ui/icons";

/** Friendly fallback for error boundaries. Never shows the raw error; the digest helps support. */
export function ErrorView({ error, retry, homeHref = "/" }: { error: unknown; retry: () => void; homeHref?: string }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest =
    typeof error === "object" && error !== null && "digest" in error && typeof error.digest === "string"
      ? error.digest
      : null;
  return (
    <div role="alert" className="mx-auto flex max-w-md flex-col items-center px-6 py-20 text-center">
      <div className="flex size-12 items-center justify-center rounded-full bg-amber-500/10 text-amber-400 ring-1 ring-amber-500/25">
        <AlertIcon />
      </div>
      <h1 className="mt-5 text-xl font-semibold text-zinc-50">Something went wrong</h1>
      <p className="mt-2 text-sm text-zinc-400">
        We could not load this page. It is probably temporary — try again in a moment.
      </p>
      {digest ? <p className="mt-3 font-mono text-xs text-zinc-400">Reference: {digest}</p> : null}
      <div className="mt-6 flex gap-3">
        <Button onClick={() => retry()}>Try again</Button>
        <ButtonLink href={homeHref} variant="secondary">
          Go back home
        </ButtonLink>
      </div>
    </div>
  );
}
