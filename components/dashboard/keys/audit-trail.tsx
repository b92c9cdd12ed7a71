import type { AuditRow } from "@/lib/api-keys/key-rows";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "@/lib/dashboard/format";

const ACTION: Record<AuditRow["action"], [string, BadgeTone]> = {
  created: ["created", "success"], updated: ["changed", "brand"], disabled: ["disabled", "warning"], enabled: ["enabled", "success"],
  revoked: ["revoked", "danger"],
};

/** Who changed which key, when, and what: the latest 50 changes, newest first. */
export function AuditTrail({ entries }: { entries: AuditRow[] }) {
  if (entries.length === 0) {
    return <EmptyState title="No changes yet">Creating, editing, disabling and revoking keys is recorded here.</EmptyState>;
  }
  return (
    <ol className="divide-y divide-line" aria-label="Key changes, newest first" data-testid="key-audit">
      {entries.map((e) => {
        const [verb, tone] = ACTION[e.action];
        return (
          <li key={e.id} className="flex flex-col gap-2 px-5 py-3.5 sm:flex-row sm:gap-6">
            <time dateTime={e.at} className="shrink-0 text-xs text-zinc-400 tabular-nums sm:w-44 sm:pt-0.5">
              {formatDateTime(new Date(e.at))}
            </time>
            <div className="min-w-0 flex-1">
              <p className="text-sm text-zinc-200">
                <span className="font-medium text-zinc-100">“{e.keyName}”</span> <Badge tone={tone}>{verb}</Badge>
                <span className="text-zinc-400"> by {e.who}</span>
              </p>
              {e.changes.length ? (
                <dl className="mt-1.5 grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-0.5 text-xs">
                  {e.changes.map((c) => (
                    <div key={c.field} className="contents">
                      <dt className="font-mono text-zinc-400">{c.field}</dt>
                      <dd className="min-w-0 break-words text-zinc-300">
                        {e.action === "created" ? c.after : <><span className="text-zinc-400 line-through decoration-zinc-600">{c.before}</span> → {c.after}</>}
                      </dd>
                    </div>
                  ))}
                </dl>
              ) : null}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
