// Choices for the logs/usage filter menus: the account's keys and the models and providers
// it has used (from the rollups, so this stays cheap on millions of logs).
import { db } from "@/lib/db";
import { usedModelsAndProviders } from "@/lib/sql/usage-rollups";
import { displayKey } from "@/lib/api-keys/generate-key";

export type FilterOptions = {
  keys: Array<{ id: string; name: string; display: string; revoked: boolean }>;
  models: string[];
  providers: string[];
};

export async function getFilterOptions(userId: string): Promise<FilterOptions> {
  const [keys, used] = await Promise.all([
    db().apiKey.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, select: { id: true, name: true, prefix: true, suffix: true, revokedAt: true } }),
    usedModelsAndProviders(userId),
  ]);
  return {
    keys: keys.map((k) => ({ id: k.id, name: k.name, display: displayKey(k.prefix, k.suffix), revoked: k.revokedAt !== null })),
    models: used.models,
    providers: used.providers,
  };
}
