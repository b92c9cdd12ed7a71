import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";

export function AuthCard({ title, subtitle, children, footer }: {
  title: string;
  subtitle?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <>
      <Card className="p-6 sm:p-8">
        <h1 className="text-xl font-semibold tracking-tight text-zinc-50">{title}</h1>
        {subtitle ? <p className="mt-1.5 text-sm text-zinc-400">{subtitle}</p> : null}
        <div className="mt-6">{children}</div>
      </Card>
      {footer ? <p className="mt-6 text-center text-sm text-zinc-400">{footer}</p> : null}
    </>
  );
}
