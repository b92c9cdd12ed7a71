import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";

type AlertTone = "danger" | "warning" | "info";

const tones: Record<AlertTone, string> = {
  danger: "border-red-500/40 bg-red-500/10 text-red-200",
  warning: "border-amber-500/40 bg-amber-500/10 text-amber-100",
  info: "border-brand-500/30 bg-brand-500/10 text-brand-200",
};

/** An inline message. `danger` alerts are announced immediately to screen readers. */
export function Alert({ tone = "danger", children, className }: { tone?: AlertTone; children: ReactNode; className?: string }) {
  return (
    <div role={tone === "danger" ? "alert" : "status"} className={cn("rounded-lg border px-3.5 py-2.5 text-sm", tones[tone], className)}>
      {children}
    </div>
  );
}
