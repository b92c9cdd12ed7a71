// Choices for the logs/usage filter menus: the account's keys and the models and providers
// it has used (from the rollups, so this stays cheap on millions of logs).
import { db, pool } from "@/lib/db";
import { displayKey } from "@/lib/api-keys/generate-key";

export type FilterOptions = {
  keys: Array<{ id: string; name: string; display: string; revoked: boolean }>;
  models: string[];
  providers: string[];
};

export async function getFilterOptions(userId: string): Promise<FilterOptions> {
  const [keys, models, providers] = await Promise.all([
    db().apiKey.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, select: { id: true, name: true, prefix: true, suffix: true, revokedAt: true } }),
    pool().query<{ model: string }>("SELECT DISTINCT model FROM usage_rollups_daily WHERE user_id = $1 ORDER BY 1", [userId]),
    pool().query<{ provider: string }>("SELECT DISTINCT provider FROM usage_rollups_daily WHERE user_id = $1 AND provider <> '' ORDER BY 1", [userId]),
  ]);
  return {
    keys: keys.map((k) => ({ id: k.id, name: k.name, display: displayKey(k.prefix, k.suffix), revoked: k.revokedAt !== null })),
    models: models.rows.map((r) => r.model),
    providers: providers.rows.map((r) => r.provider),
  };
}
