"use client";

import { ErrorView } from "@/components/ui/error-view";

// Catches errors in every page and nested layout (the dashboard layout included).
export default function RootError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <main className="flex min-h-dvh items-center justify-center">
      <ErrorView error={error} retry={retry} />
    </main>
  );
}
