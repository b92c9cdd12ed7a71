// Names for API key ids seen in usage data ("" = a request whose key was since deleted).
import { displayKey } from "@/lib/api-keys/generate-key";
import { keyNames } from "@/lib/sql/key-labels";

export type KeyLabel = { name: string; display: string };

export async function keyLabels(userId: string, ids: string[]): Promise<(id: string) => KeyLabel> {
  const wanted = ids.filter((id) => id !== "");
  const rows = wanted.length ? await keyNames(userId, wanted) : [];
  const map = new Map(rows.map((r) => [r.id, { name: r.name, display: displayKey(r.prefix, r.suffix) }]));
  return (id) => map.get(id) ?? { name: "Deleted key", display: "—" };
}
