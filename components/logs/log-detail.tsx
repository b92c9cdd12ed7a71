import { z } from "zod";
import type { ReactNode } from "react";
import { ms } from "@/components/charts/format";
import { LogTree } from "@/components/logs/log-tree";
import { StatusBadge } from "@/components/logs/status-badge";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/code-block";
import { TableScroll } from "@/components/ui/data-table";
import { formatDateTime } from "@/lib/dashboard/format";
import { formatCostUsd, unitsPerTokenToUsdPerMillion } from "@/lib/billing/money";
import type { LogDetail as Detail } from "@/lib/usage/get-log";

const attemptsSchema = z.array(z.object({
  model: z.string(), provider: z.string(), status: z.number().nullable(), error: z.string().optional(),
  latencyMs: z.number(), ttftMs: z.number().optional(),
}));
const priceSchema = z.object({
  modelId: z.string(), catalogVersion: z.string(), inputPerToken: z.string(), outputPerToken: z.string(),
  cachedInputPerToken: z.string().nullable(), cacheWritePerToken: z.string().nullable(),
  /** The markup billed on top of the catalog price (PRICE_MARKUP_BPS); absent in older logs. */
  markupBps: z.number().int().optional(),
});

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-zinc-400">{label}</dt>
      <dd className="mt-0.5 text-sm break-words text-zinc-100">{children}</dd>
    </div>
  );
}

/** A stored body, or why there is none (never a bare `null`). */
function BodyBlock({ title, value, note }: { title: string; value: unknown; note: string | null }) {
  if (value === null || value === undefined) {
    return (
      <div className="min-w-0">
        <h3 className="text-xs font-medium text-zinc-400">{title}</h3>
        <p className="mt-2 text-sm text-zinc-400" data-testid={`body-note-${title.toLowerCase()}`}>{note ?? "Not recorded."}</p>
      </div>
    );
  }
  return <CodeBlock title={title} code={JSON.stringify(value, null, 2) ?? ""} className="min-w-0" />;
}

function bodiesDescription(log: Detail): string | undefined {
  if (log.refusedCount > 1) {
    return `This row counts ${log.refusedCount.toLocaleString("en-US")} calls refused by the key's rate limit in one minute; the response is the first one's.`;
  }
  if (log.stream && log.status < 400 && log.responseBody !== null) return "The streamed answer, assembled into one chat.completion document.";
  return undefined;
}

const perM = (units: string | null) => (units === null ? "—" : `$${unitsPerTokenToUsdPerMillion(BigInt(units))} / M`);

