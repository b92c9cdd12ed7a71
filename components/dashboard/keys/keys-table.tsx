import { Badge, type BadgeTone } from "@/components/ui/badge";
import { DataTable, srOnly } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { KeyIcon } from "@/components/ui/icons";
import { KeyActions } from "@/components/dashboard/keys/key-actions";
import type { BudgetUse, KeyRow, ModelOption } from "@/lib/api-keys/key-rows";
import type { KeyStatus } from "@/lib/api-keys/key-view";
import { formatDateTime } from "@/lib/dashboard/format";

function When({ iso, never = "Never" }: { iso: string | null; never?: string }) {
  if (!iso) return <span className="text-zinc-400">{never}</span>;
  return <time dateTime={iso}>{formatDateTime(new Date(iso))}</time>;
}

const STATUS: Record<KeyStatus, [string, BadgeTone]> = {
  active: ["Active", "success"], disabled: ["Disabled", "neutral"], expired: ["Expired", "warning"],
  over_budget: ["Over budget", "danger"], revoked: ["Revoked", "danger"],
};

function Status({ row }: { row: KeyRow }) {
  const [label, tone] = STATUS[row.status];
  return (
    <span title={row.revokedAt ? `Revoked ${formatDateTime(new Date(row.revokedAt))}` : undefined}>
      <Badge tone={tone}>{label}</Badge>
    </span>
  );
}

function Badges({ row }: { row: KeyRow }) {
  if (row.mode !== "test" && !row.canManage) return null;
  return (
    <span className="flex flex-wrap gap-1">
      {row.mode === "test" ? <Badge tone="brand">test</Badge> : null}
      {row.canManage ? <Badge tone="neutral">manages keys</Badge> : null}
    </span>
  );
}

const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });

/** "60 RPM · 20K TPM" / "2 at once · 3 models · expires …", or "No limits". */
function Limits({ row }: { row: KeyRow }) {
  const rates = [row.rpm !== null ? `${compact.format(row.rpm)} RPM` : null, row.tpm !== null ? `${compact.format(row.tpm)} TPM` : null]
    .filter(Boolean);
  const models = row.allowedModels.length ? `${row.allowedModels.length} model${row.allowedModels.length === 1 ? "" : "s"}` : "All models";
  return (
    <div className="flex flex-col gap-0.5 text-xs">
      <span className={`whitespace-nowrap ${rates.length || row.concurrency !== null ? "text-zinc-200" : "text-zinc-400"}`}>
        {rates.length || row.concurrency !== null ? rates.join(" · ") || "No rate limit" : "No limits"}
      </span>
      {row.concurrency !== null ? <span className="text-zinc-200">{row.concurrency} at once</span> : null}
      <span className="text-zinc-400">{models}</span>
      {row.expiresAt ? <span className="text-zinc-400">Expires <When iso={row.expiresAt} /></span> : null}
    </div>
  );
}

function Use({ label, use }: { label: string; use: BudgetUse }) {
  const tone = use.percent === null ? "" : use.percent >= 100 ? "bg-red-400" : use.percent >= 80 ? "bg-amber-400" : "bg-brand-400";
  return (
    <div className="flex flex-col gap-1">
      <span className="text-xs whitespace-nowrap text-zinc-400">
        {label} <span className="text-zinc-200 tabular-nums">{use.spent}</span>
        {use.budget !== null ? <span className="tabular-nums"> / {use.budget}</span> : null}
      </span>
      {use.percent !== null ? (
        <span className="h-1 w-28 overflow-hidden rounded-full bg-zinc-800" role="meter" aria-valuemin={0} aria-valuemax={100}
          aria-valuenow={use.percent} aria-label={`${label} spend: ${use.percent}% of the budget`}>
          <span className={`block h-full ${tone}`} style={{ width: `${Math.max(2, use.percent)}%` }} />
        </span>
      ) : null}
    </div>
  );
}

function Spend({ row }: { row: KeyRow }) {
  return (
    <div className="flex flex-col gap-1.5">
      <Use label="Today" use={row.use.today} />
      <Use label="Month" use={row.use.month} />
      {row.use.total.budget !== null ? <Use label="Total" use={row.use.total} /> : null}
    </div>
  );
}

/** Phones: one card per key (the table needs ~900 px). */
function KeyCards({ keys, models }: { keys: KeyRow[]; models: ModelOption[] }) {
  return (
    <ul className="divide-y divide-line md:hidden" aria-label="Your API keys">
      {keys.map((k) => (
        <li key={k.id} className="flex flex-col gap-3 px-5 py-4">
          <div className="flex items-start justify-between gap-3">
            <div className="flex min-w-0 flex-col gap-1">
              <span className={`truncate font-medium ${k.revokedAt ? "text-zinc-400" : "text-zinc-100"}`}>{k.name}</span>
              <span className="font-mono text-xs text-zinc-400">{k.display}</span>
              <Badges row={k} />
            </div>
            <Status row={k} />
          </div>
          <div className="grid grid-cols-2 gap-3">
            <Limits row={k} />
            <Spend row={k} />
          </div>
          <p className="text-xs text-zinc-400">Last used <When iso={k.lastUsedAt} never="never" /></p>
          <KeyActions row={k} models={models} />
        </li>
      ))}
    </ul>
  );
}

const td = "px-4 py-3.5 align-middle first:pl-5 last:pr-5";

export function KeysTable({ keys, models }: { keys: KeyRow[]; models: ModelOption[] }) {
  if (keys.length === 0) {
    return (
      <EmptyState icon={<KeyIcon />} title="No API keys yet">
        Create your first key above, then send it as <code className="font-mono text-zinc-300">Authorization: Bearer</code>{" "}
        with every request.
      </EmptyState>
    );
  }
  return (
    <>
      <KeyCards keys={keys} models={models} />
      <div className="hidden md:block">
        <DataTable caption="Your API keys" minWidth="min-w-[880px]" testId="keys-table"
          columns={[{ label: "Key" }, { label: "Limits" }, { label: "Spend (credits)" }, { label: "Last used" }, { label: "Status" },
            { label: srOnly("Actions"), align: "right" }]}>
          <tbody className="divide-y divide-line">
            {keys.map((k) => (
              <tr key={k.id} className={k.revokedAt ? "text-zinc-400" : "text-zinc-300"} data-key-id={k.id}>
                <th scope="row" className={`${td} max-w-56 text-left font-normal`}>
                  <span className={`block truncate font-medium ${k.revokedAt ? "text-zinc-400" : "text-zinc-100"}`}>{k.name}</span>
                  <span className="mt-0.5 block font-mono text-xs whitespace-nowrap text-zinc-400">{k.display}</span>
                  <span className="mt-1 block"><Badges row={k} /></span>
                </th>
                <td className={td}><Limits row={k} /></td>
                <td className={td}><Spend row={k} /></td>
                <td className={`${td} text-xs`}><When iso={k.lastUsedAt} /></td>
                <td className={td}><Status row={k} /></td>
                <td className={`${td} text-right`}><KeyActions row={k} models={models} /></td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      </div>
    </>
  );
}
