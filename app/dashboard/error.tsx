"use client";

import { ErrorView } from "@/components/ui/error-view";

export default function DashboardError({ error, retry }: { error: unknown; retry: () => void }) {
  return <ErrorView error={error} retry={retry} homeHref="/dashboard" />;
}
