"use client";

import { useEffect, useRef, useState } from "react";
import { cn } from "@/components/ui/cn";

type CopyState = "idle" | "copied" | "failed";

/** Copies `text` with the async clipboard API and confirms with "Copied" for two seconds. */
export function CopyButton({
  text,
  label = "Copy",
  className,
  variant = "subtle",
}: {
  text: string;
  label?: string;
  className?: string;
  variant?: "subtle" | "solid";
}) {
  const [state, setState] = useState<CopyState>("idle");
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      setState("failed");
    }
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => setState("idle"), 2000);
  }

  const shown = state === "copied" ? "Copied" : state === "failed" ? "Copy failed — select the text" : label;
  return (
    <button
      type="button"
      onClick={copy}
      className={cn(
        "inline-flex items-center gap-1.5 rounded-md px-2.5 font-medium transition-colors",
        "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-400",
        variant === "solid"
          ? "h-9 bg-brand-500 text-sm text-zinc-950 hover:bg-brand-400"
          : "h-7 text-xs text-zinc-400 hover:bg-white/10 hover:text-zinc-100",
        className,
      )}
    >
      {state === "copied" ? <CheckIcon /> : <ClipboardIcon />}
      <span aria-live="polite">{shown}</span>
    </button>
  );
}

function ClipboardIcon() {
  return (
    <svg viewBox="0 0 20 20" fill="none" className="size-3.5" aria-hidden="true">
      <rect x="6" y="6" width="10" height="11" rx="2" stroke="currentColor" strokeWidth="1.6" />
      <path d="M4 13V5a2 2 0 0 1 2-2h7" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
    </svg>
  );
}

function CheckIcon() {
  return (
    <svg viewBox="0 0 20 20" fill="none" className="size-3.5" aria-hidden="true">
      <path d="m4.5 10.5 3.5 3.5 7.5-8" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
