import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/dashboard/page-header";
import { LogDetailView } from "@/components/logs/log-detail";
import { ButtonLink } from "@/components/ui/button";
import { dashboardUser } from "@/lib/dashboard/current-user";
import { isAppError } from "@/lib/errors";
import { getLog, type LogDetail } from "@/lib/usage/get-log";

export const metadata: Metadata = { title: "Request" };

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s; // a malformed escape simply matches no request
  }
}

export default async function LogDetailPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await dashboardUser();
  const { id } = await params;
  let log: LogDetail;
  try {
    log = await getLog(user.id, safeDecode(id));
  } catch (err) {
    if (isAppError(err) && err.status === 404) notFound();
    throw err;
  }
  return (
    <>
      <PageHeader
        title="Request"
        description={<span className="font-mono text-xs break-all">{log.id}</span>}
        actions={<ButtonLink href="/dashboard/logs" variant="secondary" size="sm">All logs</ButtonLink>}
      />
      <LogDetailView log={log} />
    </>
  );
}
