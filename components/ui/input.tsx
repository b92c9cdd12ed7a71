import type { InputHTMLAttributes, Ref } from "react";
import { cn } from "@/components/ui/cn";

type InputProps = InputHTMLAttributes<HTMLInputElement> & {
  id: string;
  label: string;
  /** Inline error shown under the field; also marks the field invalid for assistive tech. */
  error?: string | null;
  hint?: string;
  ref?: Ref<HTMLInputElement>;
};

export function Input({ id, label, error, hint, className, ref, ...rest }: InputProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={cn("flex flex-col gap-1.5", className)}>
      <label htmlFor={id} className="text-sm font-medium text-zinc-200">
        {label}
      </label>
      <input
        id={id}
        ref={ref}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className={cn(
          "h-10 w-full rounded-lg border bg-canvas px-3 text-sm text-zinc-100 placeholder:text-zinc-500",
          "transition-colors focus-visible:outline-2 focus-visible:outline-offset-0",
          error
            ? "border-red-500/70 focus-visible:outline-red-400"
            : "border-line-strong hover:border-zinc-500 focus-visible:outline-brand-400",
        )}
        {...rest}
      />
      {error ? (
        <p id={errorId} className="text-sm text-red-400">
          {error}
        </p>
      ) : null}
      {hint ? (
        <p id={hintId} className="text-xs text-zinc-400">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
