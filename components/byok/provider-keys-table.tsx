import { ProviderKeyActions } from "@/components/byok/provider-key-actions";
import { Badge } from "@/components/ui/badge";
import { DataTable, srOnly, tableCell as td } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { KeyIcon } from "@/components/ui/icons";
import type { ProviderKeyView } from "@/lib/byok/store";
import { formatDateTime } from "@/lib/dashboard/format";

// Rows written before verification told outages from refusals apart may hold an outage
// message as their error: those were never refused, so they read "Not verified".
const NOT_A_VERDICT = /could not reach|try again later|could not be checked/i;

/** One status per key: Verified, Rejected (the provider refused it, with its answer), or Not verified. */
function KeyStatus({ verifiedAt, verifyError }: { verifiedAt: Date | null; verifyError: string | null }) {
  if (verifyError && !NOT_A_VERDICT.test(verifyError)) {
    return <><Badge tone="danger">Rejected</Badge><span className="ml-2 text-xs text-zinc-400">{verifyError}</span></>;
  }
  if (verifiedAt && !verifyError) return <Badge tone="success">Verified</Badge>;
  return <Badge>Not verified</Badge>;
}

export function ProviderKeysTable({ keys, names }: { keys: ProviderKeyView[]; names: Record<string, string> }) {
  if (keys.length === 0) {
    return <EmptyState icon={<KeyIcon />} title="No provider keys">Without your own keys, requests use Switchyard's providers and are paid with credits.</EmptyState>;
  }
  return (
    <DataTable caption="Your provider keys" minWidth="min-w-[640px]"
      columns={[{ label: "Provider" }, { label: "Key" }, { label: "Added" }, { label: "Status" }, { label: srOnly("Actions"), align: "right" }]}>
      <tbody className="divide-y divide-line text-zinc-300">
        {keys.map((k) => (
          <tr key={k.provider}>
            <th scope="row" className={`${td} text-left font-medium text-zinc-100`}>{names[k.provider] ?? k.provider}</th>
            <td className={`${td} font-mono text-xs`}>{k.suffix}</td>
            <td className={`${td} whitespace-nowrap text-zinc-400`}><time dateTime={k.createdAt.toISOString()}>{formatDateTime(k.createdAt)}</time></td>
            <td className={td}><KeyStatus verifiedAt={k.verifiedAt} verifyError={k.verifyError} /></td>
            <td className={`${td} text-right`}><ProviderKeyActions provider={k.provider} name={names[k.provider] ?? k.provider} /></td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
