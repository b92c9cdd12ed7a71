import type { Metadata } from "next";
import { ButtonLink } from "@/components/ui/button";

export const metadata: Metadata = { title: "Not found" };

/**
 * The dashboard's 404, inside its chrome (sidebar, balance): an unknown or another account's
 * request id (notFound() in logs/[id]) and any unknown /dashboard/… path ([...missing]).
 */
export default function DashboardNotFound() {
  return (
    <div className="mx-auto flex max-w-md flex-col items-center py-16 text-center">
      <p className="font-mono text-sm text-brand-400">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight text-zinc-50">Not found</h1>
      <p className="mt-3 text-sm text-zinc-400">
        There is nothing here in your account: the page does not exist, or the request or item you
        opened belongs to another account or was deleted.
      </p>
      <div className="mt-8 flex flex-wrap justify-center gap-3">
        <ButtonLink href="/dashboard/logs">Request logs</ButtonLink>
        <ButtonLink href="/dashboard" variant="secondary">Overview</ButtonLink>
      </div>
    </div>
  );
}
