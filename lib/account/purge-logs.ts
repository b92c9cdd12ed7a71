// "Purge my logs": removes every request log and the usage rollups built from them. The
// credit ledger stays (it is the accounting record of what was charged).
import { pool } from "@/lib/db";

export async function purgeLogs(userId: string): Promise<{ deleted: number }> {
  const client = await pool().connect();
  try {
    await client.query("BEGIN");
    const { rowCount } = await client.query("DELETE FROM request_logs WHERE user_id = $1", [userId]);
    await client.query("DELETE FROM usage_rollups WHERE user_id = $1", [userId]);
    await client.query("DELETE FROM latency_rollups WHERE user_id = $1", [userId]);
    await client.query("DELETE FROM usage_rollups_daily WHERE user_id = $1", [userId]);
    await client.query("DELETE FROM latency_rollups_daily WHERE user_id = $1", [userId]);
    await client.query("COMMIT");
    return { deleted: rowCount ?? 0 };
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
