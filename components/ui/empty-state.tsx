import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";

export function EmptyState({
  icon,
  title,
  children,
  action,
  className,
}: {
  icon?: ReactNode;
  title: string;
  children?: ReactNode;
  action?: ReactNode;
  className?: string;
}) {
  return (
    <div className={cn("flex flex-col items-center px-6 py-12 text-center", className)}>
      {icon ? (
        <div className="mb-4 flex size-12 items-center justify-center rounded-full bg-brand-500/10 text-brand-400 ring-1 ring-brand-500/20">
          {icon}
        </div>
      ) : null}
      <h3 className="text-base font-semibold text-zinc-100">{title}</h3>
      {children ? <div className="mt-1 max-w-md text-sm text-zinc-400">{children}</div> : null}
      {action ? <div className="mt-5">{action}</div> : null}
    </div>
  );
}
