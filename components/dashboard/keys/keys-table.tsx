import { Badge } from "@/components/ui/badge";
import { DataTable, srOnly } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { KeyIcon } from "@/components/ui/icons";
import { RevokeButton } from "@/components/dashboard/keys/revoke-button";
import type { KeySummary } from "@/lib/api-keys/manage-keys";
import { formatDateTime } from "@/lib/dashboard/format";

function When({ date }: { date: Date | null }) {
  if (!date) return <span className="text-zinc-500">Never</span>;
  return <time dateTime={date.toISOString()}>{formatDateTime(date)}</time>;
}

const td = "px-5 py-3.5 align-middle";

export function KeysTable({ keys }: { keys: KeySummary[] }) {
  if (keys.length === 0) {
    return (
      <EmptyState icon={<KeyIcon />} title="No API keys yet">
        Create your first key above, then send it as <code className="font-mono text-zinc-300">Authorization: Bearer</code>{" "}
        with every request.
      </EmptyState>
    );
  }
  return (
    <DataTable caption="Your API keys" minWidth="min-w-[720px]"
      columns={[{ label: "Name" }, { label: "Key" }, { label: "Created" }, { label: "Last used" }, { label: "Status" },
        { label: srOnly("Actions"), align: "right" }]}>
      <tbody className="divide-y divide-line">
        {keys.map((k) => {
          const revoked = k.revokedAt !== null;
          return (
            <tr key={k.id} className={revoked ? "text-zinc-500" : "text-zinc-300"}>
              <th scope="row" className={`${td} max-w-56 truncate text-left font-medium ${revoked ? "text-zinc-400" : "text-zinc-100"}`}>
                {k.name}
              </th>
              <td className={`${td} font-mono text-xs whitespace-nowrap`}>{k.display}</td>
              <td className={`${td} whitespace-nowrap`}>
                <When date={k.createdAt} />
              </td>
              <td className={`${td} whitespace-nowrap`}>
                <When date={k.lastUsedAt} />
              </td>
              <td className={td}>
                {revoked ? (
                  <span title={k.revokedAt ? `Revoked ${formatDateTime(k.revokedAt)}` : undefined}>
                    <Badge tone="danger">Revoked</Badge>
                  </span>
                ) : (
                  <Badge tone="success">Active</Badge>
                )}
              </td>
              <td className={`${td} text-right`}>
                {revoked ? null : <RevokeButton keyId={k.id} keyName={k.name} />}
              </td>
            </tr>
          );
        })}
      </tbody>
    </DataTable>
  );
}
