import type { ReactNode, SelectHTMLAttributes } from "react";
import { cn } from "@/components/ui/cn";

/** A labelled native select styled like components/ui/input. */
export function SelectField({ id, label, children, className, ...rest }: SelectHTMLAttributes<HTMLSelectElement> & { id: string; label: string; children: ReactNode }) {
  return (
    <div className={cn("flex min-w-0 flex-col gap-1.5", className)}>
      <label htmlFor={id} className="text-xs font-medium text-zinc-400">{label}</label>
      <select
        id={id}
        className="h-9 w-full rounded-lg border border-line-strong bg-canvas px-2.5 text-sm text-zinc-100 hover:border-zinc-500 focus-visible:outline-2 focus-visible:outline-brand-400 [color-scheme:dark]"
        {...rest}
      >
        {children}
      </select>
    </div>
  );
}
