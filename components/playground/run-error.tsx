import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import type { RunError } from "@/lib/playground/run-state";

/** The run's own failure (before or after it started): the gateway's message, and what to do for a 402. */
export function RunErrorAlert({ error }: { error: RunError }) {
  return (
    <Alert tone="danger">
      <p className="font-medium">{error.status ? `The run failed (${error.status})` : "The run failed"}</p>
      <p className="mt-1 break-words">{error.message}</p>
      {error.status === 402 ? (
        <p className="mt-2">
          <Link href="/dashboard/billing" className="font-medium underline underline-offset-2">Add credits</Link> to keep going.
        </p>
      ) : null}
    </Alert>
  );
}
