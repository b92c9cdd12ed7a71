// The orchestration tree on a log's detail page: a parent row (compare, blend, judge) lists its
// sub-calls — each a request of its own, with its model, tokens, cost and timings — and a
// sub-call links back to its parent. The parent itself carries no tokens or cost.
import Link from "next/link";
import { ms } from "@/components/charts/format";
import { StatusBadge } from "@/components/logs/status-badge";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { TableScroll } from "@/components/ui/data-table";
import { formatCostUsd } from "@/lib/billing/money";
import type { LogDetail } from "@/lib/usage/get-log";

const href = (id: string) => `/dashboard/logs/${encodeURIComponent(id)}`;
const linkClass = "text-brand-300 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-brand-400";

export function LogTree({ log }: { log: LogDetail }) {
  if (log.parentId) {
    return (
      <Card>
        <CardHeader title="Part of an orchestration call" />
        <p className="px-5 py-4 text-sm text-zinc-300">
          This request is one sub-call of a{log.parentEndpoint ? ` ${log.parentEndpoint}` : "n orchestration"} call:{" "}
          <Link href={href(log.parentId)} className={`font-mono text-xs ${linkClass}`}>{log.parentId}</Link>
        </p>
      </Card>
    );
  }
  if (!log.isParent) return null;
  let input = 0;
  let output = 0;
  let cost = 0n;
  for (const c of log.children) {
    input += c.inputTokens;
    output += c.outputTokens;
    cost += BigInt(c.costUnits);
  }
  return (
    <Card>
      <CardHeader
        title={`Sub-calls (${log.children.length})`}
        description="Each model call of this request, billed on its own. The call itself carries no tokens or cost."
      />
      {log.children.length === 0 ? (
        <p className="px-5 py-4 text-sm text-zinc-400">No sub-call is logged (yet).</p>
      ) : (
        <TableScroll label="Sub-calls">
          <table className="w-full min-w-[640px] text-sm" aria-label="Sub-calls" data-testid="sub-calls">
            <thead className="text-left text-xs text-zinc-400">
              <tr className="border-b border-line">
                <th scope="col" className="px-5 py-2 font-medium">Stage</th>
                <th scope="col" className="px-3 py-2 font-medium">Model</th>
                <th scope="col" className="px-3 py-2 font-medium">Status</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">Tokens in / out</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">Cost</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">Latency</th>
                <th scope="col" className="px-5 py-2 text-right font-medium">TTFT</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-line">
              {log.children.map((c) => (
                <tr key={c.id} data-testid="sub-call-row">
                  <td className="px-5 py-2 text-zinc-300">
                    {c.stage ? <Badge>{c.stage}{c.index !== null ? ` #${c.index}` : ""}</Badge> : "—"}
                  </td>
                  <td className="px-3 py-2 font-mono text-xs">
                    <Link href={href(c.id)} className={linkClass}>
                      {c.resolvedModel ?? c.requestedModel}
                      <span className="sr-only">, request {c.id}</span>
                    </Link>
                  </td>
                  <td className="px-3 py-2"><StatusBadge status={c.status} /></td>
                  <td className="px-3 py-2 text-right font-mono text-xs tabular-nums">
                    {c.inputTokens.toLocaleString("en-US")} / {c.outputTokens.toLocaleString("en-US")}
                  </td>
                  <td className="px-3 py-2 text-right font-mono text-xs tabular-nums">{formatCostUsd(BigInt(c.costUnits))}</td>
                  <td className="px-3 py-2 text-right font-mono text-xs tabular-nums">{ms(c.latencyMs)}</td>
                  <td className="px-5 py-2 text-right font-mono text-xs tabular-nums">{ms(c.ttftMs)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot className="border-t border-line text-zinc-200">
              <tr>
                <th scope="row" colSpan={3} className="px-5 py-2 text-left text-xs font-medium text-zinc-400">Total</th>
                <td className="px-3 py-2 text-right font-mono text-xs tabular-nums">
                  {input.toLocaleString("en-US")} / {output.toLocaleString("en-US")}
                </td>
                <td className="px-3 py-2 text-right font-mono text-xs tabular-nums" data-testid="sub-calls-cost">{formatCostUsd(cost)}</td>
                <td colSpan={2} />
              </tr>
            </tfoot>
          </table>
        </TableScroll>
      )}
    </Card>
  );
}