export function LogDetailView({ log }: { log: Detail }) {
  const attempts = attemptsSchema.safeParse(log.attempts);
  const price = priceSchema.safeParse(log.price);
  return (
    <div className="flex flex-col gap-6">
      <Card>
        <CardHeader title="Summary" action={<StatusBadge status={log.status} />} />
        <dl className="grid grid-cols-2 gap-x-6 gap-y-4 px-5 py-4 sm:grid-cols-3 lg:grid-cols-4">
          <Field label="Time">{formatDateTime(log.createdAt, { seconds: true })}</Field>
          <Field label="Endpoint"><span className="font-mono text-xs">{log.endpoint}</span></Field>
          <Field label="Requested model"><span className="font-mono text-xs">{log.requestedModel}</span></Field>
          <Field label="Served by"><span className="font-mono text-xs">{log.resolvedModel ?? "—"}{log.provider ? ` · ${log.provider}` : ""}</span></Field>
          <Field label="Latency">{ms(log.latencyMs)}</Field>
          <Field label="Time to first token">{ms(log.ttftMs)}</Field>
          <Field label="Streaming">{log.stream ? "Yes" : "No"}</Field>
          <Field label="Key">{log.apiKey ? `${log.apiKey.name} (${log.apiKey.display})` : "—"}</Field>
          {log.errorClass ? <Field label="Error class"><Badge tone="danger">{log.errorClass}</Badge></Field> : null}
          {log.errorMessage ? <div className="col-span-2 sm:col-span-3 lg:col-span-4"><Field label="Error">{log.errorMessage}</Field></div> : null}
        </dl>
      </Card>

      <LogTree log={log} />

      <Card>
        <CardHeader title="Attempts" description="Each upstream try, in order. Failover moves to the next model until the first byte is sent." />
        {attempts.success && attempts.data.length > 0 ? (
          <TableScroll label="Attempts">
            <table className="w-full min-w-[560px] text-sm" aria-label="Attempts">
              <thead className="text-left text-xs text-zinc-400">
                <tr className="border-b border-line">
                  <th scope="col" className="px-5 py-2 font-medium">#</th>
                  <th scope="col" className="px-3 py-2 font-medium">Model</th>
                  <th scope="col" className="px-3 py-2 font-medium">Status</th>
                  <th scope="col" className="px-3 py-2 font-medium">Error</th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">Latency</th>
                  <th scope="col" className="px-5 py-2 text-right font-medium">TTFT</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-line">
                {attempts.data.map((a, i) => (
                  <tr key={i} data-testid="attempt-row">
                    <td className="px-5 py-2 text-zinc-400 tabular-nums">{i + 1}</td>
                    <td className="px-3 py-2 font-mono text-xs text-zinc-200">{a.model} <span className="text-zinc-400">· {a.provider}</span></td>
                    <td className="px-3 py-2">{a.status === null ? <Badge tone="danger">no response</Badge> : <StatusBadge status={a.status} />}</td>
                    <td className="max-w-[260px] truncate px-3 py-2 text-zinc-400">{a.error ?? "—"}</td>
                    <td className="px-3 py-2 text-right font-mono text-xs tabular-nums">{ms(a.latencyMs)}</td>
                    <td className="px-5 py-2 text-right font-mono text-xs tabular-nums">{ms(a.ttftMs)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ) : (
          <p className="px-5 py-4 text-sm text-zinc-400">No upstream attempt was made (the request was refused before routing).</p>
        )}
      </Card>

      {/* min-w-0: grid items would otherwise grow to their longest value and widen a phone's page. */}
      <div className="grid gap-6 lg:grid-cols-2 [&>*]:min-w-0">
        <Card>
          <CardHeader title="Tokens and cost" />
          <dl className="grid grid-cols-2 gap-x-6 gap-y-4 px-5 py-4">
            <Field label="Input tokens">{log.inputTokens.toLocaleString("en-US")}</Field>
            <Field label="Output tokens">{log.outputTokens.toLocaleString("en-US")}</Field>
            <Field label="Cached input tokens">{log.cachedTokens.toLocaleString("en-US")}</Field>
            <Field label="Usage source">
              <Badge tone={log.usageSource === "provider" ? "success" : "warning"}>{log.usageSource}</Badge>
            </Field>
            <Field label="Cost"><span className="font-mono" data-testid="log-cost">{formatCostUsd(BigInt(log.costUnits))}</span></Field>
            <Field label="Cost (units of 1e-12 USD)"><span className="font-mono text-xs">{log.costUnits}</span></Field>
          </dl>
          <div className="border-t border-line px-5 py-4">
            <h3 className="text-xs font-medium tracking-wide text-zinc-400 uppercase">Price snapshot</h3>
            {price.success ? (
              <dl className="mt-3 grid grid-cols-2 gap-x-6 gap-y-3">
                <Field label="Model · catalog">{price.data.modelId} · {price.data.catalogVersion}</Field>
                <Field label="Input">{perM(price.data.inputPerToken)}</Field>
                <Field label="Output">{perM(price.data.outputPerToken)}</Field>
                <Field label="Cached input">{perM(price.data.cachedInputPerToken)}</Field>
                {price.data.markupBps ? <Field label="Markup">{price.data.markupBps / 100} %</Field> : null}
              </dl>
            ) : <p className="mt-2 text-sm text-zinc-400">No price recorded.</p>}
          </div>
        </Card>
        <Card>
          <CardHeader title="Response headers" description="What we sent back (your key is never stored)." />
          <dl className="divide-y divide-line">
            {Object.entries(log.headers).map(([k, v]) => (
              <div key={k} className="flex justify-between gap-4 px-5 py-2.5 text-sm">
                <dt className="shrink-0 font-mono text-xs text-zinc-400">{k}</dt>
                <dd className="min-w-0 truncate font-mono text-xs text-zinc-200" title={v}>{v}</dd>
              </div>
            ))}
          </dl>
        </Card>
      </div>

      <Card>
        <CardHeader title="Bodies" description={bodiesDescription(log)} />
        {log.bodiesStored ? (
          <div className="grid gap-4 p-5 lg:grid-cols-2">
            <BodyBlock title="Request" value={log.requestBody} note={log.requestNote} />
            <BodyBlock title="Response" value={log.responseBody} note={log.responseNote} />
          </div>
        ) : (
          <p className="px-5 py-4 text-sm text-zinc-400">
            {log.bodyTruncated
              ? "Not stored: the database refused this request's bodies, so its log was kept without them."
              : "Not stored: zero retention was on for this request (change it in Settings)."}
          </p>
        )}
      </Card>
    </div>
  );
}
