// "Export my data": one JSON document (profile, keys without secrets, ledger, request logs),
// streamed in batches so a million logs never sit in memory at once.
import { db, pool } from "@/lib/db";

const BATCH = 2000;
const json = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x));

export function exportUserData(userId: string): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  let stage: "head" | "logs" | "done" = "head";
  let after: { at: string; id: string } | null = null;
  let first = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (stage === "head") {
        const [user, keys, ledger] = await Promise.all([
          db().user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true, name: true, createdAt: true, zeroRetention: true, balance: true } }),
          db().apiKey.findMany({ where: { userId }, select: { id: true, name: true, prefix: true, suffix: true, createdAt: true, lastUsedAt: true, revokedAt: true } }),
          db().ledgerEntry.findMany({ where: { userId }, orderBy: { createdAt: "asc" }, select: { id: true, kind: true, amount: true, balanceAfter: true, sourceId: true, description: true, createdAt: true } }),
        ]);
        controller.enqueue(enc.encode(`{"exported_at":${json(new Date())},"unit_scale":"1e-12 USD","user":${json(user)},"api_keys":${json(keys)},"ledger":${json(ledger)},"request_logs":[`));
        stage = "logs";
        return;
      }
      if (stage === "done") return;
      const params: unknown[] = [userId, BATCH];
      if (after) params.push(after.at, after.id);
      const { rows } = await pool().query<{ at: string; id: string; row: unknown }>(
        `SELECT to_char(created_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS at, id, to_jsonb(l) - 'user_id' AS row FROM request_logs l
         WHERE user_id = $1 ${after ? "AND (created_at, id) > ($3::timestamp, $4)" : ""} ORDER BY created_at, id LIMIT $2`, params);
      const text = rows.map((r) => (first ? ((first = false), json(r.row)) : "," + json(r.row))).join("");
      if (text) controller.enqueue(enc.encode(text));
      const last = rows[rows.length - 1];
      if (last) after = { at: last.at, id: last.id };
      if (rows.length < BATCH) {
        controller.enqueue(enc.encode("]}\n"));
        stage = "done";
        controller.close();
      }
    },
  });
}
