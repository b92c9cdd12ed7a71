// Names for API key ids seen in usage data ("" = a request whose key was since deleted).
import { pool } from "@/lib/db";
import { displayKey } from "@/lib/api-keys/generate-key";

export type KeyLabel = { name: string; display: string };

export async function keyLabels(userId: string, ids: string[]): Promise<(id: string) => KeyLabel> {
  const wanted = ids.filter((id) => id !== "");
  const { rows } = wanted.length
    ? await pool().query<{ id: string; name: string; prefix: string; suffix: string }>(
      "SELECT id, name, prefix, suffix FROM api_keys WHERE user_id = $1 AND id = ANY($2::text[])", [userId, wanted])
    : { rows: [] };
  const map = new Map(rows.map((r) => [r.id, { name: r.name, display: displayKey(r.prefix, r.suffix) }]));
  return (id) => map.get(id) ?? { name: "Deleted key", display: "—" };
}
