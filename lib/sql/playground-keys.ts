// api_keys rows of kind 'playground': the hidden per-account key the dashboard playground calls
// the gateway with (lib/playground/playground-key.ts). Users never see, change or revoke it;
// its secret is a hash of random bytes nobody holds, so it cannot be sent as a Bearer key.
import { definedQuery } from "@/lib/sql/query";
import { str } from "@/lib/sql/rows";

const live = definedQuery<[userId: string], string>({
  name: "playground_key_hash",
  text: "SELECT hash FROM api_keys WHERE user_id = $1 AND kind = 'playground' AND revoked_at IS NULL",
  parse: (r) => str(r, "hash"),
});

// ON CONFLICT on the partial unique index api_keys_playground_key: two first runs at once
// create one key; the loser reads the winner's row with its next statement.
const create = definedQuery<[id: string, userId: string, hash: string], string>({
  name: "playground_key_create",
  text: `INSERT INTO api_keys (id, user_id, name, hash, prefix, suffix, kind)
VALUES ($1, $2, 'Playground', $3, 'playground', 'dashboard', 'playground')
ON CONFLICT (user_id) WHERE kind = 'playground' AND revoked_at IS NULL DO NOTHING
RETURNING hash`,
  parse: (r) => str(r, "hash"),
});

/** The hash of the account's live playground key, or null when it has none yet. */
export function findPlaygroundKeyHash(userId: string): Promise<string | null> {
  return live.first([userId]);
}

/** Creates the account's playground key unless one exists; returns the live key's hash. */
export async function createPlaygroundKey(userId: string, id: string, hash: string): Promise<string> {
  const made = await create.first([id, userId, hash]);
  if (made !== null) return made;
  const existing = await live.first([userId]);
  if (existing === null) throw new Error("playground key: neither created nor found");
  return existing;
}
