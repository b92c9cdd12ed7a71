// CSV export of usage rows, streamed: rows are read in keyset batches and written as they
// come, so memory stays flat however long the range.
import { unitsToUsdString } from "@/lib/billing/money";
import type { TimeRange } from "@/lib/usage/range";
import type { UsageFilters } from "@/lib/usage/usage-filters";
import { toUsageRows, usageRowsBatch } from "@/lib/usage/get-usage-breakdown";

const BATCH = 1000;
export const CSV_HEADER = "day,model,provider,api_key_id,api_key_name,requests,errors,input_tokens,output_tokens,cached_tokens,cost_usd\n";

/** RFC 4180 quoting; a leading = + - @ is prefixed so spreadsheets never run it as a formula. */
export function csvCell(value: string | number): string {
  let s = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function usageCsvStream(userId: string, r: TimeRange, f: UsageFilters): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: [string, string, string, string] | null = null;
  let done = false;
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(CSV_HEADER));
        return;
      }
      if (done) return controller.close();
      const batch = await usageRowsBatch(userId, r, f, after, BATCH);
      if (batch.length < BATCH) done = true;
      const last = batch[batch.length - 1];
      if (last) after = [last.day, last.model, last.provider, last.apiKeyId];
      const rows = await toUsageRows(userId, batch);
      const text = rows.map((x) => [x.day, x.model, x.provider, x.keyId, x.keyName, x.requests, x.errors, x.inputTokens,
        x.outputTokens, x.cachedTokens, unitsToUsdString(BigInt(x.costUnits))].map(csvCell).join(",")).join("\n");
      if (text) controller.enqueue(encoder.encode(text + "\n"));
      if (done) controller.close();
    },
  });
}
