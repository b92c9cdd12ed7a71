// "Purge my logs": removes every request log and the usage rollups built from them. The
// credit ledger stays (it is the accounting record of what was charged).
import { withTransaction } from "@/lib/db";

export function purgeLogs(userId: string): Promise<{ deleted: number }> {
  return withTransaction(async (client) => {
    const { rowCount } = await client.query("DELETE FROM request_logs WHERE user_id = $1", [userId]);
    await client.query("DELETE FROM usage_rollups WHERE user_id = $1", [userId]);
    await client.query("DELETE FROM latency_rollups WHERE user_id = $1", [userId]);
    await client.query("DELETE FROM usage_rollups_daily WHERE user_id = $1", [userId]);
    await client.query("DELETE FROM latency_rollups_daily WHERE user_id = $1", [userId]);
    return { deleted: rowCount ?? 0 };
  });
}
