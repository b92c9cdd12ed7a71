// Integration-test read-back of one request_logs row as stored (every column the request log
// and its rollups depend on), waiting for the post-response writer to get it there.
import { flushCharges } from "@/lib/billing/settlement/charge-writer";
import { pool } from "@/lib/sql/pool";
import { sleep } from "@/lib/testing/chat-harness";

export type LogRow = {
  id: string; user_id: string; api_key_id: string | null; created_at: Date; endpoint: string; requested_model: string;
  resolved_model: string | null; provider: string | null; status: number; error_class: string | null; error_message: string | null;
  stream: boolean; input_tokens: number; output_tokens: number; usage_source: string; cost_units: string; reserved_units: string;
  latency_ms: number; attempts: unknown[]; request_body: unknown; response_body: unknown; request_bytes: number;
  body_truncated: boolean; refused_count: number; request_class: string | null; is_parent: boolean;
};

/** The row `id`, once written (flushing the charge writer meanwhile); throws after `timeoutMs`. */
export async function readLogRow(id: string, timeoutMs = 10_000): Promise<LogRow> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await flushCharges();
    const { rows } = await pool().query<LogRow>(
      `SELECT id, user_id, api_key_id, created_at, endpoint, requested_model, resolved_model, provider, status, error_class,
         error_message, stream, input_tokens, output_tokens, usage_source, cost_units::text, reserved_units::text, latency_ms,
         attempts, request_body, response_body, request_bytes, body_truncated, refused_count, request_class, is_parent
       FROM request_logs WHERE id = $1`, [id]);
    if (rows[0]) return rows[0];
    if (Date.now() > deadline) throw new Error(`request log ${id} was never written`);
    await sleep(20);
  }
}
