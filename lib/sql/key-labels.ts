// The names of API keys that usage data mentions (the dashboard's key columns and menus).
import { definedQuery } from "@/lib/sql/query";
import { str } from "@/lib/sql/rows";

export type KeyNameRow = { id: string; name: string; prefix: string; suffix: string };

const names = definedQuery<[userId: string, ids: string[]], KeyNameRow>({
  name: "api_key_names",
  text: "SELECT id, name, prefix, suffix FROM api_keys WHERE user_id = $1 AND id = ANY($2::text[])",
  parse: (r) => ({ id: str(r, "id"), name: str(r, "name"), prefix: str(r, "prefix"), suffix: str(r, "suffix") }),
});

/** The account's keys among `ids` (another account's ids are not found). */
export function keyNames(userId: string, ids: string[]): Promise<KeyNameRow[]> {
  return names.all([userId, ids]);
}
